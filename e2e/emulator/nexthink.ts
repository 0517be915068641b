import { randomBytes } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { BodyTooLargeError, header, jsonResponse, parseForm, readBody, sleep, splitTarget, type EmulatorResponse } from './http-io';
import { connectorCredentialSchema, evaluateExecutionsNql, nexthinkWorkflowSchema, workflowsEndpoint, type Execution } from './nexthink-workflows';

/**
 * Nexthink's NQL API, as far as the wizard meets it: the OAuth token endpoint of
 * {instance}-login.{region}.nexthink.cloud and POST /api/v{1,2}/nql/execute on
 * {instance}.api.{region}.nexthink.cloud. One listener plays every instance: the public host is the
 * first path segment (the wizard's NEXTHINK_API_URL override puts it there).
 *
 * Formats (docs.nexthink.com, NQL API 1.2.0 OpenAPI): token {token_type, expires_in: 900, access_token,
 * scope}; execute V2 {queryId, executedQuery, rows, executionDateTime (ISO string), data: [{field: value}]},
 * V1 {…, executionDateTime {year…second}, headers, data: [[…]]}; ErrorResponse {message, code} for 403/500;
 * 401, 404, 406 without a body; 429 with Retry-After. The token endpoint is Okta's (/oauth2/default/v1/token),
 * so its errors use OAuth's {error, error_description}.
 */

const REGIONS = ['us', 'eu', 'pac', 'meta'] as const;
const QUERY_ID_RE = /^#[a-z0-9_]{2,255}$/;

export const nexthinkUserSchema = z.strictObject({
  name: z.string(),
  sid: z.string().optional(),
  /** The UPN Nexthink knows from the Collector (what Trigger V2's users[].upn matches); default: adUsername. */
  upn: z.string().optional(),
  /** user.ad.username; null when the connector has not populated it. */
  adUsername: z.string().nullable().default(null),
});

export const nexthinkInstanceSchema = z.strictObject({
  instance: z.string().regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, 'a DNS label'),
  region: z.enum(REGIONS),
  credentials: z
    .array(z.strictObject({ clientId: z.string().min(1), clientSecret: z.string().min(1), nqlApi: z.boolean().default(true), workflowsApi: z.boolean().default(true) }))
    .default([]),
  queries: z.array(z.strictObject({ id: z.string().regex(QUERY_ID_RE), nql: z.string().min(1) })).default([]),
  users: z.array(nexthinkUserSchema).default([]),
  /** Administration > Connector credentials: what the instance's Service/API thinklets authenticate with. */
  connectorCredentials: z.array(connectorCredentialSchema).default([]),
  workflows: z.array(nexthinkWorkflowSchema).default([]),
  /** How long an execution stays in progress before its thinklet runs. */
  executionDelayMs: z.number().int().min(0).default(1500),
});
export type NexthinkInstance = z.infer<typeof nexthinkInstanceSchema>;
export type NexthinkInstanceInput = z.input<typeof nexthinkInstanceSchema>;

export const nexthinkFaultSchema = z.strictObject({
  route: z.enum(['token', 'execute', 'workflows', 'trigger']),
  kind: z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.enum(['429', '500', '503'])),
  retryAfter: z.number().int().min(0).optional(),
  times: z.number().int().min(1).optional(),
  instance: z.string().optional(),
});
export type NexthinkFault = z.infer<typeof nexthinkFaultSchema>;

export const nexthinkScenarioSchema = z.strictObject({
  instances: z.array(nexthinkInstanceSchema).default([]),
  faults: z.array(nexthinkFaultSchema).default([]),
  latencyMs: z.number().int().min(0).default(0),
});
export type NexthinkScenario = z.infer<typeof nexthinkScenarioSchema>;
export type NexthinkScenarioInput = z.input<typeof nexthinkScenarioSchema>;

export type NexthinkRequestLog = { time: string; method: string; host: string; path: string; status: number; fault?: string };

const TOKEN_TTL_SECONDS = 900;

const b64url = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

