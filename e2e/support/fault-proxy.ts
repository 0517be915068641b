import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ProxyFaultKind = '429' | '500' | '503' | 'hang' | 'reset' | 'malformed' | 'html' | 'empty';
export type ProxyFault = { match: RegExp; kind: ProxyFaultKind; retryAfter?: number; times?: number };
export type ProxiedRequest = { method: string; target: string; status: number; fault?: ProxyFaultKind };

export type FaultProxy = {
  readonly url: string;
  readonly host: string;
  /** Every request as it arrived (raw target, query included), with the status answered (0: none). */
  readonly requests: ProxiedRequest[];
  addFault(fault: ProxyFault): void;
  clearFaults(): void;
  close(): Promise<void>;
};

const GATEWAY_PAGE = '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body><center><h1>502 Bad Gateway</h1></center></body>\r\n</html>\r\n';

/**
 * A pass-through HTTP listener in front of `target` that injects the same faults as the emulator's
 * (timeouts, 5xx, throttling, resets, broken bodies) into requests whose raw target matches a rule.
 * For upstreams whose emulator has no fault injection of its own (Nexthink's NQL API).
 */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const base = new URL(target);
  const requests: ProxiedRequest[] = [];
  let faults: { rule: ProxyFault; remaining: number | undefined }[] = [];

  const take = (rawTarget: string): ProxyFault | undefined => {
    const f = faults.find((x) => x.rule.match.test(rawTarget));
    if (!f) return undefined;
    if (f.remaining !== undefined && --f.remaining <= 0) faults = faults.filter((x) => x !== f);
    return f.rule;
  };

  const answer = (res: ServerResponse, status: number, headers: Record<string, string>, body: string) => {
    res.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(body)) }).end(body);
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const entry: ProxiedRequest = { method: req.method ?? 'GET', target: req.url ?? '/', status: 0 };
    requests.push(entry);
    const fault = take(entry.target);
    if (fault) {
      entry.fault = fault.kind;
      req.resume();
      const retryAfter = String(fault.retryAfter ?? 5);
      switch (fault.kind) {
        case 'hang':
          return;
        case 'reset':
          req.socket.destroy();
          return;
        case '429':
          entry.status = 429;
          return answer(res, 429, { 'retry-after': retryAfter }, '');
        case '503':
          entry.status = 503;
          return answer(res, 503, { 'retry-after': retryAfter }, '');
        case '500':
          entry.status = 500;
          return answer(res, 500, { 'content-type': 'application/json' }, '{"message":"Internal server error","code":500}');
        case 'malformed':
          entry.status = 200;
          return answer(res, 200, { 'content-type': 'application/json' }, '{"queryId":"#entra_upn_coverage","executedQuery":"users during past 7d | summ');
        case 'html':
          entry.status = 502;
          return answer(res, 502, { 'content-type': 'text/html' }, GATEWAY_PAGE);
        case 'empty':
          entry.status = 200;
          return answer(res, 200, { 'content-type': 'application/json' }, '');
      }
    }
    const headers = { ...req.headers, host: base.host };
    const upstream = httpRequest({ host: base.hostname, port: base.port, method: req.method, path: `${base.pathname.replace(/\/$/, '')}${entry.target}`, headers }, (up) => {
      entry.status = up.statusCode ?? 0;
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => {
      if (!res.headersSent) answer(res, 502, { 'content-type': 'text/plain' }, 'fault proxy: upstream unreachable');
    });
    req.pipe(upstream);
  });
  server.on('clientError', (_err, socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `http://${host}`,
    host,
    requests,
    addFault: (rule) => faults.push({ rule, remaining: rule.times }),
    clearFaults: () => {
      faults = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
