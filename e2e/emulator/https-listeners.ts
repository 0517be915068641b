import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { EmulatorState, HostKind } from './state';

/**
 * A second pair of listeners, over HTTPS, serving the same emulator state as the main (usually http) pair:
 * msal-browser refuses http authorities, while the wizard's server keeps calling the http listeners. Each
 * listener publishes its own URLs (discovery documents, issuers, next links).
 */

export type PublicUrls = { readonly loginUrl: string; readonly graphUrl: string };

type Handle = (state: EmulatorState, kind: HostKind, req: IncomingMessage, res: ServerResponse, urls?: PublicUrls) => Promise<void>;

export type HttpsListenerOptions = {
  readonly key: string | Buffer;
  readonly cert: string | Buffer;
  readonly loginPort?: number;
  readonly graphPort?: number;
};

/**
 * Runs `fn` while the state publishes `urls`. Safe because a prepared request's respond() is synchronous:
 * no other request runs in between.
 */
export function withPublicUrls<T>(state: EmulatorState, urls: PublicUrls | undefined, fn: () => T): T {
  if (!urls) return fn();
  const saved: PublicUrls = { loginUrl: state.loginUrl, graphUrl: state.graphUrl };
  state.loginUrl = urls.loginUrl;
  state.graphUrl = urls.graphUrl;
  try {
    return fn();
  } finally {
    state.loginUrl = saved.loginUrl;
    state.graphUrl = saved.graphUrl;
  }
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

export async function startHttpsListeners(
  state: EmulatorState,
  handle: Handle,
  opts: HttpsListenerOptions & { readonly host: string; readonly urlHost: string },
): Promise<PublicUrls & { close(): Promise<void> }> {
  const urls = { loginUrl: '', graphUrl: '' };
  const make = (kind: HostKind): Server => {
    const server = createServer({ key: opts.key, cert: opts.cert }, (req, res) => {
      handle(state, kind, req, res, urls).catch((e: unknown) => {
        console.error(`[emulator] https ${kind} ${req.method} ${req.url}:`, e);
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error: 'emulator_internal_error' }));
      });
    });
    server.on('clientError', (_err, socket) => socket.destroy());
    return server;
  };
  const login = make('login');
  const graph = make('graph');
  const close = (server: Server) =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  try {
    urls.loginUrl = `https://${opts.urlHost}:${await listen(login, opts.loginPort ?? 0, opts.host)}`;
    urls.graphUrl = `https://${opts.urlHost}:${await listen(graph, opts.graphPort ?? 0, opts.host)}`;
  } catch (e) {
    await Promise.all([close(login), close(graph)]);
    throw e;
  }
  return { ...urls, close: async () => void (await Promise.all([close(login), close(graph)])) };
}
