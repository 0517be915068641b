// `npm run bench:users`: the tenant-wide users analysis and the export reconciliation at customer sizes.
//
// Starts the Entra ID / Graph emulator (20 ms per users page) and the production server, analyses tenants
// of 100k and 500k users (and 2× that) through the streaming API exactly as the page does, and reconciles
// a 1,000,000-row (and 2,000,000-row) Nexthink export with the UPNs the 500k analysis streamed. Prints:
//   - analysis wall time ÷ the pure paging floor (pages × latency)           budget ≤ 1.15
//     (and ÷ a bare client that follows the nextLinks one after the other, reading nothing ahead: what a naive
//     pager gets from this machine and emulator; the analysis should stay near or below it)
//   - peak RSS of the server process during the 500k analysis                  budget ≤ 200 MB
//   - CSV rows per second (parse + join, the code the browser runs)            budget ≥ 500k/s
//   - CSV time at 2× the rows ÷ time at 1×                                     budget ≤ ×2.1
// Each figure is printed beside its budget; the run exits 1 when any budget is missed (like `npm run bench`).
// Options: --sizes 100000,500000 --latency 20 --rows 1000000
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { tsImport } from 'tsx/esm/api';
import { buildIfNeeded, prepareStandalone } from './build-if-needed.mjs';
import { childEnv, freePort } from './lib/harness.mjs';

const root = path.resolve(import.meta.dirname, '..');
const { values: opts } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100000,500000' },
    latency: { type: 'string', default: '20' },
    rows: { type: 'string', default: '1000000' },
    'no-double': { type: 'boolean', default: false },
  },
});
const LATENCY = Number(opts.latency);
const baseSizes = opts.sizes.split(',').map(Number);
const sizes = opts['no-double'] ? baseSizes : [...baseSizes, ...baseSizes.map((n) => n * 2)].sort((a, b) => a - b);
const baseRows = Number(opts.rows);
const rowCounts = opts['no-double'] ? [baseRows] : [baseRows, baseRows * 2];
const RSS_SIZE = baseSizes.includes(500_000) ? 500_000 : baseSizes.at(-1);

buildIfNeeded();
// The server runs as the container and `npm start` run it: the standalone build (`next start` warns about it).
if (!prepareStandalone()) throw new Error('the build has no .next/standalone/server.js');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-users-'));
const children = [];
function cleanup() {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  fs.rmSync(work, { recursive: true, force: true });
}
process.on('SIGINT', () => {
  cleanup();
  process.exit(130);
});
// A failure mid-way leaves neither the server running nor the generated CSVs behind.
process.on('exit', cleanup);

const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const fmt = (n) => n.toLocaleString('en-US');

/* ---------- emulator with one generated tenant per size ---------- */

const guid = (i, salt) => `${String(salt).padStart(8, '0')}-0000-4000-8000-${String(i).padStart(12, '0')}`;
const tenants = sizes.map((count, i) => ({
  id: guid(i + 1, 1),
  displayName: `Bench ${count}`,
  domains: [`bench${i}.onmicrosoft.com`, `bench${i}.example.com`],
  apps: [{ appId: guid(i + 1, 2), displayName: 'Nexthink connector', secrets: [{ value: `Bench~secret-value-${i}-0123456789abcdef` }], roles: ['User.Read.All'] }],
  generatedUsers: { count, seed: 42 + i },
}));
const scenarioFile = path.join(work, 'scenario.json');
fs.writeFileSync(scenarioFile, JSON.stringify({ routeLatencyMs: { 'graph-users': LATENCY }, tenants }));