export class NexthinkState {
  private instances = new Map<string, NexthinkInstance>();
  private tokens = new Map<string, { key: string; clientId: string; nqlApi: boolean; workflowsApi: boolean; exp: number }>();
  /** Workflow executions per instance key, newest last. */
  readonly executions = new Map<string, Execution[]>();
  /** Where the emulated thinklets send Microsoft's hosts (the emulator's own login and Graph listeners). */
  microsoft: { loginUrl: string; graphUrl: string } | undefined;
  private faults: { rule: NexthinkFault; remaining: number | undefined }[] = [];
  private log: NexthinkRequestLog[] = [];
  readonly issued: string[] = [];
  latencyMs = 0;

  constructor(private readonly initial: NexthinkScenario) {
    this.reset();
  }

  reset(): void {
    this.instances = new Map(this.initial.instances.map((i) => [`${i.instance}.${i.region}`, i]));
    this.tokens.clear();
    this.executions.clear();
    this.faults = this.initial.faults.map((rule) => ({ rule, remaining: rule.times }));
    this.log = [];
    this.issued.length = 0;
    this.latencyMs = this.initial.latencyMs;
  }

  upsert(input: NexthinkInstanceInput): void {
    const instance = nexthinkInstanceSchema.parse(input);
    this.instances.set(`${instance.instance}.${instance.region}`, instance);
  }

  remove(key: string): boolean {
    return this.instances.delete(key);
  }

  instance(key: string): NexthinkInstance | undefined {
    return this.instances.get(key);
  }

  addFault(rule: NexthinkFault): void {
    this.faults.push({ rule, remaining: rule.times });
  }

  clearFaults(): void {
    this.faults = [];
  }

  takeFault(route: NexthinkFault['route'], instance: string): NexthinkFault | undefined {
    const f = this.faults.find((x) => x.rule.route === route && (x.rule.instance === undefined || x.rule.instance === instance));
    if (!f) return undefined;
    if (f.remaining !== undefined && --f.remaining <= 0) this.faults = this.faults.filter((x) => x !== f);
    return f.rule;
  }

  issue(key: string, clientId: string, nqlApi: boolean, workflowsApi = true): string {
    const now = Math.floor(Date.now() / 1000);
    const token = `${b64url({ kid: 'nxt-emulator', alg: 'RS256' })}.${b64url({ ver: 1, iss: `https://${key.replace('.', '-login.')}.nexthink.cloud/oauth2/default`, aud: 'api://default', iat: now, exp: now + TOKEN_TTL_SECONDS, cid: clientId, scp: ['service:integration'], sub: clientId })}.${randomBytes(32).toString('base64url')}`;
    this.tokens.set(token, { key, clientId, nqlApi, workflowsApi, exp: now + TOKEN_TTL_SECONDS });
    this.issued.push(token);
    return token;
  }

  token(value: string) {
    const t = this.tokens.get(value);
    return t && t.exp > Date.now() / 1000 ? t : undefined;
  }

  record(entry: NexthinkRequestLog): void {
    this.log.push(entry);
    if (this.log.length > 10_000) this.log.shift();
  }

  requests(): readonly NexthinkRequestLog[] {
    return this.log;
  }
}

/* ---------- NQL, the two shapes the wizard asks admins to save, evaluated over the instance's users ---------- */

const FIELD: Record<string, (u: z.infer<typeof nexthinkUserSchema>) => string | null> = {
  'user.name': (u) => u.name,
  'user.sid': (u) => u.sid ?? null,
  'user.ad.username': (u) => u.adUsername,
};

