/**
 * The upstream fault matrix: for each upstream route the wizard calls (discovery, token, Graph users,
 * Graph user lookup, Nexthink's token and NQL execute) × each way it can break (timeout, 500, 503 with
 * Retry-After, 429 with Retry-After, connection reset, malformed JSON, an HTML error page, an empty body),
 * through the real validation route handler against the in-process emulator. Per cell: the affected
 * check is Failed or Warning with a plain cause and a fix, the unaffected checks still ran, exactly one
 * run is stored whole (NQL: nothing is stored), and the next healthy validation passes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '@/e2e/emulator/server';
import type { FaultRuleInput } from '@/e2e/emulator/scenario';
import { snapshotDb } from '@/e2e/support/db-snapshot';
import { EmulatorControl, makeTenant } from '@/e2e/support/emulator-control';
import { startFaultProxy, type FaultProxy, type ProxyFaultKind } from '@/e2e/support/fault-proxy';
import { callRoute, jsonBody, type RouteHandler } from '@/e2e/support/route-handlers';
import type { CheckResult } from '@/lib/checks/result';
import { coverageQuery } from '@/lib/nexthink/nql';

let emulator: RunningEmulator;
let control: EmulatorControl;
let nexthinkProxy: FaultProxy;
let tmp: string;
let dbFile: string;
let routes: { create: RouteHandler; validate: RouteHandler; nqlCheck: RouteHandler; health: () => Promise<Response> };
let clearDiscoveryCache: () => void;

const t = makeTenant({ name: 'Faults' });
const sampleUpn = String(t.tenant.users?.[0]?.userPrincipalName);
const NEXTHINK = { instance: 'acme', region: 'eu', clientId: 'nql-client', clientSecret: 'nql-secret-value-0123456789', coverageQueryId: '#entra_upn_coverage' };

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wizard-faults-'));
  dbFile = path.join(tmp, 'faults.db');
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
            users: Array.from({ length: 10 }, (_, i) => ({ name: `User ${i}`, adUsername: `user${i}@contoso.com` })),
          },
        ],
      },
    },
  });
  nexthinkProxy = await startFaultProxy(emulator.nexthinkUrl);
  control = new EmulatorControl(emulator.loginUrl);
  await control.upsertTenant(t.tenant);
  Object.assign(process.env, {
    DATABASE_PATH: dbFile,
    ENTRA_LOGIN_URL: emulator.loginUrl,
    GRAPH_API_URL: emulator.graphUrl,
    NEXTHINK_API_URL: nexthinkProxy.url,
    UPSTREAM_TIMEOUT_MS: '2000',
    UPSTREAM_MAX_RETRIES: '1',
    UPSTREAM_RETRY_AFTER_CAP_SECONDS: '1',
    LOG_LEVEL: 'silent',
    RATE_LIMIT_VALIDATIONS_PER_IP: '1000000',
    RATE_LIMIT_VALIDATIONS_PER_SETUP: '1000000',
    RATE_LIMIT_VALIDATIONS_TOTAL: '1000000',
    RATE_LIMIT_SETUPS_PER_IP: '1000000',
  });
  const [create, validate, nql, health, discovery] = await Promise.all([
    import('@/app/api/setups/route'),
    import('@/app/api/setups/[id]/steps/[step]/validate/route'),
    import('@/app/api/setups/[id]/steps/field-mapping/nql-check/route'),
    import('@/app/api/health/route'),
    import('@/lib/entra/discovery'),
  ]);
  routes = { create: create.POST, validate: validate.POST, nqlCheck: nql.POST, health: health.GET };
  clearDiscoveryCache = discovery.clearDiscoveryCache;
}, 60_000);

afterAll(async () => {
  await emulator?.close();
  await nexthinkProxy?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const FAULTS = ['hang', '500', '503', '429', 'reset', 'malformed', 'html', 'empty'] as const;
type Fault = (typeof FAULTS)[number];

/** Retry-After: 503 within the cap (the server waits it out once, then reports); 429 beyond it (reported at once). */
const retryAfter: Partial<Record<Fault, number>> = { '503': 1, '429': 30 };

