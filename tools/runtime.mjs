#!/usr/bin/env node
// The Node.js the project runs on: 24 LTS (22.22+ supported). On a machine whose own
// Node is older, `npm test`, `npm run up` and CI take Node 24 from the npm package
// node-<platform>-<arch> (a binary inside a registry package; nothing else is
// downloaded) into .tools/, and re-run themselves with it.
//
//   node tools/runtime.mjs bin   prints the folder of the Node to put first on PATH
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, delimiter } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Pinned, so that every machine and CI run test on the same Node. */
export const NODE_PACKAGE_VERSION = '24.22.3';

export function isSupported(version = process.versions.node) {
  const [major, minor] = version.split('.').map(Number);
  return major >= 24 || (major === 22 && minor >= 22);
}

function packageName() {
  const os = { linux: 'linux', darwin: 'darwin', win32: 'win' }[process.platform];
  if (!os) throw new Error(`no Node.js package for ${process.platform}; install Node.js 24 yourself`);
  return `node-${os}-${process.arch}`;
}

/** The folder holding a supported `node`: this one's, or the packaged Node 24 (installed on first use). */
export function supportedNodeBin() {
  if (isSupported()) return dirname(process.execPath);
  const prefix = join(root, '.tools', `node-${NODE_PACKAGE_VERSION}`);
  const name = packageName();
  const bin = join(prefix, 'node_modules', name, 'bin');
  if (!existsSync(join(bin, 'node'))) {
    console.error(`[tessera] Node ${process.versions.node} is older than the project needs; taking Node ${NODE_PACKAGE_VERSION} from the npm package ${name}`);
    const npm = spawnSync('npm', ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--loglevel=error', `${name}@${NODE_PACKAGE_VERSION}`], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (npm.status !== 0 || !existsSync(join(bin, 'node'))) throw new Error(`could not install ${name}@${NODE_PACKAGE_VERSION} from the npm registry`);
  }
  return bin;
}

/** The environment children should get: the supported Node first on PATH, so `npm` and `npx` run on it too. */
export function runtimeEnv(env = process.env) {
  const bin = supportedNodeBin();
  return { ...env, PATH: `${bin}${delimiter}${env.PATH ?? ''}` };
}

/**
 * Runs the calling script again on a supported Node if this one is too old, and exits with its
 * status; returns (doing nothing) when this Node is fine.
 */
export function runOnSupportedNode(scriptUrl) {
  if (isSupported()) {
    // Children (`npm`, `npx`) must find this Node first, not an older one elsewhere on PATH.
    process.env.PATH = `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`;
    return;
  }
  const env = runtimeEnv();
  const node = join(supportedNodeBin(), 'node');
  const child = spawnSync(node, [fileURLToPath(scriptUrl), ...process.argv.slice(2)], { stdio: 'inherit', env });
  process.exit(child.status ?? 1);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv[2] === 'bin') console.log(supportedNodeBin());
  else {
    console.error('usage: node tools/runtime.mjs bin');
    process.exit(2);
  }
}
