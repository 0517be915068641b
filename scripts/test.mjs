// `npm test`: every test, in the order that fails fastest — lint and types, unit tests, then the
// Playwright end-to-end suite against a production build and the Entra/Graph emulator. With CI=true or
// LONG_TESTS=1, also the long tests: several production servers on one PostgreSQL (e2e/cluster), SIGKILLs
// during autosaves (scripts/durability.mjs) and 50 concurrent admins (scripts/load.mjs).
// `node scripts/test.mjs static|unit|e2e|cluster|durability|load` runs one part.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { buildIfNeeded } from './build-if-needed.mjs';
import { ensureChromium } from './chromium.mjs';
import { ensurePostgres } from '../e2e/support/postgres.mjs';

const root = path.resolve(import.meta.dirname, '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };

function run(label, cmd, args) {
  console.log(`\n▶ ${label}`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env });
  if (r.status !== 0) {
    console.error(`✖ ${label} failed.`);
    process.exit(r.status ?? 1);
  }
  console.log(`✔ ${label} (${Math.round((Date.now() - started) / 1000)} s)`);
}

const only = process.argv[2];
const long = process.env.CI === 'true' || process.env.LONG_TESTS === '1';
// Chromium only for what drives a browser: the e2e suite and the database-outage pages of the cluster tests.
if (!only || only === 'e2e' || only === 'cluster') env.CHROMIUM_PATH = ensureChromium();
// The repository suite and the cluster tests start private PostgreSQL clusters (Debian's postgresql).
if ((!only || only === 'unit' || only === 'cluster') && process.env.SKIP_POSTGRES_TESTS !== '1') {
  try {
    ensurePostgres();
  } catch (err) {
    console.error(err.message);
    process.exit(1);
  }
}
if (!only || only === 'static') {
  run('Route types', bin('next'), ['typegen']);
  run('Type check', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']);
  run('Lint', bin('eslint'), ['.', '--max-warnings=0']);
}
if (!only || only === 'unit') run('Unit tests (vitest)', bin('vitest'), ['run']);
if (!only || only === 'e2e') {
  console.log('\n▶ Production build');
  buildIfNeeded();
  run('End-to-end tests (Playwright, Chromium)', bin('playwright'), ['test', ...process.argv.slice(3)]);
}
if ((!only && long && process.env.SKIP_POSTGRES_TESTS !== '1') || only === 'cluster') {
  buildIfNeeded();
  run('Several instances on one PostgreSQL: two servers, database outage, SIGTERM (vitest)', bin('vitest'), [
    'run',
    '--config',
    'vitest.cluster.config.ts',
    ...(only === 'cluster' ? process.argv.slice(3) : []),
  ]);
} else if (!only && long) {
  console.log('\n(SKIP_POSTGRES_TESTS=1: the several-instances tests on PostgreSQL did not run.)');
}
if ((!only && long) || only === 'durability') {
  buildIfNeeded();
  run('Durability: SIGKILL the server during autosaves from two tabs and validations (scripts/durability.mjs)', process.execPath, [path.join(root, 'scripts/durability.mjs')]);
}
if ((!only && long) || only === 'load') {
  buildIfNeeded();
  run('Load: 50 concurrent admins, 50 ms upstream latency (scripts/load.mjs)', process.execPath, [path.join(root, 'scripts/load.mjs')]);
}
if (!only && !long) {
  console.log(
    '\n(Long tests skipped: several instances on PostgreSQL, durability under SIGKILL, load of 50 admins. ' +
      'Run them with LONG_TESTS=1 npm test, or one with node scripts/test.mjs cluster|durability|load; CI=true runs them.)',
  );
}
console.log('\nAll tests passed.');
