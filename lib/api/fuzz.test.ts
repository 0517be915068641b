/**
 * Bad input: 2,000 malformed, oversized, wrong-typed and unicode-heavy requests (seeded, so the same on
 * every run) to every API route handler, called in-process as Next.js calls them. Every answer must be
 * a 4xx JSON error `{error:{code,message}}` naming the field at fault in `error.fields`; none may be a
 * 5xx; and the database — every table, hashed — must be exactly as it was before the rejected requests.
 */
/// <reference types="vite/client" />
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshotDb } from '@/e2e/support/db-snapshot';
import { prng, type Prng } from '@/e2e/support/prng.mjs';
import { callRoute, jsonBody, type RouteCall, type RouteHandler } from '@/e2e/support/route-handlers';

const SEED = 20261126;
const TOTAL = 2000;
const MB = 1024 * 1024;

let tmp: string;
let dbFile: string;
let S = '';
let S2 = '';
let SHARE = '';
/** Setups whose tenant id is known: M's tenant has a monitoring identity (no client ID yet), N's has none. */
let M = '';
let N = '';
const R = {} as Record<string, Record<string, RouteHandler>>;

/** Route modules and the methods this test sends bad input to; the rest take no input at all. */
const ROUTES = {
  setups: 'app/api/setups/route.ts',
  setup: 'app/api/setups/[id]/route.ts',
  validate: 'app/api/setups/[id]/steps/[step]/validate/route.ts',
  consent: 'app/api/setups/[id]/consent/route.ts',
  shares: 'app/api/setups/[id]/shares/route.ts',
  share: 'app/api/setups/[id]/shares/[shareId]/route.ts',
  status: 'app/api/setups/[id]/status/route.ts',
  summary: 'app/api/setups/[id]/summary/route.ts',
  analysis: 'app/api/setups/[id]/analysis/route.ts',
  analyse: 'app/api/setups/[id]/steps/field-mapping/analyse/route.ts',
  nql: 'app/api/setups/[id]/steps/field-mapping/nql-check/route.ts',
  admin: 'app/api/admin/session/route.ts',
  workflows: 'app/api/workflows/route.ts',
  notifications: 'app/api/setups/[id]/notifications/route.ts',
  channels: 'app/api/setups/[id]/notifications/channels/route.ts',
  channel: 'app/api/setups/[id]/notifications/channels/[channelId]/route.ts',
  channelTest: 'app/api/setups/[id]/notifications/channels/[channelId]/test/route.ts',
  thresholds: 'app/api/setups/[id]/notifications/thresholds/route.ts',
  calendar: 'app/api/setups/[id]/calendar.ics/route.ts',
  nonce: 'app/api/auth/nonce/route.ts',
  signin: 'app/api/auth/session/route.ts',
  rotation: 'app/api/setups/[id]/rotation/route.ts',
  approvals: 'app/api/setups/[id]/approvals/route.ts',
  approval: 'app/api/setups/[id]/approvals/[approvalId]/route.ts',
  monitor: 'app/api/setups/[id]/monitor/route.ts',
  monitorCertificate: 'app/api/setups/[id]/monitor/certificate/route.ts',
  monitorRun: 'app/api/setups/[id]/monitor/run/route.ts',
  monitorValidate: 'app/api/setups/[id]/monitor/validate/route.ts',
  nexthinkRun: 'app/api/setups/[id]/steps/[step]/nexthink-run/route.ts',
} as const;
/** Every route module, listed by Vite at transform time (a computed import() path is one it cannot analyse). */
const routeModules = import.meta.glob<Record<string, unknown>>('/app/api/**/route.ts');
const loadRoute = (file: string) => {
  const load = routeModules[`/${file}`];
  if (!load) throw new Error(`${file} is not a route module`);
  return load();
};

const NO_INPUT: Record<string, string[]> = {
  'app/api/health/route.ts': ['GET'],
  'app/api/admin/session/route.ts': ['DELETE'],
  // Sign-in to the wizard is off here (WIZARD_AUTH unset): each answers 404 not_found:signin before reading the
  // body. Their refusals with sign-in on are tested in lib/auth/id-token.test.ts and e2e/specs/access.spec.ts.
  'app/api/auth/nonce/route.ts': ['POST'],
  'app/api/auth/session/route.ts': ['GET', 'POST', 'DELETE'],
  // Reads nothing of the request but its method and path: every call is the same JSON 404 (e2e security spec).
  'app/api/[...path]/route.ts': ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
};
const FUZZED: Record<string, string[]> = {
  [ROUTES.setups]: ['POST'],
  [ROUTES.setup]: ['GET', 'PATCH', 'DELETE'],
  [ROUTES.validate]: ['POST'],
  [ROUTES.consent]: ['POST'],
  [ROUTES.shares]: ['GET', 'POST'],
  [ROUTES.share]: ['DELETE'],
  [ROUTES.status]: ['GET'],
  [ROUTES.summary]: ['GET'],
  [ROUTES.analysis]: ['GET'],
  [ROUTES.analyse]: ['POST'],
  [ROUTES.nql]: ['POST'],
  [ROUTES.admin]: ['POST'],
  [ROUTES.workflows]: ['GET'],
  [ROUTES.notifications]: ['GET'],
  [ROUTES.channels]: ['POST'],
  [ROUTES.channel]: ['DELETE'],
  [ROUTES.channelTest]: ['POST'],
  [ROUTES.thresholds]: ['PUT'],
  [ROUTES.calendar]: ['GET'],
  [ROUTES.rotation]: ['GET', 'POST', 'PATCH'],
  [ROUTES.approvals]: ['GET', 'POST'],
  [ROUTES.approval]: ['DELETE'],
  [ROUTES.monitor]: ['GET', 'POST', 'PATCH', 'DELETE'],
  [ROUTES.monitorCertificate]: ['GET'],
  [ROUTES.monitorRun]: ['POST'],
  [ROUTES.monitorValidate]: ['POST'],
  [ROUTES.nexthinkRun]: ['POST'],
};

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wizard-fuzz-'));
  dbFile = path.join(tmp, 'fuzz.db');
  Object.assign(process.env, {
    DATABASE_PATH: dbFile,
    LOG_LEVEL: 'silent',
    ADMIN_TOKEN: 'fuzz-admin-token-not-a-secret-0123456789',
    // Nothing here may reach an upstream; if a request slipped through, it would go nowhere.
    ENTRA_LOGIN_URL: 'http://127.0.0.1:9',
    GRAPH_API_URL: 'http://127.0.0.1:9',
    NEXTHINK_API_URL: 'http://127.0.0.1:9',
    HTTPS_PROXY: 'http://127.0.0.1:9',
    UPSTREAM_TIMEOUT_MS: '500',
  });
  for (const [name, file] of Object.entries(ROUTES)) R[name] = (await loadRoute(file)) as Record<string, RouteHandler>;

  const a = await callRoute(R.setups!.POST!, { method: 'POST', path: '/api/setups', body: jsonBody({ name: 'Fuzz target', tenant: 'contoso.onmicrosoft.com' }) });
  const b = await callRoute(R.setups!.POST!, { method: 'POST', path: '/api/setups', body: jsonBody({ name: 'Other setup' }) });
  S = (a.json as { id: string }).id;
  S2 = (b.json as { id: string }).id;
  const share = await callRoute(R.shares!.POST!, { method: 'POST', path: `/api/setups/${S}/shares`, params: { id: S }, body: jsonBody({ expiresInDays: 7 }) });
  expect(share.status).toBe(201);
  SHARE = (share.json as { id: string }).id;
  const m = await callRoute(R.setups!.POST!, { method: 'POST', path: '/api/setups', body: jsonBody({ name: 'Monitored', tenant: '22222222-2222-4222-8222-222222222222' }) });
  const n = await callRoute(R.setups!.POST!, { method: 'POST', path: '/api/setups', body: jsonBody({ name: 'Not monitored', tenant: '33333333-3333-4333-8333-333333333333' }) });
  M = (m.json as { id: string }).id;
  N = (n.json as { id: string }).id;
  // Made on this server (key pair and self-signed certificate): nothing upstream.
  const identity = await callRoute(R.monitor!.POST!, { method: 'POST', path: `/api/setups/${M}/monitor`, params: { id: M } });
  expect(identity.status).toBe(201);
}, 60_000);

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

