import type { IncomingMessage } from 'node:http';
import type { PublicUrls } from './https-listeners';
import type { HostKind } from './state';

const HOST = /^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** The entry a trusted front wrote: `hops` from the right of a comma-separated header (the first when fewer). */
function fromFront(value: string | string[] | undefined, hops: number): string | undefined {
  const entries = [value]
    .flat()
    .join(',')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  if (entries.length === 0) return undefined;
  return entries[Math.max(0, entries.length - hops)];
}

/**
 * The base URLs a request came in on through `hops` trusted reverse proxies (X-Forwarded-Host and
 * X-Forwarded-Proto), for the discovery documents, issuers and next links it is answered with. Without
 * trusted hops, or without the headers, undefined: the listener's own URLs stand. A malformed value is
 * ignored rather than published.
 */
export function forwardedUrls(req: IncomingMessage, kind: HostKind, hops: number, current: PublicUrls, scheme: 'http' | 'https'): PublicUrls | undefined {
  if (hops < 1) return undefined;
  const host = fromFront(req.headers['x-forwarded-host'], hops);
  const proto = fromFront(req.headers['x-forwarded-proto'], hops)?.toLowerCase();
  if (host === undefined && proto === undefined) return undefined;
  const validHost = host !== undefined && HOST.test(host) ? host : req.headers.host;
  if (!validHost || !HOST.test(validHost)) return undefined;
  const origin = `${proto === 'https' || proto === 'http' ? proto : scheme}://${validHost}`;
  return kind === 'login' ? { loginUrl: origin, graphUrl: current.graphUrl } : { loginUrl: current.loginUrl, graphUrl: origin };
}
