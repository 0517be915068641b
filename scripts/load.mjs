// Load (long test): 50 virtual admins on loopback, each creating a setup through the API, then validating
// the four steps a bounded number of times (LOAD_ROUNDS) with short think times (0.5–1.5 s: each admin
// validates about once a second), against the emulator answering every call after 50 ms. Each validation's
// time is divided by its step's upstream critical path — sequential round trips × 50 ms: app registration 1
// (discovery and the existence probe run side by side), certificates & secrets 2 (token, then the read
// probe), tenant ID 3 without a test user (token, /users?$top=1, /users/{upn}) or 2 with one, field
// mapping 2 (token, users). Fails on any error or failed check, or when the p95 of the validation time
// (the run's durationMs, as the wizard shows and stores it) exceeds 1.2× the critical path. The wall time
// as the admin's browser sees it (plus Next.js's own per-request cost) and CPU per validation are printed.
//
// The server is warmed up first (LOAD_WARMUP validations, not measured; their figures are printed): a
// just-started Node.js server runs its code in V8's interpreter and keeps optimizing it for its first
// thousand or so requests, at about twice the CPU per validation of a server that has been serving, and the
// budget is about a server that has been serving. The warm-up runs through setups and addresses of its own, 24
// validations each (within the per-setup limit), so the admins' limits are untouched; it counts toward the
// server-wide limit, as any traffic before would.
//
//   node scripts/load.mjs   (LOAD_ADMINS=50 LOAD_ROUNDS=3 LOAD_LATENCY_MS=50 LOAD_THINK_MS=500,1500 LOAD_BUDGET=1.2
//                            LOAD_WARMUP=800)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildIfNeeded } from './build-if-needed.mjs';
import { cpuMs, freePort, healthyTenants, prng, sleep, startEmulatorProcess, startServer } from './lib/harness.mjs';

const ADMINS = Number(process.env.LOAD_ADMINS || 50);
const ROUNDS = Number(process.env.LOAD_ROUNDS || 3);
const LATENCY = Number(process.env.LOAD_LATENCY_MS || 50);
const BUDGET = Number(process.env.LOAD_BUDGET || 1.2);
const DEADLINE_MS = Number(process.env.LOAD_DEADLINE_MS || 180_000);
const WARMUP = Number(process.env.LOAD_WARMUP ?? 800);
const WARMUP_PER_SETUP = 24;
const WARMUP_WORKERS = 8;
const [THINK_MIN, THINK_MAX] = (process.env.LOAD_THINK_MS || '500,1500').split(',').map(Number);
const STEPS = ['app-registration', 'certificates-secrets', 'tenant-id', 'field-mapping'];

