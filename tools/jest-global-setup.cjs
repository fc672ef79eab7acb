require('./jest-aliases.cjs');

module.exports = async (...args) => {
  // Server tests run the bundle production runs; build it from the current source first.
  const { buildServer } = await import('./build-server.mjs');
  await buildServer();
  const setup = require('../libs/server/testing/src/global-setup.ts');
  return (setup.default ?? setup)(...args);
};
