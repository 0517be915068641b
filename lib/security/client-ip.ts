import 'server-only';
import { limits } from './limits';
import { peerAddress } from './peer';

/**
 * The client address for rate limits. Without trusted proxies (TRUST_PROXY_HOPS=0) it is the socket's
 * address and X-Forwarded-For is ignored: a client may write anything there. Behind TRUST_PROXY_HOPS reverse
 * proxies, the entry that many places from the right is the one the nearest trusted proxy saw (Next.js adds
 * the socket's address only when no X-Forwarded-For came in).
 */
export function clientIp(headers: Headers): string {
  const hops = limits().TRUST_PROXY_HOPS;
  if (hops === 0) return peerAddress(headers) ?? 'unknown';
  const entries = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (entries.length === 0) return peerAddress(headers) ?? 'unknown';
  return entries[Math.max(0, entries.length - 1 - (hops - 1))] ?? 'unknown';
}
