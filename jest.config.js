// One Jest run for the whole workspace. Server tests talk to real Postgres and
// Redis; each test file gets its own database cloned from a migrated template
// (see libs/server/testing). Browser tests drive Debian's Chromium.
const { compilerOptions } = require('./tsconfig.base.json');
const fs = require('node:fs');
const path = require('node:path');
const swcOptions = require('./tools/swc-options.cjs');

function esmOnlyPackages(dir) {
  const names = [];
  for (const entry of fs.readdirSync(dir)) {
    if (entry.startsWith('.')) continue;
    const scoped = entry.startsWith('@') ? fs.readdirSync(path.join(dir, entry)).map((n) => `${entry}/${n}`) : [entry];
    for (const name of scoped) {
      try {
        const pkg = JSON.parse(fs.readFileSync(path.join(dir, name, 'package.json'), 'utf8'));
        const hasRequire = JSON.stringify(pkg.exports ?? {}).includes('"require"');
        if (pkg.type === 'module' && !hasRequire) names.push(name);
      } catch {
        /* not a package */
      }
    }
  }
  return names;
}

const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [
    `^${alias.replace(/[/.]/g, '\\$&')}$`,
    `<rootDir>/${target}`,
  ]),
);
const transform = { '^.+\\.(m?[tj]sx?)$': ['@swc/jest', { ...swcOptions, swcrc: false }] };
// Packages that ship only ES modules (NestJS 12, jose, …) are compiled to
// CommonJS like our own code; the rest of node_modules is loaded untouched.
const esmOnly = esmOnlyPackages(path.join(__dirname, 'node_modules'));
const transformIgnorePatterns = [`/node_modules/(?!(${esmOnly.map((n) => n.replace(/[.+]/g, '\\$&')).join('|')})/)`];
const common = { rootDir: __dirname, moduleNameMapper, transform, transformIgnorePatterns, testEnvironment: 'node' };

module.exports = {
  maxWorkers: 2,
  // Server and browser tests start real processes; a slow CI machine needs room (on a loaded 2-core machine
  // an API process has taken over a minute to start, which failed a beforeAll, not a test).
  testTimeout: 120000,
  globalSetup: '<rootDir>/tools/jest-global-setup.cjs',
  globalTeardown: '<rootDir>/tools/jest-global-teardown.cjs',
  transform,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/libs/{contracts,dicom,quality,formats,ml}/**/*.spec.ts', '<rootDir>/libs/web/**/*.spec.ts'],
      // A browser library's tests against the real API (`*.server.spec.ts`) are server tests.
      testPathIgnorePatterns: ['\\.server\\.spec\\.ts$'],
    },
    {
      ...common,
      displayName: 'server',
      testMatch: ['<rootDir>/{apps,libs/server}/**/*.spec.ts', '<rootDir>/seeds/**/*.spec.ts', '<rootDir>/libs/web/**/*.server.spec.ts'],
      testPathIgnorePatterns: ['/apps/web/'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/e2e/**/*.e2e.ts'],
    },
  ],
};
