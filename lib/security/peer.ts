import 'server-only';
import { randomBytes } from 'node:crypto';
import http from 'node:http';

/**
 * The address of the socket a request came in on. Route handlers cannot see the socket, and Next.js only
 * writes it into X-Forwarded-For when the client did not send one, so a client would choose its own address.
 * Every incoming request is stamped with the socket's address under a per-process random token; a header a
 * client sends itself never carries that token.
 */
const PEER_HEADER = 'x-wizard-peer';
const holder = globalThis as unknown as { __wizardPeerToken?: string; __wizardPeerStamped?: boolean };

function token(): string {
  holder.__wizardPeerToken ??= randomBytes(18).toString('base64url');
  return holder.__wizardPeerToken;
}

/** Strips the IPv4-mapped IPv6 prefix, so 127.0.0.1 counts once however the socket reports it. */
function plainAddress(address: string | undefined): string {
  if (!address) return 'unknown';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

export function stampPeer(req: http.IncomingMessage): void {
  req.headers[PEER_HEADER] = `${token()} ${plainAddress(req.socket.remoteAddress)}`;
}

/** Called once at start (instrumentation.ts): every HTTP server of this process stamps its requests. */
export function stampPeersOfEveryServer(): void {
  if (holder.__wizardPeerStamped) return;
  holder.__wizardPeerStamped = true;
  const proto = http.Server.prototype as unknown as { emit: (event: string | symbol, ...args: unknown[]) => boolean };
  const emit = proto.emit;
  proto.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === 'request') stampPeer(args[0] as http.IncomingMessage);
    return emit.call(this, event, ...args);
  };
}

/** The socket's address, or undefined when the request was not stamped by this process. */
export function peerAddress(headers: Headers): string | undefined {
  const [t, address] = (headers.get(PEER_HEADER) ?? '').split(' ');
  return t === token() && address ? address : undefined;
}
