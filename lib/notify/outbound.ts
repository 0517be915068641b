import 'server-only';
import dns from 'node:dns/promises';
import https from 'node:https';
import net from 'node:net';
import { env } from '@/lib/env';
import { redact } from '@/lib/log';

/**
 * The outbound rules for notification webhooks (Teams, Slack, generic), whose URLs admins type: https only;
 * the host must be on the operator's list (WEBHOOK_ALLOWED_HOSTS); after DNS resolution no private,
 * loopback or link-local address unless the operator listed that host or address itself; the connection
 * goes to the address that was checked (no second lookup to rebind); no redirects; a timeout; only the
 * head of the answer is read. Microsoft and Nexthink calls keep their own fixed allowlist in lib/http/upstream.ts.
 */

export class RefusedUrl extends Error {}

const ANSWER_BYTES = 2048;
const TIMEOUT_MS = 10_000;

const blocked = new net.BlockList();
for (const [prefix, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(prefix, bits, 'ipv4');
}
for (const [prefix, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
] as const) {
  blocked.addSubnet(prefix, bits, 'ipv6');
}

/** True for addresses a webhook may not reach unless the operator lists them: private, loopback, link-local, etc. */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return blocked.check(mapped[1]!, 'ipv4');
  const family = net.isIP(address);
  if (family === 0) return true;
  return blocked.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

function bare(host: string): string {
  return host.replace(/^\[|\]$/g, '').toLowerCase();
}

type HostMatch = 'explicit' | 'wildcard' | undefined;

function matchHost(host: string, allowed: readonly string[]): HostMatch {
  const h = bare(host);
  if (allowed.some((a) => bare(a) === h)) return 'explicit';
  if (allowed.some((a) => a === '*' || (a.startsWith('*.') && h.endsWith(a.slice(1)) && h.length > a.length - 1))) return 'wildcard';
  return undefined;
}

/** Checks what can be checked without the network; the message is the field error the admin sees. */
export function checkWebhookUrl(raw: string, allowed: readonly string[] = env().WEBHOOK_ALLOWED_HOSTS): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new RefusedUrl('must be a full URL starting with https://');
  }
  if (url.protocol !== 'https:') throw new RefusedUrl('must be an https:// URL: notifications are never sent unencrypted');
  if (url.username || url.password) throw new RefusedUrl('must not hold a user name or password');
  if (!matchHost(url.hostname, allowed)) {
    throw new RefusedUrl(
      `the host ${bare(url.hostname)} is not one this server may call; allowed: ${allowed.join(', ') || '(none)'}. The server's operator adds hosts in WEBHOOK_ALLOWED_HOSTS.`,
    );
  }
  return url;
}

/** Resolves the host and picks the address to connect to, refusing private ones the operator did not list. */
export async function resolveWebhookAddress(url: URL, allowed: readonly string[] = env().WEBHOOK_ALLOWED_HOSTS): Promise<{ address: string; family: 4 | 6 }> {
  const host = bare(url.hostname);
  const explicitHost = matchHost(host, allowed) === 'explicit';
  let addresses: { address: string; family: number }[];
  if (net.isIP(host)) addresses = [{ address: host, family: net.isIP(host) }];
  else {
    try {
      addresses = await dns.lookup(host, { all: true, verbatim: true });
    } catch {
      throw new RefusedUrl(`the host ${host} could not be found (DNS)`);
    }
  }
  const refused = addresses.find((a) => isPrivateAddress(a.address) && !explicitHost && matchHost(a.address, allowed) !== 'explicit');
  if (refused || addresses.length === 0) {
    throw new RefusedUrl(
      `the host ${host} resolves to ${refused?.address ?? 'no address'}, a private, loopback or link-local address; only an address or host the operator lists in WEBHOOK_ALLOWED_HOSTS may be internal`,
    );
  }
  const first = addresses[0]!;
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}

export type WebhookAnswer = { ok: boolean; status?: number; answer: string; retry: boolean };

export type PostOptions = { allowed?: readonly string[]; timeoutMs?: number; ca?: string | Buffer };

function oneLine(text: string): string {
  return redact(text.replace(/\s+/g, ' ').trim()).slice(0, 300);
}

/** POSTs a JSON body to a webhook under the rules above; never throws for the receiver's failures. */
export async function postWebhook(rawUrl: string, body: string, headers: Record<string, string>, options: PostOptions = {}): Promise<WebhookAnswer> {
  const allowed = options.allowed ?? env().WEBHOOK_ALLOWED_HOSTS;
  let url: URL;
  let target: { address: string; family: 4 | 6 };
  try {
    url = checkWebhookUrl(rawUrl, allowed);
    target = await resolveWebhookAddress(url, allowed);
  } catch (err) {
    if (err instanceof RefusedUrl) return { ok: false, answer: `Refused: the URL ${err.message}.`, retry: false };
    throw err;
  }
  const host = bare(url.hostname);
  const timeoutMs = options.timeoutMs ?? TIMEOUT_MS;
  return new Promise<WebhookAnswer>((resolve) => {
    const req = https.request(
      {
        host: target.address,
        family: target.family,
        port: url.port || 443,
        path: `${url.pathname}${url.search}`,
        method: 'POST',
        // The certificate is checked against the URL's host, not the pinned address.
        ...(net.isIP(host) ? {} : { servername: host }),
        headers: { ...headers, host: url.host, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'entra-setup-wizard' },
        timeout: timeoutMs,
        agent: false,
        ...(options.ca ? { ca: options.ca } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const finish = () => {
          const status = res.statusCode ?? 0;
          const head = oneLine(Buffer.concat(chunks).toString('utf8').slice(0, ANSWER_BYTES));
          const line = `HTTP ${status}${res.statusMessage ? ` ${res.statusMessage}` : ''}${head ? `: ${head}` : ''}`;
          if (status >= 200 && status < 300) resolve({ ok: true, status, answer: line, retry: false });
          else if (status >= 300 && status < 400)
            resolve({ ok: false, status, answer: `${line} — a redirect, which is not followed: use the final URL.`, retry: false });
          else resolve({ ok: false, status, answer: line, retry: status === 408 || status === 429 || status >= 500 });
        };
        res.on('data', (c: Buffer) => {
          if (size >= ANSWER_BYTES) return;
          chunks.push(c);
          size += c.length;
          if (size >= ANSWER_BYTES) {
            finish();
            res.destroy();
          }
        });
        res.on('end', finish);
        res.on('error', () => finish());
      },
    );
    let settled = false;
    const done = (a: WebhookAnswer) => {
      if (!settled) {
        settled = true;
        resolve(a);
      }
    };
    req.on('timeout', () => {
      req.destroy();
      done({ ok: false, answer: `No answer within ${Math.round(timeoutMs / 1000)} s.`, retry: true });
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      const tls = /certificate|self[- ]signed|CERT_/i.test(err.message) || /CERT/.test(err.code ?? '');
      done({
        ok: false,
        answer: tls
          ? `The receiver's TLS certificate was not trusted (${err.code ?? err.message}); an internal receiver's CA goes in NODE_EXTRA_CA_CERTS.`
          : `Could not reach ${host}: ${err.code ?? oneLine(err.message)}.`,
        retry: !tls,
      });
    });
    req.end(body);
  });
}