/* ---------------- what a bad request looks like ---------------- */

type Expect = { status: number; code: string; field?: string; exactField?: boolean };
type Case = { label: string; route: keyof typeof ROUTES; method: string; call: RouteCall; expect: Expect; secret?: string };

type BodyRoute = {
  route: keyof typeof ROUTES;
  method: string;
  path: () => string;
  params: () => Record<string, string>;
  base: () => Record<string, unknown>;
  allowEmpty: boolean;
  required: string[];
  fields: Record<string, (rng: Prng) => unknown[]>;
  secretFields?: string[];
};

const CONTROL = ['\u0000', '\n', '\r', '\t', '\u001b', '\u007f', '\u0008'];
const UNICODE_RANGES: [number, number][] = [
  [0x0590, 0x05ff], // Hebrew (RTL)
  [0x0600, 0x06ff], // Arabic (RTL)
  [0x1f300, 0x1faff], // emoji (surrogate pairs)
  [0x0300, 0x036f], // combining marks
  [0x4e00, 0x4fff], // CJK
  [0xff01, 0xff5e], // fullwidth forms
  [0x200b, 0x200f], // zero-width and direction marks
  [0x202a, 0x202e], // bidi embeddings and overrides
  [0x2066, 0x2069], // bidi isolates
  [0x0041, 0x007a], // ASCII letters
];

/** `length` code points (zod's string limits count code points, not UTF-16 units). */
function unicode(rng: Prng, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) {
    const [lo, hi] = rng.pick(UNICODE_RANGES);
    s += String.fromCodePoint(rng.int(lo, hi));
  }
  return s;
}
const withControl = (rng: Prng, s: string) => {
  const at = rng.int(0, s.length);
  return `${s.slice(0, at)}${rng.pick(CONTROL)}${s.slice(at)}`;
};
const deep = (_rng: Prng, depth: number) => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`) as unknown;
const deepObject = (depth: number) => {
  let o: unknown = 'x';
  for (let i = 0; i < depth; i++) o = { a: o };
  return o;
};

const wrongTypes = (nullOk = false) => (rng: Prng): unknown[] => [0, -1, 1.5, 1e308, true, false, ...(nullOk ? [] : [null]), [], ['x'], {}, { value: 'x' }, deep(rng, 64), deepObject(200)];
const text = (max: number) => (rng: Prng): unknown[] => [
  ...wrongTypes()(rng),
  'x'.repeat(max + 1),
  unicode(rng, max + 1),
  '😀'.repeat(max + 1),
  'y'.repeat(200_000),
  ...CONTROL.map((c) => `a${c}b`),
  withControl(rng, unicode(rng, rng.int(1, 40))),
];
const oneOf = (bad: unknown[]) => (rng: Prng): unknown[] => [...wrongTypes()(rng), ...bad, unicode(rng, rng.int(1, 12))];
const secret = (min: number) => (rng: Prng): unknown[] => [...wrongTypes()(rng), ...(min > 0 ? [''] : []), 's'.repeat(1025), unicode(rng, 1025), `k${'e'.repeat(2000)}`];

const lookalikes = (word: string) => [
  word.toUpperCase(),
  word[0]!.toUpperCase() + word.slice(1),
  ` ${word}`,
  `${word} `,
  `${word}\u200b`,
  `\u202e${word}`,
  word.replace(/o|a|e/, (m) => ({ o: 'о', a: 'а', e: 'е' })[m] ?? m),
  `${word}\u0000`,
  `${word}😀`,
  '',
];

const setupFields: BodyRoute['fields'] = {
  name: text(120),
  tenant: text(256),
  clientId: text(256),
  sampleUpn: text(320),
  cloud: oneOf([...lookalikes('global'), ...lookalikes('usgov'), 'public', 'azure', 'usgov dod', 'china\u3000']),
  secretExpiresOn: (rng) => [
    ...wrongTypes(true)(rng),
    '2024-13-01',
    '2024-02-30',
    '2023-02-29',
    'tomorrow',
    '',
    '   ',
    '٢٠٩٩-٠١-٠١',
    '２０９９-０１-０１',
    '2099/01/01',
    '01-01-2099',
    '\u202e2099-01-01',
    unicode(rng, 10),
  ],
  mapping: (rng) => [
    0,
    true,
    'userPrincipalName',
    null,
    [],
    ['userPrincipalName'],
    [{ username: 'userPrincipalName' }],
    { usernme: 'userPrincipalName' },
    { Username: 'userPrincipalName' },
    JSON.parse('{"__proto__":"userPrincipalName"}') as unknown,
    { constructor: 'x' },
    { username: 5 },
    { username: null },
    { username: ['userPrincipalName'] },
    { username: { a: 'b' } },
    { username: deep(rng, 100) },
    { username: 'user principal name' },
    { username: 'userPrincipalName!' },
    { username: 'üserPrincipalName' },
    { username: 'a'.repeat(121) },
    { username: 'userPrincipalName\u0000' },
    { username: unicode(rng, 8) },
    { department: '../x' },
    { [unicode(rng, 6)]: 'mail' },
  ],
  workflows: (rng) => [
    'inbound-connector',
    0,
    null,
    {},
    { 0: 'inbound-connector' },
    ['x'],
    [''],
    [1],
    [null],
    [['inbound-connector']],
    ['inbound-connector', 'ínbound-connector'],
    ['Inbound-Connector'],
    ['inbound-connector '],
    ['__proto__'],
    ['constructor'],
    Array.from({ length: 29 }, () => 'inbound-connector'),
    [unicode(rng, 12)],
  ],
};

const NQL_BASE = { instance: 'acme', region: 'eu', clientId: 'nql-client', clientSecret: 'nql-secret-value', coverageQueryId: '#entra_upn_coverage' };
const instanceBad = (rng: Prng): unknown[] => [...wrongTypes()(rng), '', 'evil.com/x', 'acme.evil.com', 'a b', '-acme', 'acme-', 'x'.repeat(58), 'acme:443', 'acme@evil', 'acme#', '../acme', 'аcme', `${unicode(rng, 5)}`, 'acme\u0000'];
const regionBad = oneOf([...lookalikes('eu'), 'ch', 'emea', 'apac']);
const queryIdBad = (rng: Prng): unknown[] => [...wrongTypes()(rng), '', 'entra', '#E', '#a', '#with-dash', '#UPPER', `#${'a'.repeat(256)}`, '# x', '#x\u0000y', `#${unicode(rng, 6)}`];
const credentialBad = (rng: Prng): unknown[] => [...wrongTypes()(rng), '', '   ', 'a b', 'tab\there', 'x'.repeat(1025), 'é', unicode(rng, 10), 'x\u0000'];