export function evaluateNql(nql: string, users: readonly z.infer<typeof nexthinkUserSchema>[]): { headers: string[]; rows: Record<string, unknown>[] } {
  const text = nql.replace(/\s+/g, ' ').trim();
  let scope = users;
  if (/\|\s*where user\.ad\.username\s*!=\s*null/.test(text)) scope = scope.filter((u) => u.adUsername !== null && u.adUsername !== '');
  const summarize = /\|\s*summarize (\w+)\s*=\s*count\(\)\s*,\s*(\w+)\s*=\s*countif\(user\.ad\.username\s*!=\s*null\)/.exec(text);
  if (summarize?.[1] && summarize[2]) {
    const withUpn = scope.filter((u) => u.adUsername !== null && u.adUsername !== '').length;
    return { headers: [summarize[1], summarize[2]], rows: [{ [summarize[1]]: scope.length, [summarize[2]]: withUpn }] };
  }
  const list = /\|\s*list ([\w.,\s]+?)(?:\s*\|\s*limit (\d+))?$/.exec(text);
  if (list?.[1]) {
    const fields = list[1].split(',').map((f) => f.trim()).filter(Boolean);
    const limit = Math.min(Number(list[2] ?? 1000), 1000);
    const rows = scope.slice(0, limit).map((u) => Object.fromEntries(fields.map((f) => [f, FIELD[f]?.(u) ?? null])));
    return { headers: fields, rows };
  }
  return { headers: [], rows: [] };
}

/* ---------- HTTP ---------- */

export const empty = (status: number, headers: Record<string, string> = {}): EmulatorResponse => ({ status, headers, body: '' });
const oauthError = (status: number, error: string, description: string) => jsonResponse(status, { error, error_description: description }, { 'Cache-Control': 'no-store' });
const nqlError = (status: number, message: string) => jsonResponse(status, { message, code: status });

export function faultResponse(rule: NexthinkFault): EmulatorResponse {
  if (rule.kind === '429') return empty(429, { 'Retry-After': String(rule.retryAfter ?? 5) });
  if (rule.kind === '503') return empty(503, rule.retryAfter !== undefined ? { 'Retry-After': String(rule.retryAfter) } : {});
  return nqlError(500, 'Internal server error');
}

function parseHost(segment: string): { kind: 'login' | 'api'; instance: string; region: string } | undefined {
  const m = /^([a-z0-9](?:[a-z0-9-]*[a-z0-9])?)(-login|\.api)\.(us|eu|pac|meta)\.nexthink\.cloud$/.exec(segment.toLowerCase());
  if (!m?.[1] || !m[2] || !m[3]) return undefined;
  return { kind: m[2] === '-login' ? 'login' : 'api', instance: m[1], region: m[3] };
}

