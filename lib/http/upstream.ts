import 'server-only';
import { EnvHttpProxyAgent, Pool, getGlobalDispatcher, request as undiciRequest, type Dispatcher } from 'undici';
import { clouds } from '@/lib/entra/clouds';
import { env } from '@/lib/env';
import { log } from '@/lib/log';

/**
 * The one door to Microsoft. Every upstream call goes through `upstream()`, which
 * - refuses any host outside the allowlist (the four clouds' login and Graph hosts, Nexthink's API and login
 *   hosts under nexthink.cloud, plus the configured overrides),
 * - maps the Global cloud's hosts to ENTRA_LOGIN_URL / GRAPH_API_URL when those are set (emulator, relay),
 *   and Nexthink's hosts to NEXTHINK_API_URL/{public host}/… when that is set,
 * - times out, retries 429/5xx up to the configured count honouring Retry-After (capped),
 * - goes through HTTPS_PROXY / NO_PROXY when set,
 * - never follows redirects, and logs method, host, path, status and time — never bodies or headers.
 */

export type Attempt = { status?: number; error?: string; retryAfterSeconds?: number; waitedMs?: number };

export type UpstreamResponse = {
  ok: true;
  status: number;
  headers: Headers;
  text: string;
  durationMs: number;
  attempts: Attempt[];
};

export type UpstreamFailureKind = 'timeout' | 'network' | 'blocked' | 'redirect' | 'too-large' | 'aborted';

export type UpstreamFailure = {
  ok: false;
  kind: UpstreamFailureKind;
  message: string;
  host: string;
  durationMs: number;
  attempts: Attempt[];
};

export type UpstreamResult = UpstreamResponse | UpstreamFailure;

export type UpstreamRequest = {
  method: 'GET' | 'POST';
  /** The public URL (e.g. https://graph.microsoft.com/v1.0/users); overrides are applied here, not by callers. */
  url: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  /** Short label for logs, e.g. "token" or "graph users". */
  purpose: string;
  /**
   * Called once per 2xx answer with the first few kilobytes of its body, as soon as they arrive and before
   * the rest has: a pager reads `@odata.nextLink` there and asks for the next page while this one downloads.
   */
  onBodyStart?: (head: string) => void;
  /** Retries on 429/5xx for this call instead of UPSTREAM_MAX_RETRIES: 0 for a caller that waits and tells itself. */
  retries?: number;
};

/** How much of a body `onBodyStart` sees (Graph's `@odata` annotations come first and fit easily). */
export const BODY_HEAD_BYTES = 4096;

const MAX_BODY_BYTES = 8 * 1024 * 1024;

type Override = { publicOrigin: string; target: URL };

/** What the configuration makes of the hosts, worked out once per configuration (every upstream call reads it). */
let routing: { for: ReturnType<typeof env>; overrides: Override[]; nexthink: URL | undefined; hosts: Set<string> } | undefined;
function currentRouting() {
  const e = env();
  if (routing?.for !== e) {
    const list = buildOverrides(e);
    const nexthink = e.NEXTHINK_API_URL ? new URL(e.NEXTHINK_API_URL) : undefined;
    const hosts = new Set<string>();
    for (const c of clouds) {
      for (const alias of c.loginAliases) hosts.add(alias);
      hosts.add(new URL(c.graphUrl).host);
    }
    for (const o of list) hosts.add(o.target.host);
    if (nexthink) hosts.add(nexthink.host);
    routing = { for: e, overrides: list, nexthink, hosts };
  }
  return routing;
}

function overrides(): Override[] {
  return currentRouting().overrides;
}

function buildOverrides(e: ReturnType<typeof env>): Override[] {
  const global = clouds.find((c) => c.id === 'global')!;
  const list: Override[] = [];
  const logins = [
    [global, e.ENTRA_LOGIN_URL],
    [clouds.find((c) => c.id === 'usgov')!, e.ENTRA_LOGIN_URL_USGOV],
    [clouds.find((c) => c.id === 'china')!, e.ENTRA_LOGIN_URL_CHINA],
  ] as const;
  for (const [cloud, target] of logins) {
    if (target) for (const alias of cloud.loginAliases) list.push({ publicOrigin: `https://${alias}`, target: new URL(target) });
  }
  if (e.GRAPH_API_URL) list.push({ publicOrigin: global.graphUrl, target: new URL(e.GRAPH_API_URL) });
  return list;
}

/**
 * Nexthink's hosts, and nothing else under nexthink.cloud: `{instance}-login.{region}` (OAuth token) and
 * `{instance}.api.{region}` (NQL API), the instance one DNS label, the region one of Nexthink's four.
 */
export const NEXTHINK_HOST_RE = /^[a-z0-9](?:[a-z0-9-]{0,55}[a-z0-9])?(?:-login|\.api)\.(?:us|eu|pac|meta)\.nexthink\.cloud$/;

function nexthinkOverride(): URL | undefined {
  return currentRouting().nexthink;
}

/** Hosts the server may ever call, as `host[:port]`. */
function allowedHosts(): ReadonlySet<string> {
  return currentRouting().hosts;
}