const RUN_BASE = { instance: 'acme', region: 'eu', clientId: 'run-client', clientSecret: 'run-secret-value', upn: 'adele.vance@contoso.com' };
// An empty query or workflow ID means "the default", so it is not bad input there.
const runIdBad = (rng: Prng): unknown[] => queryIdBad(rng).filter((v) => v !== '');

const KEY = { keyId: '11111111-1111-4111-8111-111111111111', hint: 'abc', displayName: 'old', endDateTime: '2027-01-01T00:00:00Z' };

const bodyRoutes: BodyRoute[] = [
  {
    route: 'monitor',
    method: 'PATCH',
    path: () => `/api/setups/${S}/monitor`,
    params: () => ({ id: S }),
    base: () => ({ schedule: 'daily' }),
    allowEmpty: false,
    required: [],
    fields: {
      clientId: (rng) => [...wrongTypes()(rng), '', '   ', '00000000-0000-0000-0000-00000000000', 'g0000000-0000-0000-0000-000000000000', '00000000-0000-0000-0000-000000000000x', '{00000000-0000-0000-0000-000000000000}', '00000000000000000000000000000000', '00000000-0000-0000-0000-000000000000\u200b', '０0000000-0000-0000-0000-000000000000', unicode(rng, 36), 'x'.repeat(5000)],
      schedule: oneOf([...lookalikes('daily'), ...lookalikes('hourly'), 'weekly', 'never', 'on', '*/5 * * * *']),
    },
  },
  {
    route: 'nexthinkRun',
    method: 'POST',
    path: () => `/api/setups/${S}/steps/tenant-id/nexthink-run`,
    params: () => ({ id: S, step: 'tenant-id' }),
    base: () => ({ ...RUN_BASE }),
    allowEmpty: false,
    required: ['instance', 'region', 'clientId', 'clientSecret', 'upn'],
    fields: {
      instance: instanceBad,
      region: regionBad,
      clientId: credentialBad,
      clientSecret: credentialBad,
      upn: (rng) => [...wrongTypes()(rng), '', '   ', 'adele', '@contoso.com', 'adele@', 'adele@contoso', 'adele vance@contoso.com', 'adèle@contoso.com', 'adele@cöntoso.com', 'adele@contoso.c', 'adele@contoso.com\u0000', 'adele@contoso.com, eve@evil.example', unicode(rng, 20)],
      executionsQueryId: runIdBad,
      workflowId: runIdBad,
      timeLimitSeconds: (rng) => [...wrongTypes()(rng), 4, 601, 120.5, -120, '120', 1e9],
      schedule: (rng) => [...wrongTypes()(rng).filter((v) => typeof v !== 'boolean'), 'true', 1, 0],
    },
    secretFields: ['clientSecret'],
  },
  {
    route: 'rotation',
    method: 'POST',
    path: () => `/api/setups/${S}/rotation`,
    params: () => ({ id: S }),
    base: () => ({ oldKeys: [KEY] }),
    allowEmpty: false,
    required: ['oldKeys'],
    fields: { oldKeys: (rng) => [...oneOf([])(rng).filter((v) => !(Array.isArray(v) && v.length === 0)), [{ ...KEY, keyId: 'x' }], [{ ...KEY, hint: 'abcd' }], [{ ...KEY, endDateTime: 'soon' }], [{ ...KEY, value: 'secret' }], Array.from({ length: 21 }, () => KEY)] },
  },
  {
    route: 'rotation',
    method: 'PATCH',
    path: () => `/api/setups/${S}/rotation`,
    params: () => ({ id: S }),
    base: () => ({ action: 'check', item: 'inbound-connector', done: true }),
    allowEmpty: false,
    required: ['action', 'item', 'done'],
    fields: {
      action: oneOf(['', 'CHECK', 'delete', 'retire ', '__proto__']),
      item: (rng) => [...wrongTypes()(rng), '', 'x'.repeat(61)],
      done: (rng) => [...wrongTypes()(rng).filter((v) => typeof v !== 'boolean'), 'true', 1, 0],
    },
  },
  {
    route: 'approvals',
    method: 'POST',
    path: () => `/api/setups/${S}/approvals`,
    params: () => ({ id: S }),
    base: () => ({ requestedBy: 'Fuzz' }),
    allowEmpty: false,
    required: ['requestedBy'],
    fields: {
      requestedBy: (rng) => [...wrongTypes()(rng), '', '   ', 'x'.repeat(121), 'a\u0000b', 'line\nbreak', `${unicode(rng, 121)}`],
      expiresInDays: oneOf([0, 2, 90, '7', 7.5, -1]),
      observed: (rng) => [
        ...oneOf([])(rng).filter((v) => !(typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0)),
        { signInAudience: 'Everyone' },
        { configuredPermissions: ['<script>'] },
        { extra: 1 },
        { configuredPermissions: 'User.Read.All' },
      ],
    },
  },
  { route: 'setups', method: 'POST', path: () => '/api/setups', params: () => ({}), base: () => ({ name: 'fuzz' }), allowEmpty: true, required: [], fields: setupFields },
  { route: 'setup', method: 'PATCH', path: () => `/api/setups/${S}`, params: () => ({ id: S }), base: () => ({ name: 'fuzz' }), allowEmpty: false, required: [], fields: setupFields },
  {
    route: 'validate',
    method: 'POST',
    path: () => `/api/setups/${S}/steps/app-registration/validate`,
    params: () => ({ id: S, step: 'app-registration' }),
    base: () => ({}),
    allowEmpty: true,
    required: [],
    fields: { clientSecret: secret(0) },
    secretFields: ['clientSecret'],
  },
  {
    route: 'consent',
    method: 'POST',
    path: () => `/api/setups/${S}/consent`,
    params: () => ({ id: S }),
    base: () => ({ clientSecret: 'x' }),
    allowEmpty: false,
    required: ['clientSecret'],
    fields: { clientSecret: secret(1) },
    secretFields: ['clientSecret'],
  },
  {
    route: 'shares',
    method: 'POST',
    path: () => `/api/setups/${S}/shares`,
    params: () => ({ id: S }),
    base: () => ({}),
    allowEmpty: true,
    required: [],
    fields: { expiresInDays: oneOf([0, 2, 365, -1, 7.5, '7', '٧', '７', 1e9, 'seven', '30 ', [7], { days: 7 }]) },
  },
  {
    route: 'analyse',
    method: 'POST',
    path: () => `/api/setups/${S}/steps/field-mapping/analyse`,
    params: () => ({ id: S }),
    base: () => ({ clientSecret: 'x' }),
    allowEmpty: false,
    required: ['clientSecret'],
    fields: { clientSecret: secret(1), includeUpns: (rng) => [...wrongTypes()(rng).filter((v) => typeof v !== 'boolean'), 'true', 'false', 1, 0, 'yes'] },
    secretFields: ['clientSecret'],
  },
  {
    route: 'nql',
    method: 'POST',
    path: () => `/api/setups/${S}/steps/field-mapping/nql-check`,
    params: () => ({ id: S }),
    base: () => ({ ...NQL_BASE }),
    allowEmpty: false,
    required: ['instance', 'region', 'clientId', 'clientSecret', 'coverageQueryId'],
    fields: {
      instance: instanceBad,
      region: regionBad,
      clientId: credentialBad,
      clientSecret: credentialBad,
      coverageQueryId: queryIdBad,
      sampleQueryId: queryIdBad,
    },
    secretFields: ['clientSecret'],
  },
  {
    route: 'admin',
    method: 'POST',
    path: () => '/api/admin/session',
    params: () => ({}),
    base: () => ({ token: 'x' }),
    allowEmpty: false,
    required: ['token'],
    fields: { token: (rng) => [...wrongTypes()(rng), '', 't'.repeat(513), unicode(rng, 513)] },
    secretFields: ['token'],
  },
];