function roundTrips(step, withTestUser) {
  return { 'app-registration': 1, 'certificates-secrets': 2, 'tenant-id': withTestUser ? 2 : 3, 'field-mapping': 2 }[step];
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
const fmt = (x) => x.toFixed(2);

/** POSTs JSON to the server as a client at `address` (behind the trusted proxy); throws on an HTTP error. */
function poster(server, address) {
  const headers = { 'content-type': 'application/json', 'x-forwarded-for': address };
  return async (url, body) => {
    const res = await fetch(`${server.url}${url}`, { method: 'POST', headers, body: JSON.stringify(body) });
    const text = await res.text();
    if (!res.ok) throw new Error(`POST ${url}: HTTP ${res.status} ${text.slice(0, 160)}`);
    return JSON.parse(text);
  };
}

/** One validation's figures; a run that did not pass is an error. */
function sample(who, step, withTestUser, r, ms, errors) {
  if (r.status !== 'pass') errors.push(`${who} ${step}: ${r.status} — ${r.checks.filter((c) => c.status !== 'pass').map((c) => `${c.id}: ${c.summary}`).join('; ')}`);
  const path = roundTrips(step, withTestUser) * LATENCY;
  return { step, ms, serverMs: r.durationMs, wallRatio: ms / path, ratio: r.durationMs / path };
}

/**
 * WARMUP validations before the measured run, WARMUP_WORKERS at a time without think time, through setups
 * of their own (one per tenant, from an address of its own, WARMUP_PER_SETUP validations each).
 */
async function warmUpServer(server, tenants, errors) {
  const setups = Math.ceil(WARMUP / WARMUP_PER_SETUP);
  const samples = [];
  const cpu0 = cpuMs(server.child.pid);
  const started = Date.now();
  let next = 0;
  async function worker() {
    for (let j = next++; j < setups; j = next++) {
      const t = tenants[j % tenants.length];
      const withTestUser = j % 2 === 1;
      const post = poster(server, `10.1.${Math.floor(j / 250)}.${(j % 250) + 1}`);
      try {
        const { id } = await post('/api/setups', { name: `Warm-up ${j}`, tenant: t.tenantId, clientId: t.appId, ...(withTestUser && { sampleUpn: t.sampleUpn }) });
        for (let k = 0; k < WARMUP_PER_SETUP && j * WARMUP_PER_SETUP + k < WARMUP; k++) {
          const step = STEPS[k % STEPS.length];
          const t0 = performance.now();
          const r = await post(`/api/setups/${id}/steps/${step}/validate`, step === 'app-registration' ? {} : { clientSecret: t.secret });
          samples.push(sample(`warm-up ${j}`, step, withTestUser, r, performance.now() - t0, errors));
        }
      } catch (err) {
        errors.push(`warm-up ${j}: ${err.message}`);
      }
    }
  }
  await Promise.all(Array.from({ length: WARMUP_WORKERS }, worker));
  const ratios = samples.map((x) => x.ratio).sort((a, b) => a - b);
  return { n: samples.length, seconds: (Date.now() - started) / 1000, cpu: (cpuMs(server.child.pid) - cpu0) / Math.max(1, samples.length), p50: quantile(ratios, 0.5), p95: quantile(ratios, 0.95) };
}

async function main() {
  buildIfNeeded();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wizard-load-'));
  const logFile = path.join(dir, 'server.log');
  const tenants = healthyTenants(ADMINS);
  const emulator = await startEmulatorProcess({ dir, tenants: tenants.map((t) => t.tenant), latencyMs: LATENCY });
  const server = await startServer({
    port: await freePort(),
    logFile,
    env: {
      DATABASE_PATH: path.join(dir, 'load.db'),
      ENTRA_LOGIN_URL: emulator.loginUrl,
      GRAPH_API_URL: emulator.graphUrl,
      // Each virtual admin comes from an address of its own, as behind a reverse proxy: the default
      // per-address and per-setup limits stay in force.
      TRUST_PROXY_HOPS: '1',
      ...(process.env.LOAD_SERVER_LOG_LEVEL && { LOG_LEVEL: process.env.LOAD_SERVER_LOG_LEVEL }),
    },
  });

  const errors = [];
  const warmUp = await warmUpServer(server, tenants, errors);

  const samples = [];
  const cpu0 = { server: cpuMs(server.child.pid), emulator: cpuMs(emulator.child.pid), self: process.cpuUsage() };
  const started = Date.now();
  const deadline = started + DEADLINE_MS;

  async function admin(i) {
    const t = tenants[i];
    const rng = prng(1000 + i);
    const withTestUser = i % 2 === 1;
    const post = poster(server, `10.0.${Math.floor(i / 250)}.${(i % 250) + 1}`);
    await sleep(rng.int(0, 500));
    let id;
    try {
      ({ id } = await post('/api/setups', { name: `Admin ${i}`, tenant: t.tenantId, clientId: t.appId, secretExpiresOn: '2099-01-01', ...(withTestUser && { sampleUpn: t.sampleUpn }) }));
    } catch (err) {
      errors.push(`admin ${i}: ${err.message}`);
      return;
    }
    for (let round = 0; round < ROUNDS && Date.now() < deadline; round++) {
      for (const step of STEPS) {
        await sleep(rng.int(THINK_MIN, THINK_MAX));
        const t0 = performance.now();
        try {
          const r = await post(`/api/setups/${id}/steps/${step}/validate`, step === 'app-registration' ? {} : { clientSecret: t.secret });
          samples.push(sample(`admin ${i}`, step, withTestUser, r, performance.now() - t0, errors));
        } catch (err) {
          errors.push(`admin ${i} ${step}: ${err.message}`);
        }
      }
    }
  }

  await Promise.all(Array.from({ length: ADMINS }, (_, i) => admin(i)));
  const seconds = (Date.now() - started) / 1000;
  const self = process.cpuUsage(cpu0.self);
  const cpu = { server: cpuMs(server.child.pid) - cpu0.server, emulator: cpuMs(emulator.child.pid) - cpu0.emulator, load: (self.user + self.system) / 1000 };
  await server.kill('SIGTERM');
  await emulator.stop();

  const ratios = samples.map((s) => s.ratio).sort((a, b) => a - b);
  const wall = samples.map((s) => s.wallRatio).sort((a, b) => a - b);
  const p50 = quantile(ratios, 0.5);
  const p95 = quantile(ratios, 0.95);
  const per = (ms) => (Number.isFinite(ms) ? `${(ms / Math.max(1, samples.length)).toFixed(1)} ms` : '?');
  console.log(`load: ${ADMINS} admins × ${ROUNDS} rounds × ${STEPS.length} steps = ${samples.length} validations in ${seconds.toFixed(1)} s (${(samples.length / seconds).toFixed(1)}/s), think ${THINK_MIN}–${THINK_MAX} ms, upstream latency ${LATENCY} ms`);
  if (warmUp.n) console.log(`  warm-up before: ${warmUp.n} validations in ${warmUp.seconds.toFixed(1)} s, ${WARMUP_WORKERS} at a time, not measured: server CPU ${warmUp.cpu.toFixed(1)} ms per validation, validation time p50 ${fmt(warmUp.p50)}×, p95 ${fmt(warmUp.p95)}×`);
  console.log(`  CPU per validation: server ${per(cpu.server)}, emulator ${per(cpu.emulator)}, load generator ${per(cpu.load)}`);
  console.log('  step                     n   validation time ÷ critical path   wall time in the browser ÷ critical path');
  console.log('                                p50 ms  p95 ms   p50    p95        p50 ms  p95 ms   p50    p95');
  for (const step of STEPS) {
    const s = samples.filter((x) => x.step === step);
    if (!s.length) continue;
    const sorted = (k) => s.map((x) => x[k]).sort((a, b) => a - b);
    const [srv, r, ms, w] = [sorted('serverMs'), sorted('ratio'), sorted('ms'), sorted('wallRatio')];
    console.log(
      `  ${step.padEnd(22)} ${String(s.length).padStart(3)}   ${quantile(srv, 0.5).toFixed(0).padStart(6)}  ${quantile(srv, 0.95).toFixed(0).padStart(6)}  ${fmt(quantile(r, 0.5))}  ${fmt(quantile(r, 0.95))}      ` +
        `${quantile(ms, 0.5).toFixed(0).padStart(6)}  ${quantile(ms, 0.95).toFixed(0).padStart(6)}  ${fmt(quantile(w, 0.5))}  ${fmt(quantile(w, 0.95))}`,
    );
  }
  console.log(`  all                    ${String(samples.length).padStart(3)}                   ${fmt(p50)}  ${fmt(p95)}                      ${fmt(quantile(wall, 0.5))}  ${fmt(quantile(wall, 0.95))}   budget: validation time p95 ≤ ${BUDGET}×`);
  const expected = ADMINS * ROUNDS * STEPS.length;
  if (errors.length || samples.length < expected || p95 > BUDGET) {
    for (const e of errors.slice(0, 10)) console.error(`  ${e}`);
    console.error(`✖ load: ${errors.length} error(s), ${samples.length}/${expected} validations, validation time p95 ${fmt(p95)}× (budget ${BUDGET}×). Server output: ${logFile}`);
    process.exit(1);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(`✔ load: no errors; validation time p50 ${fmt(p50)}×, p95 ${fmt(p95)}× the upstream critical path (budget ${BUDGET}×); wall time in the browser p50 ${fmt(quantile(wall, 0.5))}×, p95 ${fmt(quantile(wall, 0.95))}×.`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