function isAllowedHost(host: string): boolean {
  return allowedHosts().has(host) || NEXTHINK_HOST_RE.test(host);
}

/** Maps a public Microsoft URL to where the request really goes (itself unless an override applies). */
export function resolveUpstreamUrl(publicUrl: string): URL {
  const url = new URL(publicUrl);
  const nexthink = nexthinkOverride();
  if (nexthink && url.protocol === 'https:' && NEXTHINK_HOST_RE.test(url.host)) {
    const base = nexthink.pathname.replace(/\/+$/, '');
    return new URL(`${nexthink.origin}${base}/${url.host}${url.pathname}${url.search}`);
  }
  for (const o of overrides()) {
    if (url.origin === o.publicOrigin) {
      const base = o.target.pathname.replace(/\/+$/, '');
      return new URL(`${o.target.origin}${base}${url.pathname}${url.search}`);
    }
  }
  return url;
}

/**
 * undici 7 retries a CONNECT whose socket the proxy closes (a proxy refusing the tunnel by hanging up)
 * in a tight loop until the timeout — thousands of connections a second (nodejs/undici#3897, fixed in
 * undici 8 only, which needs Node 22). A tunnel that fails this way fails the request at once instead.
 */
function tunnelFailsFast(origin: URL, opts: object): Dispatcher {
  const pool = new Pool(origin, opts);
  type Connect = (o: Dispatcher.ConnectOptions, callback?: unknown) => Promise<Dispatcher.ConnectData> | void;
  const original = pool.connect.bind(pool) as Connect;
  const failFast: Connect = (o, callback) => {
    if (callback) return original(o, callback);
    return (original(o) as Promise<Dispatcher.ConnectData>).catch((err: unknown) => {
      if ((err as { code?: string } | undefined)?.code !== 'UND_ERR_SOCKET') throw err;
      throw Object.assign(new Error('the proxy closed the connection while opening the tunnel'), { code: 'UND_ERR_PRX_CONN', cause: err });
    });
  };
  Object.assign(pool, { connect: failFast });
  return pool;
}

let dispatcher: Dispatcher | undefined;
function proxyDispatcher(): Dispatcher | undefined {
  const hasProxy = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'].some((k) => process.env[k]);
  if (!hasProxy) return undefined;
  dispatcher ??= new EnvHttpProxyAgent({ clientFactory: tunnelFailsFast });
  return dispatcher;
}

/** Seconds from a Retry-After header (delta-seconds or HTTP-date). */
function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

function isRetryable(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

async function readBody(body: AsyncIterable<Uint8Array> & { destroy(): void }, onHead?: (head: string) => void): Promise<string | undefined> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  let headSeen = !onHead;
  const head = () => {
    headSeen = true;
    // A multi-byte character cut at the end decodes as U+FFFD there; the annotations the head is read for are ASCII.
    onHead?.(Buffer.concat(chunks).subarray(0, BODY_HEAD_BYTES).toString('utf8'));
  };
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > MAX_BODY_BYTES) {
      body.destroy();
      return undefined;
    }
    chunks.push(chunk);
    if (!headSeen && size >= BODY_HEAD_BYTES) head();
  }
  if (!headSeen) head();
  return Buffer.concat(chunks).toString('utf8');
}

function describeNetworkError(err: unknown): string {
  // fetch wraps the socket's error, sometimes twice (TypeError → DOMException → RequestAbortedError).
  const chain: { code?: unknown; message?: unknown }[] = [];
  for (let e = err as { code?: unknown; message?: unknown; cause?: unknown } | undefined; e && chain.length < 5; e = e.cause as typeof e) chain.push(e);
  const proxyStatus = chain.map((e) => /Proxy response \((\d{3})\)/.exec(String(e.message ?? ''))?.[1]).find(Boolean);
  if (proxyStatus) return `the proxy (HTTPS_PROXY) refused to open a tunnel (HTTP ${proxyStatus}): it blocks this host, or NO_PROXY should name it`;
  const code = chain.map((e) => e.code).find((c): c is string => typeof c === 'string');
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the host name could not be resolved (DNS)';
    case 'ECONNREFUSED':
      return 'the connection was refused';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'the connection was reset';
    case 'UND_ERR_CONNECT_TIMEOUT':
      return 'the connection timed out';
    case 'UND_ERR_PRX_CONN':
      return 'the proxy (HTTPS_PROXY) closed the connection instead of opening a tunnel: it refuses this host, or NO_PROXY should name it';
    case 'CERT_HAS_EXPIRED':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
      return 'the TLS certificate was not trusted (a TLS-inspecting proxy needs its root CA in NODE_EXTRA_CA_CERTS)';
    default:
      return code ? `network error ${code}` : 'network error';
  }
}