const UNKNOWN_KEYS = ['id', 'tenantId', 'createdAt', 'updatedAt', 'validation', 'constructor', 'prototype', '__proto__', 'Name', 'name ', 'ñame', 'שם', '😀', '\u0000', '\u202ename', 'a.b', '', 'client_secret', 'clientsecret', 'isAdmin', 'role', 'setupId'];

/* ---------------- building the cases ---------------- */

function bodyCall(r: BodyRoute, body: string | Uint8Array | ReadableStream<Uint8Array> | undefined, headers: Record<string, string> = {}): RouteCall {
  return { method: r.method, path: r.path(), params: r.params(), ...(body !== undefined && { body }), headers };
}

function streamOf(bytes: number): ReadableStream<Uint8Array> {
  const chunk = new TextEncoder().encode('{"name":"' + 'z'.repeat(64 * 1024 - 9));
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= bytes) return controller.close();
      controller.enqueue(chunk);
      sent += chunk.byteLength;
    },
  });
}

function bodyLevelCases(r: BodyRoute): Case[] {
  const c = (label: string, call: RouteCall, expect: Expect): Case => ({ label: `${r.method} ${r.route}: ${label}`, route: r.route, method: r.method, call, expect });
  const validJson = JSON.stringify(r.base());
  const cases: Case[] = [
    c('declared Content-Length over 1 MB', bodyCall(r, validJson, { 'content-length': String(MB + 1) }), { status: 413, code: 'payload_too_large:body' }),
    c('body of 1 MB + 1 byte', bodyCall(r, `{"name":"${'x'.repeat(MB + 1 - 11)}"}`), { status: 413, code: 'payload_too_large:body' }),
    c('body of 3 MB, unicode', bodyCall(r, `{"name":"${'é'.repeat(1.5 * MB)}"}`), { status: 413, code: 'payload_too_large:body' }),
    c('streamed body of 2 MB, no length', bodyCall(r, streamOf(2 * MB)), { status: 413, code: 'payload_too_large:body' }),
    c('body that lies: Content-Length 10, 2 MB sent', bodyCall(r, `{"name":"${'x'.repeat(2 * MB)}"}`, { 'content-length': '10' }), { status: 413, code: 'payload_too_large:body' }),
  ];
  for (const bad of ['{', '}', '{"a":}', "{'a':1}", '{"a":1,}', 'NaN', '\uFEFF{}', '{"a":1}{"b":2}', '[', 'nul', '{"name":"\\x"}', 'undefined', '<xml/>', 'a=b&c=d', '{"name" "x"}', '\u0000', '{"name":"x"', `${'['.repeat(100_000)}`]) {
    cases.push(c(`invalid JSON ${JSON.stringify(bad.slice(0, 20))}`, bodyCall(r, bad), { status: 400, code: 'bad_request:json' }));
  }
  for (const bad of ['[]', '[{}]', `[${validJson}]`, '"string"', '1', '-0', 'true', 'null', `${'['.repeat(200_000)}${']'.repeat(200_000)}`]) {
    cases.push(c(`not an object ${bad.slice(0, 12)}`, bodyCall(r, bad), { status: 400, code: 'bad_request:body' }));
  }
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonp', 'text/json', 'application/xml', 'json']) {
    cases.push(c(`content type ${type}`, bodyCall(r, validJson, { 'content-type': type }), { status: 415, code: 'unsupported_media_type:body' }));
  }
  if (!r.allowEmpty) {
    for (const empty of ['', '   ', '\n\t']) cases.push(c(`empty body ${JSON.stringify(empty)}`, bodyCall(r, empty), { status: 400, code: 'bad_request:body' }));
  }
  for (const key of r.required) {
    const body = r.base();
    delete body[key];
    if (Object.keys(body).length === 0 && r.allowEmpty) continue;
    cases.push(c(`missing ${key}`, bodyCall(r, JSON.stringify(body)), { status: 400, code: 'bad_request:fields', field: key }));
  }
  return cases;
}

function fieldCases(r: BodyRoute, rng: Prng): Case[] {
  const cases: Case[] = [];
  for (const [field, values] of Object.entries(r.fields)) {
    for (const value of values(rng)) {
      const body = { ...r.base(), [field]: value };
      cases.push({
        label: `${r.method} ${r.route}: ${field} = ${JSON.stringify(value)?.slice(0, 40)}`,
        route: r.route,
        method: r.method,
        call: bodyCall(r, JSON.stringify(body)),
        expect: { status: 400, code: 'bad_request:fields', field },
        ...(r.secretFields?.includes(field) && typeof value === 'string' && value.length >= 8 && { secret: value }),
      });
    }
  }
  for (const key of UNKNOWN_KEYS) {
    const body = `{${JSON.stringify(r.base()).slice(1, -1)}${Object.keys(r.base()).length ? ',' : ''}${JSON.stringify(key)}:"x"}`;
    cases.push({ label: `${r.method} ${r.route}: unknown field ${JSON.stringify(key)}`, route: r.route, method: r.method, call: bodyCall(r, body), expect: { status: 400, code: 'bad_request:fields', field: key, exactField: true } });
  }
  return cases;
}

