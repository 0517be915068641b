// A private PostgreSQL cluster for the tests: initdb on a temporary directory, pg_ctl on a free port of
// 127.0.0.1, stopped and deleted after. Uses Debian's `postgresql` package (/usr/lib/postgresql/*/bin);
// initdb refuses to run as root, so as root the cluster runs as the `postgres` system user.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

export const POSTGRES_MISSING_MESSAGE =
  'The PostgreSQL tests need PostgreSQL\'s server binaries (initdb, pg_ctl, postgres). Install Debian\'s package ' +
  '(as root: apt-get install -y postgresql), or set PG_BIN to the folder holding them. ' +
  'To run the other tests without them, set SKIP_POSTGRES_TESTS=1.';

/** The folder holding initdb and pg_ctl: PG_BIN, else the newest /usr/lib/postgresql/N/bin, else pg_config's. */
export function findPostgresBin() {
  const has = (dir) => dir && fs.existsSync(path.join(dir, 'initdb')) && fs.existsSync(path.join(dir, 'pg_ctl'));
  if (process.env.PG_BIN) return has(process.env.PG_BIN) ? process.env.PG_BIN : undefined;
  const base = '/usr/lib/postgresql';
  if (fs.existsSync(base)) {
    const versions = fs
      .readdirSync(base)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    for (const v of versions) if (has(path.join(base, v, 'bin'))) return path.join(base, v, 'bin');
  }
  const cfg = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  const dir = cfg.status === 0 ? cfg.stdout.trim() : undefined;
  return has(dir) ? dir : undefined;
}

/** Finds the binaries; as root installs Debian's package when they are missing; otherwise throws saying what to install. */
export function ensurePostgres({ install = isRoot() } = {}) {
  const found = findPostgresBin();
  if (found) return found;
  if (install && !process.env.PG_BIN) {
    console.log('Installing Debian\'s postgresql package for the PostgreSQL tests (apt-get install -y postgresql)…');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    if (update.status === 0) spawnSync('apt-get', ['install', '-y', '-qq', 'postgresql'], { stdio: 'inherit', env });
    const after = findPostgresBin();
    if (after) return after;
  }
  throw new Error(POSTGRES_MISSING_MESSAGE);
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function postgresIds() {
  const line = fs
    .readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  if (!line) throw new Error('Running as root, the PostgreSQL tests need the `postgres` system user (Debian\'s postgresql package creates it).');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/**
 * Starts a cluster and resolves to { url, port, dataDir, stop(), crash(), start(), adminUrl(db) }.
 * `crash()` stops it the way a failure would (pg_ctl -m immediate: no checkpoint, recovery on restart).
 */
export async function startPostgres({ bin = ensurePostgres(), port } = {}) {
  const asRoot = isRoot();
  // As root the cluster runs as `postgres`, which must be able to reach the folder: /tmp, whatever TMPDIR says.
  const root = fs.mkdtempSync(path.join(asRoot ? '/tmp' : os.tmpdir(), 'wizard-pg-'));
  const dataDir = path.join(root, 'data');
  const logFile = path.join(root, 'postgres.log');
  if (asRoot) {
    const { uid, gid } = postgresIds();
    fs.chownSync(root, uid, gid);
  }
  const run = (cmd, args, { check = true } = {}) => {
    const exe = path.join(bin, cmd);
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', exe, ...args]] : [exe, args];
    const r = spawnSync(file, argv, { cwd: root, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C', LANG: 'C' } });
    if (check && r.status !== 0) {
      let tail = '';
      try {
        tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n');
      } catch {
        /* no log yet */
      }
      throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stdout}${r.stderr}${tail}`);
    }
    return r;
  };
  run('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync']);
  const thePort = port ?? (await freePort());
  const options = [
    `-p ${thePort}`,
    '-c listen_addresses=127.0.0.1',
    `-c unix_socket_directories=${root}`,
    '-c max_connections=100',
    '-c shared_buffers=32MB',
  ].join(' ');
  let running = false;
  const start = () => {
    run('pg_ctl', ['-D', dataDir, '-l', logFile, '-o', options, '-w', '-t', '60', 'start']);
    running = true;
  };
  const stopWith = (mode) => {
    if (!running) return;
    run('pg_ctl', ['-D', dataDir, '-m', mode, '-w', '-t', '60', 'stop'], { check: false });
    running = false;
  };
  start();
  const cluster = {
    port: thePort,
    dataDir,
    logFile,
    url: `postgres://postgres@127.0.0.1:${thePort}/postgres`,
    urlFor: (database) => `postgres://postgres@127.0.0.1:${thePort}/${database}`,
    start,
    /** Stops as a failure would: no shutdown checkpoint, crash recovery on the next start. */
    crash: () => stopWith('immediate'),
    /** Stops and deletes the cluster (immediately: its data is thrown away). */
    stop() {
      stopWith('immediate');
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
  const cleanup = () => {
    try {
      cluster.stop();
    } catch {
      /* best effort on exit */
    }
  };
  process.once('exit', cleanup);
  return cluster;
}

/** Creates an empty database in the cluster (for one test file) and returns its URL. */
export async function createDatabase(cluster, name) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: cluster.url });
  await client.connect();
  try {
    await client.query(`create database "${name.replace(/"/g, '')}"`);
  } finally {
    await client.end();
  }
  return cluster.urlFor(name);
}
