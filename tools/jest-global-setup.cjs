// Jest's moduleNameMapper does not apply to globalSetup, so resolve the
// workspace's @tessera/* aliases here before loading the TypeScript setup.
const Module = require('node:module');
const path = require('node:path');
const { compilerOptions } = require('../tsconfig.base.json');

const root = path.join(__dirname, '..');
const aliases = Object.fromEntries(Object.entries(compilerOptions.paths).map(([a, [t]]) => [a, path.join(root, t)]));
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return resolve.call(this, aliases[request] ?? request, ...rest);
};

module.exports = async (...args) => {
  // Server tests run the bundle production runs; build it from the current source first.
  const { buildServer } = await import('./build-server.mjs');
  await buildServer();
  const setup = require('../libs/server/testing/src/global-setup.ts');
  return (setup.default ?? setup)(...args);
};
