// Jest's moduleNameMapper does not apply to globalSetup/globalTeardown, so
// resolve the workspace's @tessera/* aliases for them here.
const Module = require('node:module');
const path = require('node:path');
const { compilerOptions } = require('../tsconfig.base.json');

const root = path.join(__dirname, '..');
const aliases = Object.fromEntries(Object.entries(compilerOptions.paths).map(([a, [t]]) => [a, path.join(root, t)]));
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return resolve.call(this, aliases[request] ?? request, ...rest);
};
