import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { ConfidentialClientApplication, type INetworkModule, type NetworkRequestOptions, type NetworkResponse } from '@azure/msal-node';
import { Agent, fetch as undiciFetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from './server';
import { A, SECRET, T, decodeJwt, testScenario } from './test-support';
import { selfSignedTlsCertificate } from './tls-certificate';

type Json = Record<string, unknown>;

/** A TLS-terminating reverse proxy, as in front of a real deployment: it says which host and scheme it was asked for. */
function httpsFront(target: string, tls: { key: string; cert: string }): Promise<{ url: string; server: Server }> {
  const upstream = new URL(target);
  const server = createServer(tls, (req, res) => {
    const headers: IncomingHttpHeaders = { ...req.headers, 'x-forwarded-host': req.headers.host, 'x-forwarded-proto': 'https', 'x-forwarded-for': req.socket.remoteAddress };
    const forward = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forward.on('error', () => res.writeHead(502).end());
    req.pipe(forward);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, server })));
}

/** msal-node's HTTP calls, trusting the test front's self-signed certificate (what NODE_EXTRA_CA_CERTS does for a real one). */
function trustingClient(ca: string): INetworkModule {
  const dispatcher = new Agent({ connect: { ca } });
  const send = async <T>(url: string, method: 'GET' | 'POST', options?: NetworkRequestOptions): Promise<NetworkResponse<T>> => {
    const res = await undiciFetch(url, { method, dispatcher, ...(options?.headers && { headers: options.headers }), ...(options?.body !== undefined && { body: options.body }) });
    return { status: res.status, headers: Object.fromEntries(res.headers), body: (await res.json()) as T };
  };
  return { sendGetRequestAsync: (url, options) => send(url, 'GET', options), sendPostRequestAsync: (url, options) => send(url, 'POST', options) };
}

describe('the emulator behind an HTTPS reverse proxy', () => {
  let tls: { key: string; cert: string };
  let trusting: RunningEmulator;
  let ignoring: RunningEmulator;
  let front: { url: string; server: Server };
  let frontOfIgnoring: { url: string; server: Server };
  beforeAll(async () => {
    tls = await selfSignedTlsCertificate(['127.0.0.1', 'localhost']);
    trusting = await startEmulator({ scenario: testScenario(), trustProxyHops: 1 });
    ignoring = await startEmulator({ scenario: testScenario() });
    front = await httpsFront(trusting.loginUrl, tls);
    frontOfIgnoring = await httpsFront(ignoring.loginUrl, tls);
  });
  afterAll(async () => {
    front.server.close();
    frontOfIgnoring.server.close();
    await Promise.all([trusting.close(), ignoring.close()]);
  });

  const client = (authorityBase: string) =>
    new ConfidentialClientApplication({
      auth: { clientId: A.good, clientSecret: SECRET, authority: `${authorityBase}/${T.contoso}`, knownAuthorities: [new URL(authorityBase).host] },
      system: { networkClient: trustingClient(tls.cert) },
    });

  it('msal-node resolves the metadata and gets a token through the front, with no public URL configured', async () => {
    const result = await client(front.url).acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] });
    expect(result?.accessToken).toBeTruthy();
    expect(decodeJwt(result!.accessToken).payload).toMatchObject({ tid: T.contoso, appid: A.good, aud: 'https://graph.microsoft.com' });
  });

  it('publishes the address the front was asked for in its discovery document', async () => {
    const doc = (await (await undiciFetch(`${front.url}/${T.contoso}/v2.0/.well-known/openid-configuration`, { dispatcher: new Agent({ connect: { ca: tls.cert } }) })).json()) as Json;
    expect(doc['token_endpoint']).toBe(`${front.url}/${T.contoso}/oauth2/v2.0/token`);
    expect(doc['issuer']).toBe(`${front.url}/${T.contoso}/v2.0`);
  });

  it('believes X-Forwarded-* only from a trusted front: by default its own address stands, and msal-node fails', async () => {
    const forged = (await (
      await fetch(`${ignoring.loginUrl}/${T.contoso}/v2.0/.well-known/openid-configuration`, { headers: { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' } })
    ).json()) as Json;
    expect(forged['token_endpoint']).toBe(`${ignoring.loginUrl}/${T.contoso}/oauth2/v2.0/token`);
    const failure = await client(frontOfIgnoring.url).acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] }).then(() => undefined, (e: unknown) => e);
    // The issuer and endpoints it publishes are its own http address, not the authority msal-node was given.
    expect(String(failure)).toMatch(/endpoints_resolution_error/);
  });

  it('ignores a malformed forwarded host rather than publishing it', async () => {
    const doc = (await (
      await fetch(`${trusting.loginUrl}/${T.contoso}/v2.0/.well-known/openid-configuration`, { headers: { 'x-forwarded-host': 'evil.example/path?x', 'x-forwarded-proto': 'https' } })
    ).json()) as Json;
    expect(String(doc['token_endpoint'])).toMatch(/^https:\/\/127\.0\.0\.1:\d+\//);
    expect(String(doc['token_endpoint'])).not.toContain('evil');
  });
});
