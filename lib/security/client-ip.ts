import 'server-only';
import { limits } from './limits';

/**
 * The client address for rate limits. Next.js sets X-Forwarded-For to the socket's address unless the
 * request already carries one; behind TRUST_PROXY_HOPS reverse proxies, the entry that many places from
 * the right is the one the nearest trusted proxy saw. Without a proxy a client can choose its own
 * X-Forwarded-For, so the per-setup and whole-server limits are the ones that cannot be dodged.
 */
export function clientIp(headers: Headers): string {
  const entries = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (entries.length === 0) return 'unknown';
  const hops = limits().TRUST_PROXY_HOPS;
  return entries[Math.max(0, entries.length - 1 - Math.max(0, hops - 1))] ?? 'unknown';
}
