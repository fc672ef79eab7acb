require('./jest-aliases.cjs');

module.exports = async (...args) => {
  const teardown = require('../libs/server/testing/src/global-teardown.ts');
  return (teardown.default ?? teardown)(...args);
};
