// What `npm run up` and `npm test` need from the machine: Postgres, Redis and (for the
// browser tests) Chromium. Each is used if it runs, started if it is installed, installed
// with apt when we are root on Debian or Ubuntu, and otherwise named with the exact
// command that installs it.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';

export const say = (msg) => console.log(`\x1b[36m[tessera]\x1b[0m ${msg}`);
export class SetupError extends Error {}

const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { stdio: 'inherit', ...opts });
const quiet = (cmd, args) => spawnSync(cmd, args, { stdio: 'ignore' });
const succeeded = (r) => r.status === 0;

export const isRoot = () => process.getuid?.() === 0;

/** Debian, Ubuntu and their relatives, where apt-get can install what is missing. */
export function hasApt() {
  if (!existsSync('/usr/bin/apt-get') || !existsSync('/etc/os-release')) return false;
  const release = readFileSync('/etc/os-release', 'utf8');
  return /^(ID|ID_LIKE)=.*\b(debian|ubuntu)\b/m.test(release);
}

let aptUpdated = false;
function aptInstall(packages) {
  say(`installing ${packages.join(', ')} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated && !succeeded(run('apt-get', ['update', '-qq'], { env }))) throw new SetupError('apt-get update failed');
  aptUpdated = true;
  if (!succeeded(run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], { env }))) {
    throw new SetupError(`apt-get install ${packages.join(' ')} failed`);
  }
}

const canApt = () => isRoot() && hasApt();
const aptHint = (packages) => `sudo apt-get install ${packages.join(' ')}`;

export function reachable(url, fallbackPort) {
  const u = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: u.hostname, port: Number(u.port || fallbackPort) });
    socket.setTimeout(1500);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(false));
  });
}

export async function waitFor(url, port, seconds) {
  for (let i = 0; i < seconds * 4; i++) {
    if (await reachable(url, port)) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

const debianClusters = () => (existsSync('/etc/postgresql') ? readdirSync('/etc/postgresql').sort() : []);

/**
 * A cluster apt has just made accepts loopback connections only with a password; the
 * project's default URL has none (as on a developer's machine with trust auth). Only a
 * cluster we installed ourselves is changed, and only for 127.0.0.1 and ::1.
 */
function trustLoopback(version) {
  const file = `/etc/postgresql/${version}/main/pg_hba.conf`;
  const hba = readFileSync(file, 'utf8').replace(/^(host\s+all\s+all\s+(127\.0\.0\.1\/32|::1\/128)\s+)\S+\s*$/gm, '$1trust');
  writeFileSync(file, hba);
}

/**
 * Postgres at `url`: running, or started, or installed with apt (as root on Debian/Ubuntu).
 * Returns false when none of that is possible, so the caller can fall back (or fail).
 */
export async function ensurePostgres(url) {
  if (await reachable(url, 5432)) return true;
  let [version] = debianClusters().slice(-1);
  let installed = false;
  if (!version && canApt()) {
    aptInstall(['postgresql']);
    [version] = debianClusters().slice(-1);
    if (version) trustLoopback(version);
    installed = true;
  }
  if (version && existsSync('/usr/bin/pg_ctlcluster')) {
    say(`starting the local PostgreSQL ${version} cluster`);
    run('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start']);
    // apt may have started it already, before the loopback rule changed.
    if (installed) run('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'reload']);
  } else if (process.env.PGDATA && succeeded(quiet('pg_ctl', ['--version']))) {
    say(`starting PostgreSQL in ${process.env.PGDATA}`);
    run('pg_ctl', ['start', '-w', '-l', `${process.env.PGDATA}/server.log`]);
  } else {
    return false;
  }
  if (!(await waitFor(url, 5432, 30))) throw new SetupError(`PostgreSQL did not come up on ${new URL(url).host}`);
  return true;
}

export const POSTGRES_HELP = `PostgreSQL 14+ (Debian/Ubuntu: ${aptHint(['postgresql'])}; macOS: brew install postgresql@16 && brew services start postgresql@16)`;
export const REDIS_HELP = `Redis 6.2+ (Debian/Ubuntu: ${aptHint(['redis-server'])}; macOS: brew install redis && brew services start redis)`;

/** Redis at `url`: running, or started, or installed with apt (as root on Debian/Ubuntu). */
export async function ensureRedis(url) {
  if (await reachable(url, 6379)) return;
  if (!succeeded(quiet('redis-server', ['--version']))) {
    if (!canApt()) throw new SetupError(`Redis is not running on ${new URL(url).host} and is not installed here.\n  Install ${REDIS_HELP}\n  or point REDIS_URL at a running server.`);
    aptInstall(['redis-server']);
  }
  say('starting the local Redis server');
  const port = String(new URL(url).port || 6379);
  run('redis-server', ['--daemonize', 'yes', '--bind', '127.0.0.1', '--port', port, '--save', '', '--appendonly', 'no']);
  if (!(await waitFor(url, 6379, 15))) throw new SetupError(`Redis did not come up on ${new URL(url).host}`);
}

export const CHROMIUM = '/usr/bin/chromium';
const python = (module) => () => spawnSync('python3', ['-c', `import ${module}`], { stdio: 'ignore' }).status === 0;
const fonts = () => spawnSync('fc-list', [], { encoding: 'utf8' }).stdout ?? '';

/**
 * What the tests need beyond Node: Debian's Chromium for the browser tests, a CJK font for the
 * zh-CN pages, and other tools' readers that check what Tessera writes (pydicom, nibabel,
 * dicom3tools' dciodvfy, dcmtk) and what it computes (scipy).
 */
const TEST_PACKAGES = [
  { name: 'chromium', present: () => existsSync(CHROMIUM) },
  { name: 'fonts-wqy-zenhei', present: () => /wqy|noto.*cjk/i.test(fonts()) },
  { name: 'python3-scipy', present: python('scipy.ndimage') },
  { name: 'python3-pydicom', present: python('pydicom') },
  { name: 'python3-nibabel', present: python('nibabel') },
  { name: 'dicom3tools', present: () => existsSync('/usr/bin/dciodvfy') },
  { name: 'dcmtk', present: () => existsSync('/usr/bin/dcmdump') },
];

export function ensureTestPackages() {
  const missing = TEST_PACKAGES.filter((p) => !p.present()).map((p) => p.name);
  if (missing.length === 0) return;
  if (!canApt()) throw new SetupError(`The tests need ${missing.join(', ')}. Install them with:\n  ${aptHint(missing)}`);
  aptInstall(missing);
}
