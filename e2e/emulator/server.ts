import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { attachSignin } from './authorize';
import { CONTROL_PREFIX, handleControl } from './control';
import { faultOutcome } from './faults';
import { forwardedUrls } from './forwarded';
import { prepareGraph } from './graph';
import { BodyTooLargeError, jsonResponse, readBody, sleep, type EmulatorResponse } from './http-io';
import { startHttpsListeners, withPublicUrls, type HttpsListenerOptions, type PublicUrls } from './https-listeners';
import { prepareLogin, type PreparedRequest } from './login';
import { startNexthinkListener, type NexthinkState } from './nexthink';
import { parseScenario, type Cloud, type ScenarioInput } from './scenario';
import { EmulatorState, type HostKind } from './state';

export interface StartEmulatorOptions {
  readonly scenario: ScenarioInput;
  readonly host?: string;
  readonly loginPort?: number;
  readonly graphPort?: number;
  readonly servedCloud?: Cloud;
  /** Serve HTTPS (msal-browser refuses http authorities). PEM strings or buffers. */
  readonly tls?: { readonly key: string | Buffer; readonly cert: string | Buffer };
  /** Base URLs to publish when the emulator sits behind a proxy; default: the listeners' own URLs. */
  readonly publicLoginUrl?: string;
  readonly publicGraphUrl?: string;
  /** Also serve both hosts over HTTPS on ports of their own, same state (the browser sign-in needs https). */
  readonly https?: HttpsListenerOptions;
  /** Port of the Nexthink NQL API listener (default: any free port). */
  readonly nexthinkPort?: number;
  /**
   * Reverse proxies in front of the emulator whose X-Forwarded-Host and X-Forwarded-Proto it believes when
   * it writes its URLs into answers (like the wizard's TRUST_PROXY_HOPS). Default 0: the headers are ignored.
   */
  readonly trustProxyHops?: number;
}

export interface RunningEmulator {
  readonly loginUrl: string;
  readonly graphUrl: string;
  readonly state: EmulatorState;
  /** The HTTPS listeners' URLs, when `https` was given. */
  readonly httpsLoginUrl?: string;
  readonly httpsGraphUrl?: string;
  /** Nexthink's token and NQL API hosts, the public host as first path segment (NEXTHINK_API_URL). */
  readonly nexthinkUrl: string;
  readonly nexthink: NexthinkState;
  close(): Promise<void>;
}

export { EmulatorState };

type EncodedResponse = { status: number; headers: Record<string, string>; bytes: Buffer };

/** The answer as bytes: encoding a 250 KB users page takes a millisecond or two, done before it is due. */
function encode(response: EmulatorResponse): EncodedResponse {
  const bytes = Buffer.from(response.body, 'utf8');
  return { status: response.status, headers: { ...response.headers, 'Content-Length': String(bytes.length) }, bytes };
}

function write(res: ServerResponse, response: EmulatorResponse | EncodedResponse, method: string): void {
  if (res.headersSent || res.destroyed) return;
  const { status, headers, bytes } = 'bytes' in response ? response : encode(response);
  res.writeHead(status, headers);
  res.end(method === 'HEAD' ? undefined : bytes);
}