/** What the affected check must say, in plain words, per fault. */
const cause: Record<Fault, RegExp> = {
  hang: /did not answer|no answer within/i,
  '500': /HTTP 500|internal (problem|server error)|had a problem/i,
  '503': /HTTP 503|temporarily unavailable|service unavailable|had a problem|AADSTS90033/i,
  '429': /429|throttl/i,
  reset: /connection was reset|could not reach|could not be reached/i,
  malformed: /could not be read|malformed|not an NQL result|without a token|not JSON/i,
  html: /HTML page|HTTP 502|bad gateway/i,
  empty: /empty/i,
};

/** Things that must never reach an admin: stack traces, raw bodies, JavaScript's own words. */
const NOT_PLAIN = [
  /\bat \S+ \(.*:\d+:\d+\)/,
  /\b(TypeError|SyntaxError|ReferenceError|AbortError|DOMException)\b/,
  /\bundefined\b|\bnull\b|\[object Object\]|\bNaN\b/,
  /<\/?(html|center|head|body|title)\b/i,
  /\{"/,
  /eyJ0eX|access_token|businessPhones|token_endpoint_auth|executedQuery/,
  /Microsoft-Azure-Application-Gateway/,
];

function expectPlain(check: CheckResult, where: string) {
  for (const [field, text] of [
    ['summary', check.summary],
    ['remediation', check.remediation],
    ['detail', check.detail],
    ['evidence.message', check.evidence?.message],
  ] as const) {
    if (text === undefined) continue;
    for (const bad of NOT_PLAIN) expect(text, `${where}: ${field} "${text}"`).not.toMatch(bad);
  }
  expect(check.summary.trim().length, `${where}: summary`).toBeGreaterThan(10);
  expect((check.remediation ?? '').trim().length, `${where}: remediation`).toBeGreaterThan(10);
}

type Row = {
  route: string;
  step?: string;
  setup: Record<string, unknown>;
  secret: boolean;
  affected: string;
  /** Checks that do not use this route: they must still run and pass. */
  unaffected: string[];
  inject(fault: Fault): Promise<void>;
};

const microsoft = (route: FaultRuleInput['route']) => async (fault: Fault) => {
  await control.addFault({ route, kind: fault, tenant: t.tenantId, ...(retryAfter[fault] !== undefined && { retryAfter: retryAfter[fault] }) });
};
const nexthink = (match: RegExp) => async (fault: Fault) => {
  nexthinkProxy.addFault({ match, kind: fault as ProxyFaultKind, ...(retryAfter[fault] !== undefined && { retryAfter: retryAfter[fault] }) });
};

const rows: Row[] = [
  {
    route: 'discovery',
    step: 'app-registration',
    setup: { tenant: t.domain, clientId: t.app.appId },
    secret: false,
    affected: 'tenant-exists',
    unaffected: ['tenant-format', 'client-id-format', 'client-id-exists'],
    inject: microsoft('discovery'),
  },
  {
    route: 'token',
    step: 'certificates-secrets',
    setup: { tenant: t.tenantId, clientId: t.app.appId, secretExpiresOn: '2099-01-01' },
    secret: true,
    affected: 'token',
    unaffected: ['secret-format', 'secret-expiry'],
    inject: microsoft('token'),
  },
  {
    route: 'graph-users',
    step: 'field-mapping',
    setup: { tenant: t.tenantId, clientId: t.app.appId },
    secret: true,
    affected: 'mapped-properties',
    unaffected: ['username-mapping'],
    inject: microsoft('graph-users'),
  },
  {
    route: 'graph-user',
    step: 'tenant-id',
    setup: { tenant: t.tenantId, clientId: t.app.appId, sampleUpn },
    secret: true,
    affected: 'sample-user',
    unaffected: ['token-url', 'token-url-works'],
    inject: microsoft('graph-user'),
  },
  { route: 'nql-token', setup: {}, secret: false, affected: 'nql-api-coverage', unaffected: [], inject: nexthink(/-login\.eu\.nexthink\.cloud\//) },
  { route: 'nql-execute', setup: {}, secret: false, affected: 'nql-api-coverage', unaffected: [], inject: nexthink(/\/api\/v2\/nql\/execute$/) },
];

async function createSetup(fields: Record<string, unknown>): Promise<string> {
  const res = await callRoute(routes.create, { method: 'POST', path: '/api/setups', body: jsonBody({ name: 'fault cell', ...fields }) });
  expect(res.status).toBe(201);
  return (res.json as { id: string }).id;
}

async function run(row: Row, id: string): Promise<{ status: number; body: { status: string; startedAt: string; checks: CheckResult[] } }> {
  if (!row.step) {
    const res = await callRoute(routes.nqlCheck, { method: 'POST', path: `/api/setups/${id}/steps/field-mapping/nql-check`, params: { id }, body: jsonBody(NEXTHINK) });
    const check = res.json as CheckResult;
    return { status: res.status, body: { status: check.status, startedAt: '', checks: [check] } };
  }
  const res = await callRoute(routes.validate, {
    method: 'POST',
    path: `/api/setups/${id}/steps/${row.step}/validate`,
    params: { id, step: row.step },
    body: jsonBody(row.secret ? { clientSecret: t.app.secret } : {}),
  });
  return { status: res.status, body: res.json as never };
}

function storedRuns(id: string) {
  const db = new Database(dbFile);
  try {
    return db.prepare('select step, started_at, status, checks from validation_runs where setup_id = ?').all(id) as { step: string; started_at: string; status: string; checks: string }[];
  } finally {
    db.close();
  }
}

const withoutRateLimits = (snap: ReturnType<typeof snapshotDb>) => Object.fromEntries(Object.entries(snap).filter(([k]) => k !== 'rate_limits'));

async function clearFaults() {
  await control.clearFaults();
  nexthinkProxy.clearFaults();
  clearDiscoveryCache();
}

describe('upstream fault matrix', () => {
  for (const row of rows) {
    describe(row.route, () => {
      it.each(FAULTS)(`%s → the affected check fails in plain words, the rest still runs, the run is stored whole, the server keeps serving`, { timeout: 30_000 }, async (fault) => {
        await clearFaults();
        const id = await createSetup(row.setup);
        await row.inject(fault);
        const before = withoutRateLimits(snapshotDb(dbFile));

        const res = await run(row, id);
        expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200);
        const byId = Object.fromEntries(res.body.checks.map((c) => [c.id, c]));
        const affected = byId[row.affected];
        expect(affected, `${row.affected} in ${Object.keys(byId).join(', ')}`).toBeDefined();
        const where = `${row.route} × ${fault}`;
        expect(['fail', 'warn'], `${where}: ${affected!.status} — ${affected!.summary}`).toContain(affected!.status);
        expect(affected!.summary, where).toMatch(cause[fault]);
        expectPlain(affected!, where);
        for (const c of res.body.checks.filter((x) => x.status !== 'skip' && x.status !== 'pass')) expectPlain(c, `${where} (${c.id})`);
        for (const u of row.unaffected) expect(byId[u]?.status, `${where}: ${u} still runs`).toBe('pass');

        if (row.step) {
          const runs = storedRuns(id);
          expect(runs, `${where}: one run stored`).toHaveLength(1);
          expect(runs[0]).toMatchObject({ step: row.step, started_at: res.body.startedAt, status: res.body.status });
          expect(JSON.parse(runs[0]!.checks)).toEqual(res.body.checks);
        } else {
          expect(withoutRateLimits(snapshotDb(dbFile)), `${where}: the NQL check stores nothing`).toEqual(before);
        }

        await clearFaults();
        const healthy = await run(row, id);
        expect(healthy.status).toBe(200);
        expect(healthy.body.status, `${where}: the next healthy run — ${JSON.stringify(healthy.body.checks.filter((c) => c.status !== 'pass').map((c) => c.summary))}`).toBe('pass');
        expect((await routes.health()).status).toBe(200);
      });
    });
  }
});