function start(name, cmd, args, env, ready) {
  const child = spawn(cmd, args, { cwd: root, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  child.stderr.pipe(fs.createWriteStream(path.join(work, `${name}.err`)));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = ready(out);
      if (m) resolve({ child, match: m });
    });
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited ${code}`)));
  });
}

console.log(
  `Users analysis and reconciliation benchmark · Node ${process.version} · ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}) · load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`,
);
console.log(`Emulator: ${sizes.map(fmt).join(', ')} users, ${LATENCY} ms per users page. Temp files in ${work}.`);

const emulator = await start(
  'emulator',
  process.execPath,
  ['--import', 'tsx', 'e2e/emulator/main.ts', '--scenario', scenarioFile, '--login-port', '0', '--graph-port', '0'],
  {},
  (out) => /emulator ready login=(\S+) graph=(\S+)/.exec(out),
);
const [, loginUrl, graphUrl] = emulator.match;

const port = await freePort();
const appUrl = `http://127.0.0.1:${port}`;
const standalone = path.join(root, '.next/standalone');
const server = spawn(process.execPath, [path.join(standalone, 'server.js')], {
  cwd: standalone,
  env: childEnv({
    NODE_ENV: 'production',
    PORT: String(port),
    HOSTNAME: '127.0.0.1',
    DATABASE_PATH: path.join(work, 'bench.db'),
    ENTRA_LOGIN_URL: loginUrl,
    GRAPH_API_URL: graphUrl,
    LOG_LEVEL: 'info',
    RATE_LIMIT_VALIDATIONS_PER_IP: '100000',
    RATE_LIMIT_VALIDATIONS_PER_SETUP: '100000',
    RATE_LIMIT_SETUPS_PER_IP: '100000',
  }),
  stdio: ['ignore', fs.openSync(path.join(work, 'server.log'), 'w'), fs.openSync(path.join(work, 'server.err'), 'w')],
});
children.push(server);
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${appUrl}/api/health`)).ok) break;
  } catch {
    /* not up yet */
  }
  if (i > 240) throw new Error(`the server did not start; see ${work}/server.err`);
  await new Promise((r) => setTimeout(r, 250));
}

/** RSS of the server and every process under it (should it ever fork a worker), from /proc. */
function treeRss(pid) {
  let total = 0;
  const kids = new Map();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!kids.has(ppid)) kids.set(ppid, []);
      kids.get(ppid).push(Number(entry));
    } catch {
      /* gone */
    }
  }
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop();
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${p}/status`, 'utf8'));
      if (m) total += Number(m[1]) * 1024;
    } catch {
      /* gone */
    }
    stack.push(...(kids.get(p) ?? []));
  }
  return total;
}

async function emulatorRequests() {
  const res = await fetch(`${loginUrl}/_emulator/requests`);
  return res.json();
}

/** One analysis through the API, read as the page reads it (UPNs streamed); returns timings and the UPNs. */
async function analyse(tenant, { keepUpns }) {
  const setupRes = await fetch(`${appUrl}/api/setups`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenant: tenant.id, clientId: tenant.apps[0].appId }),
  });
  const { id } = await setupRes.json();
  await fetch(`${loginUrl}/_emulator/requests`, { method: 'DELETE' });
  let peak = treeRss(server.pid);
  const sampler = setInterval(() => {
    peak = Math.max(peak, treeRss(server.pid));
  }, 25);
  const started = performance.now();
  const res = await fetch(`${appUrl}/api/setups/${id}/steps/field-mapping/analyse`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ clientSecret: tenant.apps[0].secrets[0].value, includeUpns: true }),
  });
  if (!res.ok) throw new Error(`analyse: HTTP ${res.status} ${await res.text()}`);
  const decoder = new TextDecoder();
  let buffer = '';
  let done;
  let firstPageAt;
  let select;
  const upns = keepUpns ? [] : undefined;
  for await (const chunk of res.body) {
    buffer += decoder.decode(chunk, { stream: true });
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      const e = JSON.parse(line);
      if (e.type === 'upns') {
        if (upns) for (const u of e.upns) upns.push(u);
      } else if (e.type === 'start') select = e.select;
      else if (e.type === 'progress' && firstPageAt === undefined) firstPageAt = performance.now() - started;
      else if (e.type === 'done') done = e;
      else if (e.type === 'error') throw new Error(`analysis failed: ${e.message}`);
    }
  }
  const wall = performance.now() - started;
  clearInterval(sampler);
  peak = Math.max(peak, treeRss(server.pid));
  if (!done) throw new Error('no done event');
  const log = (await emulatorRequests()).filter((r) => r.path.includes('/v1.0/users'));
  const emulatorMs = log.reduce((a, r) => a + r.durationMs, 0);
  const pages = done.analysis.pages;
  return { users: done.totals.total, pages, wall, floor: pages * LATENCY, emulatorMs, peak, firstPageAt, upns, select };
}

/**
 * A naive pager for comparison: a client that does nothing but follow @odata.nextLink, one whole page after
 * the other (no JSON parsing, no counting, no streaming, no reading ahead), same token, $select and headers.
 */
