/**
 * Outbound allowlist (SSRF): hostile strings typed into every input that reaches an upstream URL — tenant,
 * domain, client ID, test user UPN, mapped property, cloud, Nexthink instance — go through the real route
 * handlers (PATCH, then the validations that use the input). Every call the server then makes is checked
 * against its URL template in the emulator's request log, and HTTP(S)_PROXY points at a catch-all
 * listener (NO_PROXY: only the emulator), so a call to any other host is caught.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '@/e2e/emulator/server';
import { startCatchAll, type CatchAll } from '@/e2e/support/catch-all';
import { EmulatorControl, makeTenant } from '@/e2e/support/emulator-control';
import { startFaultProxy, type FaultProxy } from '@/e2e/support/fault-proxy';
import { hostileStrings } from '@/e2e/support/hostile';
import { callRoute, jsonBody, type RouteHandler } from '@/e2e/support/route-handlers';
import { isDomainName, isGuid } from '@/lib/entra/identifiers';
import { coverageQuery } from '@/lib/nexthink/nql';

let emulator: RunningEmulator;
let catchAll: CatchAll;
let nexthinkProxy: FaultProxy;
let control: EmulatorControl;
let tmp: string;
let routes: {
  createSetup: RouteHandler;
  patchSetup: RouteHandler;
  validate: RouteHandler;
  nqlCheck: RouteHandler;
  analyse: RouteHandler;
};
let upstreamMod: typeof import('@/lib/http/upstream');

const t = makeTenant({ name: 'SSRF' });
const goodUpn = String(t.tenant.users?.[0]?.userPrincipalName);
const NEXTHINK = { instance: 'acme', region: 'eu', clientId: 'nql-client', clientSecret: 'nql-secret-value-0123456789', coverageQueryId: '#entra_upn_coverage' };
let setupId = '';
let hostile: string[] = [];

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wizard-ssrf-'));
  catchAll = await startCatchAll();
  emulator = await startEmulator({
    scenario: {
      tenants: [],
      nexthink: {
        instances: [
          {
            instance: 'acme',
            region: 'eu',
            credentials: [{ clientId: NEXTHINK.clientId, clientSecret: NEXTHINK.clientSecret }],
            queries: [{ id: '#entra_upn_coverage', nql: coverageQuery }],
            users: [{ name: 'Adele', adUsername: goodUpn }],
          },
        ],
      },
    },
  });
  nexthinkProxy = await startFaultProxy(emulator.nexthinkUrl);
  control = new EmulatorControl(emulator.loginUrl);
  await control.upsertTenant(t.tenant);

  const direct = [emulator.loginUrl, emulator.graphUrl, nexthinkProxy.url].map((u) => new URL(u).host).join(',');
  for (const k of ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy']) process.env[k] = catchAll.url;
  for (const k of ['NO_PROXY', 'no_proxy']) process.env[k] = direct;
  Object.assign(process.env, {
    DATABASE_PATH: path.join(tmp, 'ssrf.db'),
    ENTRA_LOGIN_URL: emulator.loginUrl,
    GRAPH_API_URL: emulator.graphUrl,
    NEXTHINK_API_URL: nexthinkProxy.url,
    UPSTREAM_TIMEOUT_MS: '3000',
    UPSTREAM_MAX_RETRIES: '0',
    LOG_LEVEL: 'silent',
    RATE_LIMIT_VALIDATIONS_PER_IP: '1000000',
    RATE_LIMIT_VALIDATIONS_PER_SETUP: '1000000',
    RATE_LIMIT_VALIDATIONS_TOTAL: '1000000',
    RATE_LIMIT_SETUPS_PER_IP: '1000000',
  });
  const [create, one, validate, nql, analyse, upstream] = await Promise.all([
    import('@/app/api/setups/route'),
    import('@/app/api/setups/[id]/route'),
    import('@/app/api/setups/[id]/steps/[step]/validate/route'),
    import('@/app/api/setups/[id]/steps/field-mapping/nql-check/route'),
    import('@/app/api/setups/[id]/steps/field-mapping/analyse/route'),
    import('@/lib/http/upstream'),
  ]);
  routes = { createSetup: create.POST, patchSetup: one.PATCH, validate: validate.POST, nqlCheck: nql.POST, analyse: analyse.POST };
  upstreamMod = upstream;
  hostile = hostileStrings(catchAll.host);

  const created = await callRoute(routes.createSetup, { method: 'POST', path: '/api/setups', body: jsonBody({ name: 'SSRF', tenant: t.tenantId, clientId: t.app.appId, sampleUpn: goodUpn }) });
  expect(created.status).toBe(201);
  setupId = (created.json as { id: string }).id;
}, 60_000);

afterAll(async () => {
  await emulator?.close();
  await nexthinkProxy?.close();
  await catchAll?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
  for (const k of ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy', 'NO_PROXY', 'no_proxy']) delete process.env[k];
});

/* ---------------- the URL templates of every upstream call the server makes ---------------- */

