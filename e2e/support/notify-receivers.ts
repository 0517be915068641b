import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { selfSignedTlsCertificate } from '../emulator/tls-certificate';

/** Verifies a Standard Webhooks signature the way a receiver does: HMAC-SHA256 over "id.timestamp.body", constant-time compare. */
export function verifyStandardWebhook(secret: string, headers: IncomingHttpHeaders, body: string): boolean {
  const id = String(headers['webhook-id'] ?? '');
  const ts = String(headers['webhook-timestamp'] ?? '');
  const sigs = String(headers['webhook-signature'] ?? '').split(' ');
  if (!id || !/^\d+$/.test(ts)) return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${ts}.${body}`).digest();
  return sigs.some((s) => {
    const [version, value] = s.split(',');
    if (version !== 'v1' || !value) return false;
    const got = Buffer.from(value, 'base64');
    return got.length === expected.length && timingSafeEqual(got, expected);
  });
}

export type Received = { path: string; headers: IncomingHttpHeaders; body: string; verified?: boolean };

/**
 * A real HTTPS receiver on 127.0.0.1 with a certificate made now. With a signing secret it checks each
 * request's Standard Webhooks signature and answers 401 to a bad one. `answer` decides the status.
 */
export async function startHttpsReceiver(
  options: { answer?: (r: Received, n: number) => { status: number; body?: string; headers?: Record<string, string> }; port?: number; delayMs?: number } = {},
) {
  const tls = await selfSignedTlsCertificate(['127.0.0.1', 'localhost']);
  const received: Received[] = [];
  const state = { secret: undefined as string | undefined };
  const server = https.createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const r: Received = { path: req.url ?? '/', headers: req.headers, body, ...(state.secret && { verified: verifyStandardWebhook(state.secret, req.headers, body) }) };
      received.push(r);
      if (r.verified === false) {
        res.writeHead(401, { 'content-type': 'text/plain' }).end('signature does not verify');
        return;
      }
      const a = options.answer?.(r, received.length) ?? { status: 202, body: 'accepted by the test receiver' };
      const reply = () => res.writeHead(a.status, { 'content-type': 'text/plain', ...a.headers }).end(a.body ?? '');
      if (options.delayMs) setTimeout(reply, options.delayMs);
      else reply();
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    ca: tls.cert,
    received,
    url: (path = '/hook') => `https://127.0.0.1:${port}${path}`,
    /** From now on, every request must carry a valid signature under `secret` (undefined: none checked). */
    setSecret(secret: string | undefined) {
      state.secret = secret;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
export type HttpsReceiver = Awaited<ReturnType<typeof startHttpsReceiver>>;

/**
 * A real SMTP server (the `smtp-server` package) on 127.0.0.1; each message is parsed with `mailparser`.
 * `reject` answers RCPT TO with that SMTP code (4xx: try later; 5xx: refused for good).
 */
export async function startSmtpReceiver(options: { reject?: (n: number) => number | undefined } = {}) {
  const messages: (ParsedMail & { envelopeTo: string[] })[] = [];
  let rcpts = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const code = options.reject?.(++rcpts);
      if (code) {
        const err = new Error(code >= 500 ? 'Mailbox unavailable' : 'Try again later') as Error & { responseCode: number };
        err.responseCode = code;
        callback(err);
        return;
      }
      void address;
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          messages.push(Object.assign(mail, { envelopeTo: session.envelope.rcptTo.map((r) => r.address) }));
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