function tokenEndpoint(state: NexthinkState, key: string, inst: NexthinkInstance, req: IncomingMessage, body: string): EmulatorResponse {
  const fault = state.takeFault('token', inst.instance);
  if (fault) return faultResponse(fault);
  const auth = /^basic\s+(.+)$/i.exec(header(req, 'authorization') ?? '');
  const form = parseForm(body);
  let clientId = form.get('client_id');
  let clientSecret = form.get('client_secret');
  if (auth?.[1]) {
    const decoded = Buffer.from(auth[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) {
      clientId = decoded.slice(0, colon);
      clientSecret = decoded.slice(colon + 1);
    }
  }
  if (form.get('grant_type') !== 'client_credentials') {
    return oauthError(400, 'unsupported_grant_type', 'The authorization grant type is not supported by the authorization server. Configured grant types: [client_credentials].');
  }
  const credential = inst.credentials.find((c) => c.clientId === clientId);
  if (!clientId || !credential) return oauthError(401, 'invalid_client', 'Client authentication failed. Either the client or the client credentials are invalid.');
  if (credential.clientSecret !== clientSecret) return oauthError(401, 'invalid_client', 'The client secret supplied for a confidential client is invalid.');
  if ((form.get('scope') ?? '').split(' ').indexOf('service:integration') < 0) {
    return oauthError(400, 'invalid_scope', 'One or more scopes are not configured for the authorization server resource.');
  }
  const token = state.issue(key, credential.clientId, credential.nqlApi, credential.workflowsApi);
  return jsonResponse(200, { token_type: 'Bearer', expires_in: TOKEN_TTL_SECONDS, access_token: token, scope: 'service:integration' }, { 'Cache-Control': 'no-store' });
}

function csv(headers: string[], rows: Record<string, unknown>[]): string {
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [headers.map(cell).join(','), ...rows.map((r) => headers.map((h) => cell(r[h])).join(','))].join('\r\n') + '\r\n';
}

function executeEndpoint(state: NexthinkState, key: string, inst: NexthinkInstance, version: 1 | 2, req: IncomingMessage, body: string): EmulatorResponse {
  const bearer = /^bearer\s+(.+)$/i.exec(header(req, 'authorization') ?? '')?.[1]?.trim();
  const token = bearer ? state.token(bearer) : undefined;
  if (!token || token.key !== key) return empty(401, { 'WWW-Authenticate': 'Bearer' });
  const fault = state.takeFault('execute', inst.instance);
  if (fault) return faultResponse(fault);
  if (!token.nqlApi) return nqlError(403, 'Not authorized to execute queries');
  const accept = (header(req, 'accept') ?? '').split(',')[0]?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (!['', '*/*', 'application/json', 'text/csv'].includes(accept)) return empty(406);
  let request: unknown;
  try {
    request = JSON.parse(body);
  } catch {
    return nqlError(400, 'The request body is not valid JSON');
  }
  const parsed = z.object({ queryId: z.string(), parameters: z.record(z.string(), z.string()).optional() }).safeParse(request);
  if (!parsed.success || !QUERY_ID_RE.test(parsed.data.queryId)) return nqlError(400, 'queryId must match ^#[a-z0-9_]{2,255}$');
  const query = inst.queries.find((q) => q.id === parsed.data.queryId);
  if (!query) return empty(404);
  const { headers, rows } = /^\s*workflow\.executions\b/.test(query.nql)
    ? evaluateExecutionsNql(query.nql, state.executions.get(key) ?? [], parsed.data.parameters ?? {})
    : evaluateNql(query.nql, inst.users);
  if (accept === 'text/csv') return { status: 200, headers: { 'Content-Type': 'text/csv; charset=utf-8' }, body: csv(headers, rows) };
  const now = new Date();
  if (version === 2) {
    return jsonResponse(200, { queryId: query.id, executedQuery: query.nql, rows: rows.length, executionDateTime: now.toISOString(), data: rows });
  }
  return jsonResponse(200, {
    queryId: query.id,
    executedQuery: query.nql,
    rows: rows.length,
    executionDateTime: { year: now.getUTCFullYear(), month: now.getUTCMonth() + 1, day: now.getUTCDate(), hour: now.getUTCHours(), minute: now.getUTCMinutes(), second: now.getUTCSeconds() },
    headers,
    data: rows.map((r) => headers.map((h) => r[h] ?? null)),
  });
}

function control(state: NexthinkState, method: string, path: string, body: string): EmulatorResponse {
  const json = () => {
    try {
      return JSON.parse(body || '{}') as unknown;
    } catch {
      return undefined;
    }
  };
  if (path === '/_emulator/health') return jsonResponse(200, { ok: true });
  if (path === '/_emulator/reset' && method === 'POST') {
    state.reset();
    return jsonResponse(200, { ok: true });
  }
  if (path === '/_emulator/nexthink/requests') return jsonResponse(200, state.requests());
  if (path === '/_emulator/nexthink/issued-tokens') return jsonResponse(200, state.issued);
  if (path === '/_emulator/nexthink/instances' && method === 'POST') {
    const parsed = nexthinkInstanceSchema.safeParse(json());
    if (!parsed.success) return jsonResponse(400, { error: 'invalid_instance', issues: parsed.error.issues });
    state.upsert(parsed.data);
    return jsonResponse(200, { ok: true });
  }
  const del = /^\/_emulator\/nexthink\/instances\/([a-z0-9-]+\.[a-z]+)$/.exec(path);
  if (del?.[1] && method === 'DELETE') return jsonResponse(state.remove(del[1]) ? 200 : 404, { ok: true });
  if (path === '/_emulator/nexthink/faults') {
    if (method === 'DELETE') {
      state.clearFaults();
      return jsonResponse(200, { ok: true });
    }
    const parsed = nexthinkFaultSchema.safeParse(json());
    if (!parsed.success) return jsonResponse(400, { error: 'invalid_fault', issues: parsed.error.issues });
    state.addFault(parsed.data);
    return jsonResponse(200, { ok: true });
  }
  return jsonResponse(404, { error: 'unknown_control_path' });
}

export function handleNexthink(state: NexthinkState, req: IncomingMessage, body: string): EmulatorResponse {
  const method = (req.method ?? 'GET').toUpperCase();
  const { path } = splitTarget(req.url ?? '/');
  if (path === '/_emulator' || path.startsWith('/_emulator/')) return control(state, method, path, body);
  const [, hostSegment = '', ...rest] = path.split('/');
  const host = parseHost(hostSegment);
  const key = host ? `${host.instance}.${host.region}` : '';
  const inst = host ? state.instance(key) : undefined;
  // An instance that does not exist has no DNS name; the nearest a listener can say is a bare 404 page.
  if (!host || !inst) return { status: 404, headers: { 'Content-Type': 'text/html' }, body: '<html><body><h1>404 Not Found</h1></body></html>' };
  const route = `/${rest.join('/')}`;
  if (host.kind === 'login' && route === '/oauth2/default/v1/token' && method === 'POST') return tokenEndpoint(state, key, inst, req, body);
  const exec = /^\/api\/v([12])\/nql\/execute$/.exec(route);
  if (host.kind === 'api' && exec && method === 'POST') return executeEndpoint(state, key, inst, exec[1] === '1' ? 1 : 2, req, body);
  if (host.kind === 'api' && route.startsWith('/api/v')) {
    const answer = workflowsEndpoint(state, key, inst, method, route, splitTarget(req.url ?? '/').query, req, body);
    if (answer) return answer;
  }
  return host.kind === 'api' ? nqlError(404, 'Not found') : oauthError(404, 'not_found', 'Not found');
}

export type RunningNexthink = { url: string; state: NexthinkState; server: Server };

/** The Nexthink listener; started by startEmulator (server.ts) beside the login and Graph listeners. */
export async function startNexthinkListener(scenario: NexthinkScenarioInput | undefined, opts: { host: string; port?: number; tls?: { key: string | Buffer; cert: string | Buffer } }): Promise<RunningNexthink> {
  const state = new NexthinkState(nexthinkScenarioSchema.parse(scenario ?? {}));
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      let body = '';
      try {
        body = await readBody(req);
      } catch (e) {
        res.writeHead(e instanceof BodyTooLargeError ? 413 : 400).end();
        return;
      }
      if (state.latencyMs > 0 && !(req.url ?? '').startsWith('/_emulator')) await sleep(state.latencyMs);
      let response: EmulatorResponse;
      try {
        response = handleNexthink(state, req, body);
      } catch (e) {
        response = jsonResponse(500, { message: e instanceof Error ? e.message : String(e), code: 500 });
      }
      if (!(req.url ?? '').startsWith('/_emulator')) {
        const { path } = splitTarget(req.url ?? '/');
        const [, host = '', ...rest] = path.split('/');
        state.record({ time: new Date().toISOString(), method: req.method ?? 'GET', host, path: `/${rest.join('/')}`, status: response.status });
      }
      if (res.headersSent || res.destroyed) return;
      res.writeHead(response.status, { ...response.headers, 'Content-Length': String(Buffer.byteLength(response.body)) });
      res.end(response.body);
    })();
  };
  const server = opts.tls ? createHttpsServer({ key: opts.tls.key, cert: opts.tls.cert }, handler) : createHttpServer(handler);
  server.on('clientError', (_err, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const h = opts.host === '0.0.0.0' || opts.host === '::' ? '127.0.0.1' : opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return { url: `${opts.tls ? 'https' : 'http'}://${h}:${port}`, state, server };
}