type Template = { host: 'login' | 'graph'; method: string; path: string[]; query: string[] };
const templates: Template[] = [
  { host: 'login', method: 'GET', path: ['{tenant}', 'v2.0', '.well-known', 'openid-configuration'], query: [] },
  { host: 'login', method: 'POST', path: ['{tenant}', 'oauth2', 'v2.0', 'token'], query: [] },
  { host: 'graph', method: 'GET', path: ['v1.0', 'users'], query: ['$top', '$select', '$count', '$skiptoken'] },
  { host: 'graph', method: 'GET', path: ['v1.0', 'users', '{user}'], query: ['$select'] },
  // A UPN starting with $ in Graph's key form: /users('$x@contoso.com')
  { host: 'graph', method: 'GET', path: ['v1.0', '{userKey}'], query: ['$select'] },
  { host: 'graph', method: 'GET', path: ['v1.0', 'groups'], query: ['$top', '$select'] },
  { host: 'graph', method: 'GET', path: ['v1.0', 'devices'], query: ['$top', '$select'] },
];

const decode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
};

function variableSegmentProblem(name: string, raw: string): string | undefined {
  const value = decode(raw);
  if (raw === '' || value === undefined) return `${name} segment "${raw}" is empty or not decodable`;
  if (['.', '..'].includes(raw) || ['.', '..'].includes(value)) return `${name} segment "${raw}" is a dot segment`;
  if (/[?#\s]/.test(raw)) return `${name} segment "${raw}" holds an unencoded ? # or space`;
  if (name === '{tenant}' && !isGuid(value) && !isDomainName(value)) return `tenant segment "${raw}" is neither a GUID nor a domain name`;
  if (name === '{userKey}') {
    // users('…') around one percent-encoded value whose own quotes are doubled: nothing can close the quote early.
    const key = /^users\('((?:[^'%]|%[0-9A-F]{2}|'')*)'\)$/.exec(raw)?.[1];
    if (key === undefined || !key.startsWith('$')) return `segment "${raw}" is not users('$…') with one quoted key`;
  }
  return undefined;
}

/** Why a logged request fits no template (undefined when it fits one). */
function templateProblem(entry: { host: string; method: string; path: string }): string | undefined {
  const raw = entry.path;
  if (raw.includes('#')) return `${raw}: holds a fragment`;
  const q = raw.indexOf('?');
  const pathPart = q < 0 ? raw : raw.slice(0, q);
  const query = q < 0 ? undefined : raw.slice(q + 1);
  const segments = pathPart.split('/').slice(1);
  const candidates = templates.filter((tp) => tp.host === entry.host && tp.method === entry.method && tp.path.length === segments.length);
  const reasons: string[] = [];
  for (const tp of candidates) {
    const problems: string[] = [];
    tp.path.forEach((fixed, i) => {
      const seg = segments[i] ?? '';
      if (fixed.startsWith('{')) {
        const p = variableSegmentProblem(fixed, seg);
        if (p) problems.push(p);
      } else if (seg !== fixed) problems.push(`segment ${i} is "${seg}", not "${fixed}"`);
    });
    if (query !== undefined) {
      const keys = query.split('&').map((pair) => decode(pair.split('=')[0] ?? ''));
      if (tp.query.length === 0) problems.push('has a query');
      for (const k of keys) if (k === undefined || !tp.query.includes(k)) problems.push(`query key "${k}" is not one of ${tp.query.join(', ')}`);
      if (new Set(keys).size !== keys.length) problems.push('a query key is repeated');
    }
    if (problems.length === 0) return undefined;
    reasons.push(problems.join('; '));
  }
  return `${entry.host} ${entry.method} ${raw}: ${reasons.join(' | ') || 'no template with this method and segment count'}`;
}