function idCases(rng: Prng): Case[] {
  const ids = ['', 'x', 'a'.repeat(22), 'A'.repeat(22), S.slice(0, 21), `${S}A`, `../${S.slice(3)}`, '%2e%2e', '😀'.repeat(11), `${S[0] === 'A' ? 'B' : 'A'}${S.slice(1)}`, ` ${S.slice(1)}`, 'constructor', '__proto__', '\u0000'.repeat(22), `${S.slice(0, 21)}=`];
  for (let i = 0; i < 4; i++) ids.push(Array.from({ length: 22 }, () => rng.pick([...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'])).join(''));
  const cases: Case[] = [];
  const nf = { status: 404, code: 'not_found:setup' };
  for (const id of ids) {
    const p = encodeURIComponent(id);
    const add = (route: keyof typeof ROUTES, method: string, url: string, body?: unknown, extra: Record<string, string> = {}) =>
      cases.push({ label: `${method} ${route}: unknown setup ${JSON.stringify(id)}`, route, method, call: { method, path: url, params: { id, ...extra }, ...(body !== undefined && { body: jsonBody(body) }) }, expect: nf });
    add('setup', 'GET', `/api/setups/${p}`);
    add('setup', 'PATCH', `/api/setups/${p}`, { name: 'hijack' });
    add('setup', 'DELETE', `/api/setups/${p}`);
    add('validate', 'POST', `/api/setups/${p}/steps/app-registration/validate`, {}, { step: 'app-registration' });
    add('consent', 'POST', `/api/setups/${p}/consent`, { clientSecret: 'x' });
    add('shares', 'POST', `/api/setups/${p}/shares`, {});
    add('shares', 'GET', `/api/setups/${p}/shares`);
    add('share', 'DELETE', `/api/setups/${p}/shares/${SHARE}`, undefined, { shareId: SHARE });
    add('status', 'GET', `/api/setups/${p}/status`);
    add('summary', 'GET', `/api/setups/${p}/summary`);
    add('analysis', 'GET', `/api/setups/${p}/analysis`);
    add('analyse', 'POST', `/api/setups/${p}/steps/field-mapping/analyse`, { clientSecret: 'x' });
    add('nql', 'POST', `/api/setups/${p}/steps/field-mapping/nql-check`, NQL_BASE);
    add('rotation', 'GET', `/api/setups/${p}/rotation`);
    add('rotation', 'POST', `/api/setups/${p}/rotation`, { oldKeys: [] });
    add('rotation', 'PATCH', `/api/setups/${p}/rotation`, { action: 'cancel' });
    add('approvals', 'GET', `/api/setups/${p}/approvals`);
    add('approvals', 'POST', `/api/setups/${p}/approvals`, { requestedBy: 'x' });
    add('approval', 'DELETE', `/api/setups/${p}/approvals/00000000-0000-4000-8000-000000000000`, undefined, { approvalId: '00000000-0000-4000-8000-000000000000' });
    add('monitor', 'GET', `/api/setups/${p}/monitor`);
    add('monitor', 'POST', `/api/setups/${p}/monitor`);
    add('monitor', 'PATCH', `/api/setups/${p}/monitor`, { schedule: 'off' });
    add('monitor', 'DELETE', `/api/setups/${p}/monitor`);
    add('monitorCertificate', 'GET', `/api/setups/${p}/monitor/certificate`);
    add('monitorRun', 'POST', `/api/setups/${p}/monitor/run`);
    add('monitorValidate', 'POST', `/api/setups/${p}/monitor/validate`);
    add('nexthinkRun', 'POST', `/api/setups/${p}/steps/tenant-id/nexthink-run`, RUN_BASE, { step: 'tenant-id' });
  }
  return cases;
}

function pathCases(): Case[] {
  const cases: Case[] = [];
  for (const step of ['', 'App-Registration', 'app-registration ', ' app-registration', '../status', 'field-mapping/analyse', 'constructor', '__proto__', 'toString', 'app‐registration', 'field_mapping', '😀', 'app-registration\u0000', 'step-5']) {
    cases.push({
      label: `POST validate: bad step ${JSON.stringify(step)}`,
      route: 'validate',
      method: 'POST',
      call: { method: 'POST', path: `/api/setups/${S}/steps/${encodeURIComponent(step)}/validate`, params: { id: S, step }, body: '{}' },
      expect: { status: 404, code: 'not_found:step' },
    });
  }
  const shareIds = ['', 'x', SHARE.toUpperCase(), `${SHARE}a`, SHARE.slice(1), `../${SHARE}`, '00000000-0000-4000-8000-000000000000', `${SHARE.slice(0, -1)}${SHARE.endsWith('0') ? '1' : '0'}`, '😀', '__proto__'];
  for (const shareId of shareIds) {
    cases.push({ label: `DELETE share: bad share id ${JSON.stringify(shareId)}`, route: 'share', method: 'DELETE', call: { method: 'DELETE', path: `/api/setups/${S}/shares/x`, params: { id: S, shareId } }, expect: { status: 404, code: 'not_found:share' } });
  }
  for (const approvalId of ['', 'x', '00000000-0000-4000-8000-000000000000', '😀', '__proto__', '../x']) {
    cases.push({ label: `DELETE approval: bad id ${JSON.stringify(approvalId)}`, route: 'approval', method: 'DELETE', call: { method: 'DELETE', path: `/api/setups/${S}/approvals/x`, params: { id: S, approvalId } }, expect: { status: 404, code: 'not_found:approval' } });
  }
  for (const step of ['', 'app-registration', 'Tenant-Id', 'tenant-id ', ' field-mapping', 'field-mapping/analyse', '../tenant-id', 'constructor', '__proto__', 'toString', 'tenant_id', 'tenant‐id', '😀', 'field-mapping\u0000', 'summary']) {
    cases.push({
      label: `POST nexthink-run: bad step ${JSON.stringify(step)}`,
      route: 'nexthinkRun',
      method: 'POST',
      call: { method: 'POST', path: `/api/setups/${S}/steps/${encodeURIComponent(step)}/nexthink-run`, params: { id: S, step }, body: jsonBody(RUN_BASE) },
      expect: { status: 404, code: 'not_found:step' },
    });
  }
  // S's tenant is a domain not yet resolved to a tenant id, which the monitoring identity is keyed by.
  const noTenant: [keyof typeof ROUTES, string, string, unknown][] = [
    ['monitor', 'POST', 'monitor', undefined],
    ['monitor', 'PATCH', 'monitor', { schedule: 'hourly' }],
    ['monitor', 'DELETE', 'monitor', undefined],
    ['monitorCertificate', 'GET', 'monitor/certificate', undefined],
    ['monitorRun', 'POST', 'monitor/run', undefined],
    ['monitorValidate', 'POST', 'monitor/validate', undefined],
  ];
  for (const [route, method, sub, body] of noTenant) {
    cases.push({ label: `${method} ${sub}: tenant id not known yet`, route, method, call: { method, path: `/api/setups/${S}/${sub}`, params: { id: S }, ...(body !== undefined && { body: jsonBody(body) }) }, expect: { status: 400, code: 'bad_request:tenant', field: 'tenant' } });
  }
  cases.push({ label: 'GET monitor/certificate: no monitoring identity', route: 'monitorCertificate', method: 'GET', call: { method: 'GET', path: `/api/setups/${N}/monitor/certificate?format=pem`, params: { id: N } }, expect: { status: 404, code: 'not_found:monitor' } });
  for (const body of [{ schedule: 'hourly' }, { clientId: '44444444-4444-4444-8444-444444444444' }]) {
    cases.push({ label: `PATCH monitor ${JSON.stringify(body)}: no monitoring identity`, route: 'monitor', method: 'PATCH', call: { method: 'PATCH', path: `/api/setups/${N}/monitor`, params: { id: N }, body: jsonBody(body) }, expect: { status: 404, code: 'not_found:monitor' } });
  }
  cases.push({ label: 'POST monitor/validate: no monitoring identity', route: 'monitorValidate', method: 'POST', call: { method: 'POST', path: `/api/setups/${N}/monitor/validate`, params: { id: N } }, expect: { status: 404, code: 'not_found:monitor' } });
  for (const id of [N, M]) {
    cases.push({ label: `POST monitor/run: no client ID (${id === M ? 'identity made' : 'no identity'})`, route: 'monitorRun', method: 'POST', call: { method: 'POST', path: `/api/setups/${id}/monitor/run`, params: { id } }, expect: { status: 400, code: 'bad_request:monitor' } });
  }
  for (const format of ['der', 'CER', 'pem ', ' cer', 'PEM', '', 'key', 'pfx', 'cer,pem', '../pem', '😀', 'pem\u0000']) {
    cases.push({
      label: `GET monitor/certificate: format=${JSON.stringify(format)}`,
      route: 'monitorCertificate',
      method: 'GET',
      call: { method: 'GET', path: `/api/setups/${M}/monitor/certificate?format=${encodeURIComponent(format)}`, params: { id: M } },
      expect: { status: 400, code: 'bad_request:format', field: 'format' },
    });
  }
  cases.push({ label: 'PATCH rotation: no rotation running answers 404', route: 'rotation', method: 'PATCH', call: { method: 'PATCH', path: `/api/setups/${S2}/rotation`, params: { id: S2 }, body: jsonBody({ action: 'cancel' }) }, expect: { status: 404, code: 'not_found:rotation' } });
  cases.push({ label: "DELETE share: another setup's share", route: 'share', method: 'DELETE', call: { method: 'DELETE', path: `/api/setups/${S2}/shares/${SHARE}`, params: { id: S2, shareId: SHARE } }, expect: { status: 404, code: 'not_found:share' } });
  for (const format of ['xml', 'JSON', 'md ', 'markdown\u0000', 'html', '', ' json', '😀', 'json,markdown', '../json']) {
    cases.push({
      label: `GET summary: format=${JSON.stringify(format)}`,
      route: 'summary',
      method: 'GET',
      call: { method: 'GET', path: `/api/setups/${S}/summary?format=${encodeURIComponent(format)}`, params: { id: S } },
      expect: { status: 400, code: 'bad_request:format', field: 'format' },
    });
  }
  for (const select of ['x', 'inbound-connector,x', '😀', '..', 'Inbound-Connector', 'license-reclamation,,license reclamation', '\u0000', 'a'.repeat(5000)]) {
    cases.push({ label: `GET workflows: select=${JSON.stringify(select.slice(0, 30))}`, route: 'workflows', method: 'GET', call: { method: 'GET', path: `/api/workflows?select=${encodeURIComponent(select)}` }, expect: { status: 400, code: 'bad_request:select', field: 'select' } });
  }
  for (const call of ['', 'GET', '/users', 'GET\n/users', 'GETTINGSTARTED /users', `GET ${'a'.repeat(2001)}`, '😀 /users', 'GET  ']) {
    cases.push({ label: `GET workflows: call=${JSON.stringify(call.slice(0, 30))}`, route: 'workflows', method: 'GET', call: { method: 'GET', path: `/api/workflows?call=${encodeURIComponent(call)}` }, expect: { status: 400, code: 'bad_request:call', field: 'call' } });
  }
  const badSetup = 'AAAAAAAAAAAAAAAAAAAAAA';
  cases.push({ label: 'GET notifications: unknown setup', route: 'notifications', method: 'GET', call: { method: 'GET', path: `/api/setups/${badSetup}/notifications`, params: { id: badSetup } }, expect: { status: 404, code: 'not_found:setup' } });
  const channelBodies: [unknown, string][] = [
    [{}, 'type'],
    [{ type: 'fax', url: 'https://hooks.slack.com/services/x' }, 'type'],
    [{ type: 'Teams', url: 'https://hooks.slack.com/services/x' }, 'type'],
    [{ type: 'teams' }, 'url'],
    [{ type: 'teams', url: 5 }, 'url'],
    [{ type: 'teams', url: '' }, 'url'],
    [{ type: 'teams', url: `https://hooks.slack.com/${'x'.repeat(2100)}` }, 'url'],
    [{ type: 'slack', url: 'http://hooks.slack.com/services/x' }, 'url'],
    [{ type: 'webhook', url: 'https://10.0.0.5/hook' }, 'url'],
    [{ type: 'webhook', url: 'https://169.254.169.254/latest' }, 'url'],
    [{ type: 'webhook', url: 'https://[::1]/hook' }, 'url'],
    [{ type: 'webhook', url: 'https://evil.example/hook' }, 'url'],
    [{ type: 'webhook', url: 'not a url' }, 'url'],
    [{ type: 'email', recipients: 'not-an-email' }, 'recipients'],
    [{ type: 'email', recipients: [] }, 'recipients'],
    [{ type: 'email', recipients: 5 }, 'recipients'],
    [{ type: 'email', recipients: 'ops@example.com' }, 'type'],
    [{ type: 'teams', url: 'https://hooks.slack.com/x', secret: 'x' }, 'secret'],
  ];
  for (const [body, field] of channelBodies) {
    cases.push({
      label: `POST channels: ${JSON.stringify(body).slice(0, 60)}`,
      route: 'channels',
      method: 'POST',
      call: { method: 'POST', path: `/api/setups/${S}/notifications/channels`, params: { id: S }, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } },
      expect: { status: 400, code: 'bad_request', field },
    });
  }
  for (const channelId of ['', 'x', '00000000-0000-4000-8000-000000000000', '../x', '😀', '__proto__']) {
    cases.push({ label: `DELETE channel: ${JSON.stringify(channelId)}`, route: 'channel', method: 'DELETE', call: { method: 'DELETE', path: `/api/setups/${S}/notifications/channels/x`, params: { id: S, channelId } }, expect: { status: 404, code: 'not_found:channel' } });
    cases.push({ label: `POST channel test: ${JSON.stringify(channelId)}`, route: 'channelTest', method: 'POST', call: { method: 'POST', path: `/api/setups/${S}/notifications/channels/x/test`, params: { id: S, channelId } }, expect: { status: 404, code: 'not_found:channel' } });
  }
  for (const thresholds of [undefined, 'x', [-1], [400], [1.5], ['7'], Array.from({ length: 13 }, (_, i) => i), null, { days: 7 }]) {
    cases.push({
      label: `PUT thresholds: ${JSON.stringify(thresholds)}`,
      route: 'thresholds',
      method: 'PUT',
      call: { method: 'PUT', path: `/api/setups/${S}/notifications/thresholds`, params: { id: S }, body: JSON.stringify({ thresholds }), headers: { 'content-type': 'application/json' } },
      expect: { status: 400, code: 'bad_request:fields', field: 'thresholds' },
    });
  }
  cases.push({ label: 'GET calendar: no expiry date', route: 'calendar', method: 'GET', call: { method: 'GET', path: `/api/setups/${S}/calendar.ics`, params: { id: S } }, expect: { status: 404, code: 'not_found:secret_expiry' } });
  cases.push({ label: 'GET calendar: unknown setup', route: 'calendar', method: 'GET', call: { method: 'GET', path: `/api/setups/${badSetup}/calendar.ics`, params: { id: badSetup } }, expect: { status: 404, code: 'not_found:setup' } });
  return cases;
}

/** Deterministic, unicode-heavy extras until there are TOTAL cases. */
function randomCases(rng: Prng, count: number): Case[] {
  const cases: Case[] = [];
  while (cases.length < count) {
    const r = rng.pick(bodyRoutes);
    const kind = rng.int(0, 5);
    const fieldNames = Object.keys(r.fields);
    const field = rng.pick(fieldNames);
    if (kind === 0) {
      const key = unicode(rng, rng.int(1, 16));
      if (fieldNames.includes(key)) continue;
      const body = { ...r.base(), [key]: unicode(rng, rng.int(0, 30)) };
      cases.push({ label: `${r.method} ${r.route}: random unknown field`, route: r.route, method: r.method, call: bodyCall(r, JSON.stringify(body)), expect: { status: 400, code: 'bad_request:fields', field: key, exactField: true } });
    } else if (kind === 1) {
      const values = r.fields[field]!(rng);
      const body = { ...r.base(), [field]: rng.pick(values) };
      cases.push({ label: `${r.method} ${r.route}: random bad ${field}`, route: r.route, method: r.method, call: bodyCall(r, JSON.stringify(body)), expect: { status: 400, code: 'bad_request:fields', field } });
    } else if (kind === 2) {
      const junk = unicode(rng, rng.int(1, 200));
      try {
        const parsed: unknown = JSON.parse(junk);
        if (parsed && typeof parsed === 'object') continue;
      } catch {
        /* invalid JSON, as intended */
      }
      cases.push({ label: `${r.method} ${r.route}: random junk body`, route: r.route, method: r.method, call: bodyCall(r, junk), expect: { status: 400, code: junk.trim() === '' && r.allowEmpty ? 'skip' : 'bad_request:' } });
    } else if (kind === 3) {
      const depth = rng.int(50, 100_000);
      const nested = rng.chance(0.5) ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
      const rest = r.base();
      delete rest[field];
      const prefix = JSON.stringify(rest).slice(1, -1);
      const body = `{${prefix}${prefix ? ',' : ''}${JSON.stringify(field)}:${nested}}`;
      cases.push({ label: `${r.method} ${r.route}: ${field} nested ${depth} deep`, route: r.route, method: r.method, call: bodyCall(r, body), expect: { status: 400, code: 'bad_request:fields', field } });
    } else if (kind === 4) {
      const body = [{ ...r.base() }, unicode(rng, 5)];
      cases.push({ label: `${r.method} ${r.route}: array for object`, route: r.route, method: r.method, call: bodyCall(r, JSON.stringify(body)), expect: { status: 400, code: 'bad_request:body' } });
    } else {
      const key = rng.pick(UNKNOWN_KEYS);
      const body = `{${JSON.stringify(r.base()).slice(1, -1)}${Object.keys(r.base()).length ? ',' : ''}${JSON.stringify(key)}:${JSON.stringify(withControl(rng, unicode(rng, 10)))}}`;
      cases.push({ label: `${r.method} ${r.route}: unknown field ${JSON.stringify(key)} with control characters`, route: r.route, method: r.method, call: bodyCall(r, body), expect: { status: 400, code: 'bad_request:fields', field: key, exactField: true } });
    }
  }
  return cases.filter((c) => c.expect.code !== 'skip');
}

function allCases(): Case[] {
  const rng = prng(SEED);
  const fixed = [...bodyRoutes.flatMap((r) => [...bodyLevelCases(r), ...fieldCases(r, rng)]), ...idCases(rng), ...pathCases()];
  return [...fixed, ...randomCases(rng, Math.max(0, TOTAL - fixed.length))].slice(0, Math.max(TOTAL, fixed.length));
}

/* ---------------- the test ---------------- */

describe('bad input to every API route', () => {
  it('every route file and method is fuzzed here, or takes no input', async () => {
    const found: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name === 'route.ts') found.push(path.relative(process.cwd(), p));
      }
    };
    walk(path.join(process.cwd(), 'app/api'));
    expect(found.length).toBeGreaterThan(10);
    for (const file of found) {
      const mod = await loadRoute(file);
      const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((m) => typeof mod[m] === 'function');
      for (const m of methods) {
        expect(FUZZED[file]?.includes(m) || NO_INPUT[file]?.includes(m), `${m} ${file} is not fuzzed: add it to lib/api/fuzz.test.ts`).toBe(true);
      }
    }
  });

  it(`${TOTAL}+ bad requests: each a 4xx JSON error naming the field, none a 5xx, the database untouched`, { timeout: 300_000 }, async () => {
    const cases = allCases();
    expect(cases.length).toBeGreaterThanOrEqual(TOTAL);
    const before = snapshotDb(dbFile);
    const failures: string[] = [];
    const byRoute = new Map<string, number>();
    for (const c of cases) {
      byRoute.set(`${c.method} ${c.route}`, (byRoute.get(`${c.method} ${c.route}`) ?? 0) + 1);
      const handler = R[c.route]![c.method]!;
      let res;
      try {
        res = await callRoute(handler, c.call);
      } catch (err) {
        failures.push(`${c.label}: the handler threw ${err instanceof Error ? err.message : String(err)}`);
        continue;
      }
      const body = res.json as { error?: { code?: unknown; message?: unknown; fields?: Record<string, string> } } | undefined;
      const problems: string[] = [];
      if (res.status < 400 || res.status > 499) problems.push(`status ${res.status}`);
      if (res.status !== c.expect.status) problems.push(`status ${res.status}, expected ${c.expect.status}`);
      if (!/^application\/json/.test(res.headers.get('content-type') ?? '')) problems.push(`content-type ${res.headers.get('content-type')}`);
      if (typeof body?.error?.code !== 'string' || typeof body.error.message !== 'string' || body.error.message.length === 0) problems.push('not {error:{code,message}}');
      else if (!body.error.code.startsWith(c.expect.code)) problems.push(`code ${body.error.code}, expected ${c.expect.code}`);
      if (c.expect.field !== undefined) {
        const names = Object.keys(body?.error?.fields ?? {});
        const named = c.expect.exactField ? names.includes(c.expect.field) : names.some((n) => n === c.expect.field || n.startsWith(`${c.expect.field}.`));
        if (!named) problems.push(`fields ${JSON.stringify(names)} do not name ${JSON.stringify(c.expect.field)}`);
      }
      if (c.secret && res.text.includes(c.secret)) problems.push('the answer echoes the secret');
      if (res.headers.get('x-content-type-options') !== 'nosniff' || res.headers.get('x-frame-options') !== 'DENY') problems.push('security headers missing');
      if (problems.length) failures.push(`${c.label}: ${problems.join('; ')} — ${res.text.slice(0, 160)}`);
    }
    expect(failures.slice(0, 200), `${failures.length} of ${cases.length} bad requests answered wrongly`).toEqual([]);
    expect(snapshotDb(dbFile), 'the rejected requests changed the database').toEqual(before);
    for (const route of Object.keys(FUZZED)) {
      for (const m of FUZZED[route]!) {
        const name = Object.entries(ROUTES).find(([, f]) => f === route)![0];
        expect(byRoute.get(`${m} ${name}`) ?? 0, `${m} ${route}`).toBeGreaterThan(0);
      }
    }
    if (process.env.TRUST_REPORT) console.log(`fuzz: ${cases.length} requests`, Object.fromEntries(byRoute));
  });

  it('every mutating route refuses a cross-site request (CSRF) before anything else, with the security headers', async () => {
    const before = snapshotDb(dbFile);
    const calls: [keyof typeof ROUTES, string, string, Record<string, string>, unknown][] = [
      ['setups', 'POST', '/api/setups', {}, { name: 'csrf' }],
      ['setup', 'PATCH', `/api/setups/${S}`, { id: S }, { name: 'csrf' }],
      ['validate', 'POST', `/api/setups/${S}/steps/app-registration/validate`, { id: S, step: 'app-registration' }, {}],
      ['consent', 'POST', `/api/setups/${S}/consent`, { id: S }, { clientSecret: 'x' }],
      ['shares', 'POST', `/api/setups/${S}/shares`, { id: S }, {}],
      ['share', 'DELETE', `/api/setups/${S}/shares/${SHARE}`, { id: S, shareId: SHARE }, undefined],
      ['analyse', 'POST', `/api/setups/${S}/steps/field-mapping/analyse`, { id: S }, { clientSecret: 'x' }],
      ['nql', 'POST', `/api/setups/${S}/steps/field-mapping/nql-check`, { id: S }, NQL_BASE],
      ['admin', 'POST', '/api/admin/session', {}, { token: 'fuzz-admin-token-not-a-secret-0123456789' }],
      ['rotation', 'POST', `/api/setups/${S}/rotation`, { id: S }, { oldKeys: [] }],
      ['rotation', 'PATCH', `/api/setups/${S}/rotation`, { id: S }, { action: 'cancel' }],
      ['approvals', 'POST', `/api/setups/${S}/approvals`, { id: S }, { requestedBy: 'x' }],
      ['approval', 'DELETE', `/api/setups/${S}/approvals/00000000-0000-4000-8000-000000000000`, { id: S, approvalId: '00000000-0000-4000-8000-000000000000' }, undefined],
      ['admin', 'DELETE', '/api/admin/session', {}, undefined],
      ['channels', 'POST', `/api/setups/${S}/notifications/channels`, { id: S }, { type: 'teams', url: 'https://prod-1.westeurope.logic.azure.com/workflows/x' }],
      ['channel', 'DELETE', `/api/setups/${S}/notifications/channels/x`, { id: S, channelId: '00000000-0000-4000-8000-000000000000' }, undefined],
      ['channelTest', 'POST', `/api/setups/${S}/notifications/channels/x/test`, { id: S, channelId: '00000000-0000-4000-8000-000000000000' }, undefined],
      ['thresholds', 'PUT', `/api/setups/${S}/notifications/thresholds`, { id: S }, { thresholds: [30] }],
      ['monitor', 'POST', `/api/setups/${N}/monitor`, { id: N }, undefined],
      ['monitor', 'PATCH', `/api/setups/${M}/monitor`, { id: M }, { clientId: '44444444-4444-4444-8444-444444444444' }],
      ['monitor', 'DELETE', `/api/setups/${M}/monitor`, { id: M }, undefined],
      ['monitorRun', 'POST', `/api/setups/${M}/monitor/run`, { id: M }, undefined],
      ['monitorValidate', 'POST', `/api/setups/${M}/monitor/validate`, { id: M }, undefined],
      ['nexthinkRun', 'POST', `/api/setups/${S}/steps/tenant-id/nexthink-run`, { id: S, step: 'tenant-id' }, RUN_BASE],
      ['setup', 'DELETE', `/api/setups/${S}`, { id: S }, undefined],
      ['nonce', 'POST', '/api/auth/nonce', {}, {}],
      ['signin', 'POST', '/api/auth/session', {}, { idToken: 'x'.repeat(40) }],
      ['signin', 'DELETE', '/api/auth/session', {}, undefined],
    ];
    for (const route of Object.keys(FUZZED)) {
      const name = Object.entries(ROUTES).find(([, f]) => f === route)![0];
      for (const m of ['POST', 'PUT', 'PATCH', 'DELETE'].filter((x) => typeof R[name]![x] === 'function')) {
        expect(calls.some(([n, method]) => n === name && method === m), `${m} ${route} in the CSRF list`).toBe(true);
      }
    }
    for (const [name, method, url, params, body] of calls) {
      const crossSite: Record<string, string>[] = [{ origin: 'https://evil.example', host: '127.0.0.1:3000' }, { 'sec-fetch-site': 'cross-site' }, { origin: 'null' }];
      for (const headers of crossSite) {
        const res = await callRoute(R[name]![method]!, { method, path: url, params, headers, ...(body !== undefined && { body: jsonBody(body) }) });
        expect(res.status, `${method} ${url} ${JSON.stringify(headers)}`).toBe(403);
        expect((res.json as { error: { code: string } }).error.code).toBe('forbidden:cross_site');
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      }
    }
    expect(snapshotDb(dbFile)).toEqual(before);
    const same = await callRoute(R.setups!.POST!, { method: 'POST', path: '/api/setups', headers: { origin: 'http://127.0.0.1:3000', host: '127.0.0.1:3000', 'sec-fetch-site': 'same-origin' }, body: jsonBody({ name: 'same site' }) });
    expect(same.status).toBe(201);
    const https = await callRoute(R.setup!.GET!, { method: 'GET', path: `/api/setups/${S}`, params: { id: S }, headers: { 'x-forwarded-proto': 'https' } });
    expect(https.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
  });

  it('the server still works after them', async () => {
    const health = await (await import('@/app/api/health/route')).GET();
    expect(health.status).toBe(200);
    const created = await callRoute(R.setups!.POST!, { method: 'POST', path: '/api/setups', body: jsonBody({ name: 'after the fuzz' }) });
    expect(created.status).toBe(201);
    const patched = await callRoute(R.setup!.PATCH!, { method: 'PATCH', path: `/api/setups/${S}`, params: { id: S }, body: jsonBody({ name: 'still editable', mapping: { department: 'department' } }) });
    expect(patched.status).toBe(200);
    const certificate = await callRoute(R.monitorCertificate!.GET!, { method: 'GET', path: `/api/setups/${M}/monitor/certificate?format=pem`, params: { id: M } });
    expect(certificate.status).toBe(200);
    expect(certificate.text).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(certificate.text).not.toMatch(/PRIVATE KEY/);
  });
});
