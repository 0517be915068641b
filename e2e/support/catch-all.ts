import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type CaughtRequest = { via: 'request' | 'connect' | 'upgrade'; method: string; target: string; host: string | undefined };

export type CatchAll = {
  /** host:port, to put into hostile inputs and HTTP(S)_PROXY. */
  readonly host: string;
  readonly url: string;
  readonly caught: readonly CaughtRequest[];
  clear(): void;
  close(): Promise<void>;
};

/**
 * A listener that remembers every request and answers none usefully (502, or a dropped CONNECT tunnel).
 * Point HTTP_PROXY/HTTPS_PROXY at it, with NO_PROXY naming only the emulator's ports, and any call the
 * server makes anywhere else lands here; put its address into hostile inputs too.
 */
export async function startCatchAll(): Promise<CatchAll> {
  const caught: CaughtRequest[] = [];
  const record = (via: CaughtRequest['via'], req: IncomingMessage) => caught.push({ via, method: req.method ?? '?', target: req.url ?? '', host: req.headers.host });
  const server = createServer((req, res) => {
    record('request', req);
    req.resume();
    res.writeHead(502, { 'content-type': 'text/plain', connection: 'close' }).end('caught by the catch-all listener');
  });
  const drop = (via: CaughtRequest['via']) => (req: IncomingMessage, socket: Socket) => {
    record(via, req);
    socket.destroy();
  };
  server.on('connect', drop('connect'));
  server.on('upgrade', drop('upgrade'));
  server.on('clientError', (_err, socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    host,
    url: `http://${host}`,
    caught,
    clear: () => {
      caught.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