async function handle(state: EmulatorState, host: HostKind, req: IncomingMessage, res: ServerResponse, urls?: PublicUrls): Promise<void> {
  const started = performance.now();
  const method = (req.method ?? 'GET').toUpperCase();
  const rawUrl = req.url ?? '/';
  let body = '';
  try {
    body = await readBody(req);
  } catch (e) {
    const status = e instanceof BodyTooLargeError ? 413 : 400;
    write(res, jsonResponse(status, { error: 'bad_request_body' }), method);
    return;
  }

  if (rawUrl === CONTROL_PREFIX || rawUrl.startsWith(`${CONTROL_PREFIX}/`) || rawUrl.startsWith(`${CONTROL_PREFIX}?`)) {
    write(res, handleControl(state, req, body), method);
    return;
  }

  const prepared: PreparedRequest = host === 'login' ? prepareLogin(state, req, body) : prepareGraph(state, req, body);
  const fault = prepared.route ? state.takeFault(prepared.route, host, prepared.scope) : undefined;
  const log = (status: number) =>
    state.record({
      time: new Date().toISOString(),
      host,
      method,
      path: rawUrl,
      status,
      ...(prepared.scope.tenantId ?? prepared.scope.tenantSegment ? { tenant: prepared.scope.tenantId ?? prepared.scope.tenantSegment } : {}),
      ...(prepared.scope.appId ? { appId: prepared.scope.appId } : {}),
      durationMs: Math.round(performance.now() - started),
      ...(prepared.route ? { route: prepared.route } : {}),
      ...(fault ? { fault: fault.kind } : {}),
    });

  // Latency counts from the request's arrival and the answer is built meanwhile, as a remote service's
  // processing overlaps its network time: a page costs max(latency, work), not latency + work.
  const due = started + state.latencyFor(prepared.route, host);
  const untilDue = async () => {
    // Whole-millisecond timers fire a fraction early or a millisecond or more late: the timer is set 2 ms
    // short of the due time and the rest is waited out turn by turn, so an answer is neither early nor late.
    const wait = due - performance.now() - 2;
    if (wait > 0) await sleep(wait);
    while (performance.now() < due) await new Promise<void>((resolve) => setImmediate(resolve));
  };

  if (fault && prepared.route) {
    const outcome = faultOutcome(fault, host, prepared.route, state, req, prepared.scope, body);
    if (outcome.kind === 'hang') {
      res.on('close', () => log(0));
      return;
    }
    await untilDue();
    if (outcome.kind === 'reset') {
      req.socket.destroy();
      log(0);
      return;
    }
    write(res, outcome.response, method);
    log(outcome.response.status);
    return;
  }

  const response = withPublicUrls(state, urls, () => prepared.respond());
  const encoded = encode(response);
  await untilDue();
  write(res, encoded, method);
  log(response.status);
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

export async function startEmulator(opts: StartEmulatorOptions): Promise<RunningEmulator> {
  const scenario = parseScenario(opts.scenario);
  const state = new EmulatorState(scenario, opts.servedCloud ?? 'global');
  await state.signer.ready;
  attachSignin(state, scenario.signinClients);
  const host = opts.host ?? '127.0.0.1';
  const make = (kind: HostKind): Server => {
    const handler = (req: IncomingMessage, res: ServerResponse) => {
      const urls = forwardedUrls(req, kind, opts.trustProxyHops ?? 0, state, opts.tls ? 'https' : 'http');
      handle(state, kind, req, res, urls).catch((e: unknown) => {
        console.error(`[emulator] ${kind} ${req.method} ${req.url}:`, e);
        write(res, jsonResponse(500, { error: 'emulator_internal_error', detail: e instanceof Error ? e.message : String(e) }), 'GET');
      });
    };
    const server = opts.tls ? createHttpsServer({ key: opts.tls.key, cert: opts.tls.cert }, handler) : createHttpServer(handler);
    server.on('clientError', (_err, socket) => socket.destroy());
    return server;
  };
  const loginServer = make('login');
  const graphServer = make('graph');
  const scheme = opts.tls ? 'https' : 'http';
  try {
    const loginPort = await listen(loginServer, opts.loginPort ?? 0, host);
    const graphPort = await listen(graphServer, opts.graphPort ?? 0, host);
    state.loginUrl = (opts.publicLoginUrl ?? `${scheme}://${urlHost(host)}:${loginPort}`).replace(/\/$/, '');
    state.graphUrl = (opts.publicGraphUrl ?? `${scheme}://${urlHost(host)}:${graphPort}`).replace(/\/$/, '');
  } catch (e) {
    loginServer.close();
    graphServer.close();
    throw e;
  }
  const nexthink = await startNexthinkListener(scenario.nexthink, { host, ...(opts.nexthinkPort !== undefined && { port: opts.nexthinkPort }), ...(opts.tls && { tls: opts.tls }) }).catch((e: unknown) => {
    loginServer.close();
    graphServer.close();
    throw e;
  });
  nexthink.state.microsoft = { loginUrl: state.loginUrl, graphUrl: state.graphUrl };

  const secure = opts.https
    ? await startHttpsListeners(state, handle, { ...opts.https, host, urlHost: urlHost(host) }).catch((e: unknown) => {
        loginServer.close();
        graphServer.close();
        throw e;
      })
    : undefined;

  const closeServer = (server: Server) =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });

  return {
    loginUrl: state.loginUrl,
    graphUrl: state.graphUrl,
    state,
    ...(secure && { httpsLoginUrl: secure.loginUrl, httpsGraphUrl: secure.graphUrl }),
    nexthinkUrl: nexthink.url,
    nexthink: nexthink.state,
    close: async () => {
      await Promise.all([closeServer(loginServer), closeServer(graphServer), closeServer(nexthink.server)]);
      await secure?.close();
    },
  };
}
