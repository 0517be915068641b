// Builds the production bundle when there is none, or when a source file is newer than it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const SOURCES = ['app', 'components', 'lib', 'public', 'proxy.ts', 'instrumentation.ts', 'next.config.js', 'postcss.config.mjs', 'package.json', 'package-lock.json', 'tsconfig.json'];

function newestMtime(p) {
  const full = path.join(root, p);
  if (!fs.existsSync(full)) return 0;
  const stat = fs.statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(full, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(path.join(p, entry.name)));
  }
  return newest;
}

export function buildIsStale() {
  const buildId = path.join(root, '.next', 'BUILD_ID');
  if (!fs.existsSync(buildId)) return true;
  const built = fs.statSync(buildId).mtimeMs;
  return SOURCES.some((s) => newestMtime(s) > built);
}

export function buildIfNeeded({ force = false } = {}) {
  if (!force && !buildIsStale()) return;
  console.log('Building the wizard (next build)…');
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'build'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (r.status !== 0) {
    console.error('next build failed.');
    process.exit(r.status ?? 1);
  }
  prepareStandalone();
}

/**
 * `output: 'standalone'` leaves .next/static and public out of .next/standalone (a CDN may serve them);
 * copy them in so `node .next/standalone/server.js` serves the whole app, as the container does.
 */
export function prepareStandalone() {
  const standalone = path.join(root, '.next', 'standalone');
  if (!fs.existsSync(path.join(standalone, 'server.js'))) return false;
  fs.rmSync(path.join(standalone, '.next', 'static'), { recursive: true, force: true });
  fs.cpSync(path.join(root, '.next', 'static'), path.join(standalone, '.next', 'static'), { recursive: true });
  fs.rmSync(path.join(standalone, 'public'), { recursive: true, force: true });
  if (fs.existsSync(path.join(root, 'public'))) fs.cpSync(path.join(root, 'public'), path.join(standalone, 'public'), { recursive: true });
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) buildIfNeeded({ force: process.argv.includes('--force') });
