// Shared by the long tests (scripts/durability.mjs, scripts/load.mjs) and bench:users: the emulator and the production
// server as child processes on loopback, free ports, and a scenario of healthy tenants.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { childEnv } from './child-env.mjs';

export const root = path.resolve(import.meta.dirname, '..', '..');

// Children die with this process, however it ends.
const children = new Set();
process.on('exit', () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});
function track(child) {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export { childEnv };
export { freePort } from './ports.mjs';

export { prng } from '../../e2e/support/prng.mjs';

const future = (days) => new Date(Date.now() + days * 86_400_000).toISOString();

/** `count` healthy tenants: one app with a secret and User.Read.All, eight users with every mapped property. */
export function healthyTenants(count) {
  return Array.from({ length: count }, (_, i) => {
    const id = randomUUID();
    const short = id.slice(0, 8);
    const domain = `t${short}.example.com`;
    const secret = `Ld8Q~${randomUUID().replace(/-/g, '').slice(0, 24)}.long_${short}`;
    const appId = randomUUID();
    const users = ['Adele Vance', 'Alex Wilber', 'Diego Siciliani', 'Grady Archie', 'Isaiah Langer', 'Johanna Lorenz', 'Lee Gu', 'Lidia Holloway'].map((name) => {
      const [first, last] = name.split(' ');
      const upn = `${first.toLowerCase()}.${last.toLowerCase()}@${domain}`;
      return { userPrincipalName: upn, displayName: name, givenName: first, surname: last, mail: upn, department: 'IT', jobTitle: 'Engineer', officeLocation: '18/2111', city: 'Lausanne', country: 'Switzerland', usageLocation: 'CH' };
    });
    return {
      tenant: {
        id,
        displayName: `Long test ${i}`,
        domains: [`t${short}.onmicrosoft.com`, domain],
        apps: [{ appId, displayName: 'Nexthink connector', secrets: [{ value: secret, displayName: 'long', startDateTime: future(-10), endDateTime: future(180) }], roles: ['User.Read.All'] }],
        users,
      },
      tenantId: id,
      appId,
      secret,
      sampleUpn: users[0].userPrincipalName,
    };
  });
}

async function linesUntil(stream, pattern, timeoutMs, what) {
  let buffer = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not start within ${timeoutMs / 1000} s:\n${buffer}`)), timeoutMs);
    const onData = (chunk) => {
      buffer += chunk.toString();
      const m = pattern.exec(buffer);
      if (m) {
        clearTimeout(timer);
        stream.off('data', onData);
        stream.resume();
        resolve(m);
      }
    };
    stream.on('data', onData);
  });
}

/** The Entra ID / Graph / Nexthink emulator in a process of its own (so its work is not on the measured clock). */
export async function startEmulatorProcess({ dir, tenants, latencyMs = 0 }) {
  const scenarioFile = path.join(dir, 'scenario.json');
  fs.writeFileSync(scenarioFile, JSON.stringify({ tenants, latencyMs }));
  // tsx's loader in this process rather than its CLI, which would run the emulator in a second process.
  // EMULATOR_NODE_ARGS (and SERVER_NODE_ARGS for the server): extra Node.js flags, e.g. --cpu-prof to profile.
  const nodeArgs = (process.env.EMULATOR_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = track(spawn(process.execPath, [...nodeArgs, '--import', 'tsx', path.join(root, 'e2e/emulator/main.ts'), '--scenario', scenarioFile, '--login-port', '0', '--graph-port', '0'], {
    cwd: root,
    env: childEnv(),
    stdio: ['ignore', 'pipe', 'inherit'],
  }));
  const m = await linesUntil(child.stdout, /emulator ready login=(\S+) graph=(\S+)/, 60_000, 'the emulator');
  return {
    loginUrl: m[1],
    graphUrl: m[2],
    child,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

/** The standalone production server (as `npm start` and the container run it), output appended to `logFile`; resolves once /api/health answers 200. */
export async function startServer({ port, env, logFile, timeoutMs = 120_000, cwd = root }) {
  const out = fs.openSync(logFile, 'a');
  const nodeArgs = (process.env.SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const dir = path.join(cwd, '.next/standalone');
  if (!fs.existsSync(path.join(dir, 'server.js'))) throw new Error(`the build has no ${path.join(dir, 'server.js')}: run npm run build`);
  const child = track(spawn(process.execPath, [...nodeArgs, path.join(dir, 'server.js')], {
    cwd: dir,
    env: childEnv({ NODE_ENV: 'production', PORT: String(port), HOSTNAME: '127.0.0.1', ...env }),
    stdio: ['ignore', out, out],
  }));
  fs.closeSync(out);
  const exited = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}) while starting; see ${logFile}`);
    try {
      if ((await fetch(`${url}/api/health`)).status === 200) break;
    } catch {
      /* starting */
    }
    if (Date.now() > deadline) throw new Error(`the server did not answer within ${timeoutMs / 1000} s; see ${logFile}`);
    await sleep(100);
  }
  return {
    url,
    child,
    exited,
    async kill(signal = 'SIGKILL') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      await exited;
    },
  };
}

/** CPU time (user + system, ms) a process and its descendants have used so far, from /proc. */
export function cpuMs(pid) {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    let ms = ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
    for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
      for (const child of fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean)) ms += cpuMs(Number(child)) ?? 0;
    }
    return ms;
  } catch {
    return undefined;
  }
}

export async function upsertTenant(loginUrl, tenant) {
  const res = await fetch(`${loginUrl}/_emulator/tenants`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(tenant) });
  if (!res.ok) throw new Error(`emulator refused the tenant: ${res.status} ${await res.text()}`);
}

/** JSON over HTTP; throws with the status and a bit of the body on anything but 2xx. */
export async function api(url, method, body) {
  const res = await fetch(url, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, ...(body !== undefined && { body: JSON.stringify(body) }) });
  const text = await res.text();
  if (!res.ok) throw Object.assign(new Error(`${method} ${new URL(url).pathname}: HTTP ${res.status} ${text.slice(0, 200)}`), { status: res.status });
  return text ? JSON.parse(text) : undefined;
}