async function barePager(tenant, select) {
  const form = new URLSearchParams({ client_id: tenant.apps[0].appId, client_secret: tenant.apps[0].secrets[0].value, scope: 'https://graph.microsoft.com/.default', grant_type: 'client_credentials' });
  const token = (await (await fetch(`${loginUrl}/${tenant.id}/oauth2/v2.0/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form })).json()).access_token;
  let url = `${graphUrl}/v1.0/users?$select=${select.join(',')}&$top=999&$count=true`;
  let pages = 0;
  const started = performance.now();
  while (url) {
    const text = await (await fetch(url, { headers: { authorization: `Bearer ${token}`, ConsistencyLevel: 'eventual' } })).text();
    pages += 1;
    const m = /"@odata\.nextLink":"([^"]+)"/.exec(text.slice(0, 4096));
    url = m?.[1];
  }
  return { pages, ms: performance.now() - started };
}

console.log(`\nServer idle RSS: ${mb(treeRss(server.pid))}. Warming up (one small analysis)…`);
await analyse(tenants[0], { keepUpns: false });
const idle = treeRss(server.pid);

const results = [];
let upnsForCsv;
for (const t of tenants) {
  const count = t.generatedUsers.count;
  const r = await analyse(t, { keepUpns: count === RSS_SIZE });
  if (r.upns) upnsForCsv = r.upns;
  const bare = await barePager(t, r.select);
  results.push({ count, ...r, bare: bare.ms });
  console.log(
    `  ${fmt(count).padStart(9)} users: ${fmt(r.pages)} pages in ${(r.wall / 1000).toFixed(2)} s · floor ${(r.floor / 1000).toFixed(2)} s → ratio ${(r.wall / r.floor).toFixed(3)}` +
      ` · bare pager ${(bare.ms / 1000).toFixed(2)} s → ratio ${(r.wall / bare.ms).toFixed(3)} · emulator's own answer time ${(r.emulatorMs / 1000).toFixed(2)} s · server peak RSS ${mb(r.peak)}`,
  );
}

/* ---------- reconciliation: the browser's code, in Node, on a file read in 64 KB chunks ---------- */

const { reconcileStream, UpnIndex } = await tsImport('../lib/analysis/reconcile.ts', import.meta.url);

function writeCsv(file, rows, upns) {
  const fd = fs.openSync(file, 'w');
  let chunk = '\uFEFFuser.name,user.sid,user.ad.username\r\n';
  for (let i = 0; i < rows; i++) {
    const upn = upns[i % upns.length];
    const k = i % 100;
    const at = upn.lastIndexOf('@');
    const value =
      k < 70 ? upn : k < 75 ? upn.toUpperCase() : k < 85 ? '' : k < 90 ? `${upn.slice(0, at)}@corp.local` : k < 92 ? `gone${i}_x.com#EXT#@bench.onmicrosoft.com` : k < 95 ? `CORP\\user${i}` : `left${i}@bench.example.com`;
    chunk += `"User ${i}, Bench",S-1-5-21-1004336348-1177238915-${i},${value}\r\n`;
    if (chunk.length > 1 << 20) {
      fs.writeSync(fd, chunk);
      chunk = '';
    }
  }
  fs.writeSync(fd, chunk);
  fs.closeSync(fd);
}

/** The page's code path (reconcileStream) on the file read as text in 64 KB chunks. */
async function reconcileFile(file, index) {
  const started = performance.now();
  const result = await reconcileStream(fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 64 * 1024 }), index);
  return { ms: performance.now() - started, result };
}