const NEXTHINK_PATHS = { login: '/oauth2/default/v1/token', api: '/api/v2/nql/execute' };

function nexthinkProblem(entry: { method: string; target: string }): string | undefined {
  const [, host = '', ...rest] = entry.target.split('/');
  const pathPart = `/${rest.join('/')}`;
  if (entry.method !== 'POST') return `${entry.target}: ${entry.method}`;
  if (!upstreamMod.NEXTHINK_HOST_RE.test(host)) return `${entry.target}: host ${host} is not a Nexthink host`;
  const expected = host.includes('-login.') ? NEXTHINK_PATHS.login : NEXTHINK_PATHS.api;
  if (pathPart !== expected) return `${entry.target}: path ${pathPart} is not ${expected}`;
  return undefined;
}

/** Checks and clears every log: nothing reached the catch-all, every call fits its template. */
async function expectOnlyTemplatedCalls(): Promise<number> {
  const log = await control.requests();
  const nexthink = nexthinkProxy.requests.splice(0);
  const problems = [...log.map(templateProblem), ...nexthink.map(nexthinkProblem)].filter(Boolean);
  expect(problems).toEqual([]);
  expect(catchAll.caught).toEqual([]);
  await fetch(`${emulator.loginUrl}/_emulator/requests`, { method: 'DELETE' });
  return log.length + nexthink.length;
}

/* ---------------- driving the handlers ---------------- */

const patch = (body: Record<string, unknown>) => callRoute(routes.patchSetup, { method: 'PATCH', path: `/api/setups/${setupId}`, params: { id: setupId }, body: jsonBody(body) });

async function validate(step: string, withSecret = true) {
  const res = await callRoute(routes.validate, {
    method: 'POST',
    path: `/api/setups/${setupId}/steps/${step}/validate`,
    params: { id: setupId, step },
    body: jsonBody(withSecret ? { clientSecret: t.app.secret } : {}),
  });
  expect(res.status, `${step}: ${res.text.slice(0, 200)}`).toBe(200);
  return res.json as { status: string; checks: { id: string; status: string }[] };
}

async function analyse() {
  const res = await callRoute(routes.analyse, {
    method: 'POST',
    path: `/api/setups/${setupId}/steps/field-mapping/analyse`,
    params: { id: setupId },
    body: jsonBody({ clientSecret: t.app.secret }),
  });
  expect(res.status).toBe(200);
}

const good = { tenant: t.tenantId, clientId: t.app.appId, sampleUpn: goodUpn, cloud: 'global', mapping: { username: 'userPrincipalName', department: 'department' } };

type Kind = { field: string; variants: (h: string) => string[]; apply: (v: string) => Record<string, unknown>; steps: string[]; analyse?: boolean; closedList?: true };

const kinds: Kind[] = [
  { field: 'tenant', variants: (h) => [h], apply: (v) => ({ tenant: v }), steps: ['app-registration', 'certificates-secrets', 'tenant-id'] },
  { field: 'tenant', variants: (h) => [`${t.domain}${h}`, `${h}${t.domain}`, `${h}.${t.domain}`], apply: (v) => ({ tenant: v }), steps: ['app-registration', 'certificates-secrets', 'tenant-id'] },
  { field: 'clientId', variants: (h) => [h, `${t.app.appId}${h}`], apply: (v) => ({ clientId: v }), steps: ['app-registration', 'certificates-secrets'] },
  { field: 'sampleUpn', variants: (h) => [h, `${h}@${t.domain}`, `${goodUpn}${h}`], apply: (v) => ({ sampleUpn: v }), steps: ['tenant-id'] },
  {
    field: 'mapping',
    variants: (h) => [h, `userPrincipalName${h}`],
    apply: (v) => ({ mapping: { username: v, department: v } }),
    steps: ['field-mapping'],
    analyse: true,
  },
  { field: 'cloud', variants: (h) => [h, `global${h}`], apply: (v) => ({ cloud: v }), steps: ['app-registration'], closedList: true },
];

