import { env } from '@/lib/env';

/**
 * Security headers for every answer. Pages get a Content-Security-Policy with a fresh nonce: scripts run
 * only with that nonce (no 'unsafe-inline', no 'unsafe-eval'); `extra` opens connect/frame sources the
 * sign-in popup needs and nothing else.
 */
export function contentSecurityPolicy(nonce: string, extra: { connect?: readonly string[]; frame?: readonly string[] } = {}, dev = false): string {
  const connect = ["'self'", ...(extra.connect ?? [])].join(' ');
  const frame = ["'self'", ...(extra.frame ?? [])].join(' ');
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    // React and Next.js set style attributes; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src ${connect}`,
    `frame-src ${frame}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function securityHeaders(opts: { https: boolean; page: boolean; path: string }): Record<string, string> {
  const h: Record<string, string> = {
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'x-frame-options': 'DENY',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  };
  // msal-browser's redirect bridge must be served without COOP; everything else isolates its window.
  if (opts.page && !opts.path.startsWith('/redirect')) h['cross-origin-opener-policy'] = 'same-origin-allow-popups';
  if (opts.https) h['strict-transport-security'] = 'max-age=31536000; includeSubDomains';
  return h;
}

/**
 * CSRF: a browser marks cross-site requests with Sec-Fetch-Site and Origin. Mutating API calls are
 * refused when either says the request came from another site; scripts without these headers pass.
 */
export function crossSiteReason(headers: Headers, ownOrigins: readonly string[]): string | undefined {
  const site = headers.get('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') return `Sec-Fetch-Site is ${site}`;
  const origin = headers.get('origin');
  if (origin && origin !== 'null' && !ownOrigins.includes(origin)) return `Origin ${origin} is not this site`;
  if (origin === 'null') return 'Origin is null';
  return undefined;
}

/** The origins this server answers as: its Host (and X-Forwarded-Host) with the request's scheme, and PUBLIC_URL. */
export function ownOrigins(headers: Headers, url: URL): string[] {
  const proto = headers.get('x-forwarded-proto') ?? url.protocol.replace(':', '');
  const hosts = [headers.get('x-forwarded-host'), headers.get('host')].filter((h): h is string => !!h);
  const origins = hosts.map((h) => `${proto}://${h}`);
  const publicUrl = env().PUBLIC_URL;
  if (publicUrl) origins.push(new URL(publicUrl).origin);
  return origins;
}

export function isHttps(headers: Headers, url: URL): boolean {
  return (headers.get('x-forwarded-proto') ?? url.protocol.replace(':', '')) === 'https';
}