export async function upstream(req: UpstreamRequest): Promise<UpstreamResult> {
  const e = env();
  const started = performance.now();
  const attempts: Attempt[] = [];
  let publicUrl: URL;
  try {
    publicUrl = new URL(req.url);
  } catch {
    return { ok: false, kind: 'blocked', message: 'invalid URL', host: '', durationMs: 0, attempts };
  }
  const target = resolveUpstreamUrl(req.url);
  const host = publicUrl.host;
  const elapsed = () => Math.round(performance.now() - started);

  const viaOverride = overrides().some((o) => o.target.host === target.host) || nexthinkOverride()?.host === target.host;
  if (!isAllowedHost(target.host) || (target.protocol !== 'https:' && !viaOverride)) {
    log.warn('upstream.blocked', { purpose: req.purpose, host: target.host });
    return { ok: false, kind: 'blocked', message: `${target.host} is not a host this server may call`, host, durationMs: 0, attempts };
  }

  for (let attempt = 0; ; attempt++) {
    // One controller and a timer: AbortSignal.timeout/any cost more per call than the call's own work.
    const controller = new AbortController();
    const timeout = { aborted: false };
    const timer = setTimeout(() => {
      timeout.aborted = true;
      controller.abort();
    }, e.UPSTREAM_TIMEOUT_MS);
    const cancel = () => controller.abort();
    if (req.signal?.aborted) controller.abort();
    req.signal?.addEventListener('abort', cancel, { once: true });
    const t0 = performance.now();
    try {
      // undici's request(), not fetch(): no WHATWG streams, never follows redirects.
      const res = await undiciRequest(target, {
        method: req.method,
        headers: { 'user-agent': 'entra-setup-wizard', ...req.headers },
        ...(req.body !== undefined && { body: req.body }),
        signal: controller.signal,
        dispatcher: proxyDispatcher() ?? getGlobalDispatcher(),
      });
      const status = res.statusCode;
      const text = await readBody(res.body, status >= 200 && status < 300 ? req.onBodyStart : undefined);
      const ms = Math.round(performance.now() - t0);
      log.info('upstream', { purpose: req.purpose, method: req.method, host: target.host, path: target.pathname, status, ms, attempt });
      if (text === undefined) {
        attempts.push({ status, error: 'response too large' });
        return { ok: false, kind: 'too-large', message: 'the response was larger than 8 MB', host, durationMs: elapsed(), attempts };
      }
      if (status >= 300 && status < 400) {
        attempts.push({ status });
        const location = [res.headers['location']].flat()[0];
        let where = 'another address';
        try {
          if (location) where = new URL(location, target).host;
        } catch {
          /* keep the generic wording */
        }
        return { ok: false, kind: 'redirect', message: `the server answered with a redirect to ${where}, which is not followed`, host, durationMs: elapsed(), attempts };
      }
      const headers = new Headers();
      for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
      const retryAfter = parseRetryAfter(headers.get('retry-after'));
      const record: Attempt = { status, ...(retryAfter !== undefined && { retryAfterSeconds: retryAfter }) };
      attempts.push(record);
      if (isRetryable(status) && attempt < (req.retries ?? e.UPSTREAM_MAX_RETRIES)) {
        const waitSeconds = retryAfter ?? (status === 429 ? 1 : 0.5 * 2 ** attempt);
        if (waitSeconds <= e.UPSTREAM_RETRY_AFTER_CAP_SECONDS) {
          record.waitedMs = Math.round(waitSeconds * 1000);
          await sleep(record.waitedMs, req.signal);
          continue;
        }
      }
      return { ok: true, status, headers, text, durationMs: elapsed(), attempts };
    } catch (err) {
      const ms = Math.round(performance.now() - t0);
      if (req.signal?.aborted) {
        attempts.push({ error: 'cancelled' });
        return { ok: false, kind: 'aborted', message: 'the request was cancelled', host, durationMs: elapsed(), attempts };
      }
      if (timeout.aborted) {
        attempts.push({ error: 'timeout' });
        log.warn('upstream.timeout', { purpose: req.purpose, host: target.host, path: target.pathname, ms });
        return { ok: false, kind: 'timeout', message: `no answer within ${Math.round(e.UPSTREAM_TIMEOUT_MS / 1000)} s`, host, durationMs: elapsed(), attempts };
      }
      const message = describeNetworkError(err);
      attempts.push({ error: message });
      log.warn('upstream.error', { purpose: req.purpose, host: target.host, path: target.pathname, ms, message });
      return { ok: false, kind: 'network', message, host, durationMs: elapsed(), attempts };
    } finally {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', cancel);
    }
  }
}

/** One line for evidence: how many tries and what made the server wait, e.g. "429, waited 2 s (Retry-After); 200". */
export function describeAttempts(attempts: Attempt[]): string | undefined {
  if (attempts.length <= 1) return undefined;
  return attempts
    .map((a) => {
      const what = a.status !== undefined ? (a.error ? `${a.status} (${a.error})` : String(a.status)) : (a.error ?? '?');
      if (a.waitedMs === undefined) return what;
      const s = Math.round(a.waitedMs / 100) / 10;
      return `${what}, waited ${s} s${a.retryAfterSeconds !== undefined ? ' (Retry-After)' : ''}`;
    })
    .join('; ');
}