describe('outbound allowlist under hostile input', () => {
  it('the trap works: a call to any host outside the emulator lands in the catch-all', async () => {
    const res = await upstreamMod.upstream({ method: 'GET', url: 'https://login.microsoftonline.us/common/v2.0/.well-known/openid-configuration', purpose: 'trap check' });
    expect(res.ok).toBe(false);
    expect(catchAll.caught.map((c) => c.via)).toEqual(['connect']);
    catchAll.clear();
  });

  it('a healthy setup validates, and its calls fit the templates', async () => {
    for (const step of ['app-registration', 'certificates-secrets', 'tenant-id', 'field-mapping']) expect((await validate(step)).status).toBe('pass');
    await analyse();
    expect(await expectOnlyTemplatedCalls()).toBeGreaterThan(8);
  });

  for (const kind of kinds) {
    it(`${kind.field} (${kind.variants('<h>').join(' | ')}): no input leaves the allowlist or changes an upstream URL's shape`, { timeout: 180_000 }, async () => {
      let refused = 0;
      let accepted = 0;
      for (const h of hostile) {
        for (const value of kind.variants(h)) {
          const res = await patch(kind.apply(value));
          expect([200, 400], `${kind.field}=${JSON.stringify(value).slice(0, 80)}: ${res.status}`).toContain(res.status);
          if (res.status === 400) {
            refused++;
            const fields = Object.keys((res.json as { error: { fields?: Record<string, string> } }).error.fields ?? {});
            expect(fields.some((f) => f.split('.')[0] === kind.field), `${kind.field} named in ${fields.join(', ')}`).toBe(true);
            continue;
          }
          accepted++;
          for (const step of kind.steps) await validate(step, step !== 'app-registration');
          if (kind.analyse) await analyse();
        }
        await expectOnlyTemplatedCalls();
        expect((await patch(good)).status).toBe(200);
      }
      // Values that got through are what exercised the URL building; a closed list (cloud) lets none through.
      if (kind.closedList) expect(accepted).toBe(0);
      else expect(accepted, `no ${kind.field} value was accepted, so no upstream URL was built from one`).toBeGreaterThan(0);
      expect(refused).toBeGreaterThan(0);
    });
  }

  it('Nexthink instance and region: only {instance}-login / {instance}.api hosts under nexthink.cloud, fixed paths, no query', { timeout: 120_000 }, async () => {
    const nql = (body: Record<string, unknown>) =>
      callRoute(routes.nqlCheck, { method: 'POST', path: `/api/setups/${setupId}/steps/field-mapping/nql-check`, params: { id: setupId }, body: jsonBody({ ...NEXTHINK, ...body }) });
    const ok = await nql({});
    expect(ok.status).toBe(200);
    expect((ok.json as { status: string }).status).toBe('pass');
    let refused = 0;
    for (const h of hostile) {
      for (const body of [{ instance: h }, { instance: `acme${h}` }, { instance: `${h}.eu.nexthink.cloud` }, { instance: `https://acme.eu.nexthink.cloud/${h}` }, { region: h }, { coverageQueryId: h }]) {
        const res = await nql(body);
        expect([200, 400], `${JSON.stringify(body).slice(0, 80)}: ${res.status}`).toContain(res.status);
        if (res.status === 400) {
          refused++;
          const fields = Object.keys((res.json as { error: { fields?: Record<string, string> } }).error.fields ?? {});
          expect(fields).toEqual(Object.keys(body));
        }
      }
      await expectOnlyTemplatedCalls();
    }
    expect(refused).toBeGreaterThan(hostile.length * 3);
  });

  it('after all of it, the emulator was never reset or reconfigured through an input, and the setup still validates', async () => {
    for (const step of ['app-registration', 'certificates-secrets', 'tenant-id', 'field-mapping']) expect((await validate(step)).status).toBe('pass');
    expect(catchAll.caught).toEqual([]);
  });
});
