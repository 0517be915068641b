// Durability (long test): kills the production server with SIGKILL at random moments while two "tabs"
// autosave different fields of the same setup (different keys of the same mapping among them) and
// validations run. After each kill, before the restart, the SQLite file must pass PRAGMA integrity_check
// and hold every acknowledged write: each field's last acknowledged value, or a later one whose answer the
// kill cut off; and every acknowledged validation run. At the end, with nothing in flight, exactly the
// last acknowledged values.
//
//   node scripts/durability.mjs            (DURABILITY_KILLS=8, DURABILITY_SEED=<number> to replay)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { buildIfNeeded } from './build-if-needed.mjs';
import { api, freePort, healthyTenants, prng, sleep, startEmulatorProcess, startServer } from './lib/harness.mjs';

const KILLS = Number(process.env.DURABILITY_KILLS || 8);
const SEED = Number(process.env.DURABILITY_SEED || Math.floor(Math.random() * 1e9));
const rng = prng(SEED);

const TABS = [
  ['name', 'mapping.city', 'mapping.department'],
  ['sampleUpn', 'mapping.office', 'mapping.job_title'],
];
const valueOf = (field, n) => (field === 'name' ? `name ${n}` : field === 'sampleUpn' ? `u${n}@contoso.example` : `${field.split('.')[1]}_${n}`);
const patchOf = (field, value) => (field.startsWith('mapping.') ? { mapping: { [field.split('.')[1]]: value } } : { [field]: value });
const storedValue = (row, field) => {
  if (field === 'name') return row.name;
  if (field === 'sampleUpn') return row.sample_upn;
  return JSON.parse(row.mapping)[field.split('.')[1]];
};

function fail(message, dir) {
  console.error(`\n✖ durability: ${message}\n  seed ${SEED} (DURABILITY_SEED=${SEED} replays it); files kept in ${dir}`);
  process.exit(1);
}