const index = new UpnIndex();
const indexStarted = performance.now();
index.addAll(upnsForCsv);
const indexMs = performance.now() - indexStarted;
console.log(`\nReconciliation: UPN index of ${fmt(index.size)} Entra UPNs (from the ${fmt(RSS_SIZE)}-user analysis) built in ${indexMs.toFixed(0)} ms.`);
const csvResults = [];
// Every file is written (and flushed) before any is timed, and the sizes take turns: writing 180 MB right before
// timing the bigger file left the kernel flushing it during that file's runs, and a busy spell of the machine
// would otherwise fall on one size only. Best of three per size, after one warm-up run each (JIT).
const files = rowCounts.map((rows) => {
  const file = path.join(work, `users-${rows}.csv`);
  writeCsv(file, rows, upnsForCsv);
  const fd = fs.openSync(file, 'r');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  return { rows, file, size: fs.statSync(file).size, best: undefined };
});
for (const f of files) await reconcileFile(f.file, index);
for (let i = 0; i < 3; i++) {
  for (const f of files) {
    const run = await reconcileFile(f.file, index);
    if (!f.best || run.ms < f.best.ms) f.best = run;
  }
}
for (const { rows, file, size, best } of files) {
  const { ms, result } = best;
  csvResults.push({ rows, ms, size });
  console.log(
    `  ${fmt(rows).padStart(9)} rows (${mb(size)}): ${(ms / 1000).toFixed(2)} s → ${fmt(Math.round((rows / ms) * 1000))} rows/s · exact ${fmt(result.counts.exact)}, case ${fmt(result.counts.caseOnly)}, empty ${fmt(result.counts.empty)}, .local ${fmt(result.counts.localSuffix)}, guest ${fmt(result.counts.guest)}, not a UPN ${fmt(result.counts.notUpn)}, other ${fmt(result.counts.other)}`,
  );
  fs.rmSync(file);
}

/* ---------- summary ---------- */

const at = (n) => results.find((r) => r.count === n);
const rss = at(RSS_SIZE);
const rates = csvResults.map((c) => Math.round((c.rows / c.ms) * 1000));
/** One line per figure: value, budget and pass/FAIL; informative figures have no budget. */
const table = [];
for (const r of results) {
  const ratio = r.wall / r.floor;
  table.push({ figure: `Analysis ${fmt(r.count)} users: wall ÷ paging floor (${fmt(r.pages)} pages × ${LATENCY} ms)`, value: ratio.toFixed(3), budget: '≤ 1.15', ok: ratio <= 1.15 });
}
for (const r of results) table.push({ figure: `Analysis ${fmt(r.count)} users: wall ÷ bare pager on this machine`, value: (r.wall / r.bare).toFixed(3), budget: '', ok: true });
table.push({ figure: `Server peak RSS during the ${fmt(RSS_SIZE)}-user analysis (idle after warm-up ${mb(idle)})`, value: mb(rss.peak), budget: '≤ 200 MB', ok: rss.peak <= 200 * 1024 * 1024 });
for (const n of baseSizes.filter((n) => at(n * 2))) {
  table.push({ figure: `Analysis ${fmt(n)}→${fmt(n * 2)} users: time, peak RSS`, value: `×${(at(n * 2).wall / at(n).wall).toFixed(2)}, ×${(at(n * 2).peak / at(n).peak).toFixed(2)}`, budget: '', ok: true });
}
csvResults.forEach((c, i) => table.push({ figure: `CSV reconciliation ${fmt(c.rows)} rows: rows per second`, value: fmt(rates[i]), budget: '≥ 500,000', ok: rates[i] >= 500_000 }));
if (csvResults.length === 2) {
  const growth = csvResults[1].ms / csvResults[0].ms;
  table.push({ figure: `CSV reconciliation ${fmt(csvResults[0].rows)}→${fmt(csvResults[1].rows)} rows: time`, value: `×${growth.toFixed(3)}`, budget: '≤ ×2.1', ok: growth <= 2.1 });
}

const w = [Math.max(...table.map((r) => r.figure.length)), Math.max(...table.map((r) => r.value.length)), Math.max(...table.map((r) => r.budget.length), 6)];
const line = (a, b, c, d) => `${a.padEnd(w[0])}  ${b.padStart(w[1])}  ${c.padEnd(w[2])}  ${d}`;
console.log('\n' + line('Figure', 'Value', 'Budget', 'Result'));
console.log(line('-'.repeat(w[0]), '-'.repeat(w[1]), '-'.repeat(w[2]), '------'));
for (const r of table) console.log(line(r.figure, r.value, r.budget, r.budget ? (r.ok ? 'pass' : 'FAIL') : ''));
const failed = table.filter((r) => !r.ok).length;
console.log(failed ? `\n${failed} budget(s) missed.` : '\nAll budgets met.');
console.log(`Load average at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} (other work on this machine skews every figure above).`);
cleanup();
await Promise.race([once(server, 'exit'), new Promise((r) => setTimeout(r, 3000))]);
process.exit(failed ? 1 : 0);