async function main() {
  buildIfNeeded();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wizard-durability-'));
  const dbFile = path.join(dir, 'durability.db');
  const logFile = path.join(dir, 'server.log');
  const [t] = healthyTenants(1);
  const emulator = await startEmulatorProcess({ dir, tenants: [t.tenant] });
  const port = await freePort();
  const env = {
    DATABASE_PATH: dbFile,
    ENTRA_LOGIN_URL: emulator.loginUrl,
    GRAPH_API_URL: emulator.graphUrl,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_VALIDATIONS_PER_IP: '1000000',
    RATE_LIMIT_VALIDATIONS_PER_SETUP: '1000000',
    RATE_LIMIT_VALIDATIONS_TOTAL: '1000000',
    RATE_LIMIT_SETUPS_PER_IP: '1000000',
    RATE_LIMIT_SETUPS_TOTAL: '1000000',
  };
  let server = await startServer({ port, env, logFile });
  const { id } = await api(`${server.url}/api/setups`, 'POST', { name: 'durability', tenant: t.tenantId, clientId: t.appId, secretExpiresOn: '2099-01-01' });

  const fields = Object.fromEntries(TABS.flat().map((f) => [f, { n: 0, acked: undefined, maybe: new Set() }]));
  const runs = [];
  const stats = { acked: 0, cut: 0, runsCut: 0, cutPerKill: [] };
  let up = true;
  let stopping = false;
  let inFlight = 0;

  async function tab(names) {
    for (let i = 0; !stopping; i++) {
      if (!up) {
        await sleep(10);
        continue;
      }
      const field = names[i % names.length];
      const f = fields[field];
      const value = valueOf(field, ++f.n);
      f.maybe.add(value);
      inFlight++;
      try {
        await api(`${server.url}/api/setups/${id}`, 'PATCH', patchOf(field, value));
        f.acked = value;
        f.maybe.clear();
        stats.acked++;
      } catch (err) {
        if (err.status) fail(`PATCH ${field} answered ${err.message}`, dir);
        stats.cut++;
        await sleep(20);
      } finally {
        inFlight--;
      }
    }
  }

  async function validator(steps) {
    for (let i = 0; !stopping; i++) {
      if (!up) {
        await sleep(10);
        continue;
      }
      const step = steps[i % steps.length];
      inFlight++;
      try {
        const r = await api(`${server.url}/api/setups/${id}/steps/${step}/validate`, 'POST', step === 'app-registration' ? {} : { clientSecret: t.secret });
        if (r.status !== 'pass') fail(`validation of ${step} was ${r.status}: ${JSON.stringify(r.checks.filter((c) => c.status !== 'pass').map((c) => c.summary))}`, dir);
        runs.push({ step, startedAt: r.startedAt });
      } catch (err) {
        if (err.status) fail(`validate ${step} answered ${err.message}`, dir);
        stats.runsCut++;
        await sleep(20);
      } finally {
        inFlight--;
      }
    }
  }

  /** With the server down: the file's integrity, and every acknowledged write in it. */
  function verify(when, exact) {
    const db = new Database(dbFile, { fileMustExist: true });
    try {
      const integrity = db.pragma('integrity_check', { simple: true });
      if (integrity !== 'ok') fail(`${when}: PRAGMA integrity_check says ${integrity}`, dir);
      const fk = db.pragma('foreign_key_check');
      if (fk.length) fail(`${when}: foreign key violations ${JSON.stringify(fk)}`, dir);
      const row = db.prepare('select * from setups where id = ?').get(id);
      if (!row) fail(`${when}: the setup is gone`, dir);
      for (const [field, f] of Object.entries(fields)) {
        const stored = storedValue(row, field);
        const ok = exact ? stored === f.acked : stored === f.acked || f.maybe.has(stored);
        if (!ok) fail(`${when}: ${field} is ${JSON.stringify(stored)}, but ${JSON.stringify(f.acked)} was acknowledged${f.maybe.size ? ` (in flight: ${[...f.maybe].join(', ')})` : ''}`, dir);
      }
      const stored = new Set(db.prepare('select step, started_at from validation_runs where setup_id = ?').all(id).map((r) => `${r.step}@${r.started_at}`));
      const lost = runs.filter((r) => !stored.has(`${r.step}@${r.startedAt}`));
      if (lost.length) fail(`${when}: ${lost.length} acknowledged validation run(s) missing, e.g. ${JSON.stringify(lost[0])}`, dir);
    } finally {
      db.close();
    }
  }

  const workers = [tab(TABS[0]), tab(TABS[1]), validator(['app-registration', 'certificates-secrets']), validator(['certificates-secrets', 'app-registration'])];
  const started = Date.now();
  for (let k = 1; k <= KILLS; k++) {
    await sleep(rng.int(250, 1500));
    stats.cutPerKill.push(inFlight);
    await server.kill('SIGKILL');
    up = false;
    verify(`after kill ${k}`, false);
    process.stdout.write(`  kill ${k}/${KILLS}: ${stats.cutPerKill.at(-1)} request(s) in flight, ${stats.acked} writes and ${runs.length} runs acknowledged so far — all there, integrity ok\n`);
    server = await startServer({ port, env, logFile });
    up = true;
  }
  await sleep(500);
  stopping = true;
  await Promise.all(workers);
  await server.kill('SIGKILL');
  verify('at the end', true);
  await emulator.stop();
  fs.rmSync(dir, { recursive: true, force: true });
  const s = Math.round((Date.now() - started) / 1000);
  console.log(
    `✔ durability: ${KILLS} SIGKILLs in ${s} s (seed ${SEED}); ${stats.acked} acknowledged autosaves from 2 tabs on one setup and ${runs.length} validation runs, all present; ` +
      `${stats.cut + stats.runsCut} requests cut by a kill; PRAGMA integrity_check ok after every kill.`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
