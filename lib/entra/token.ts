import 'server-only';
import { z } from 'zod';
import { describeUnexpected, parseJson, type UnexpectedResponse } from '@/lib/http/unexpected';
import { upstream, type Attempt, type UpstreamFailure } from '@/lib/http/upstream';
import { decodeAccessTokenClaims, type AppTokenClaims } from './claims';
import { parseEntraError, type EntraError } from './errors';

const tokenResponseSchema = z
  .object({
    token_type: z.string(),
    expires_in: z.coerce.number().optional(),
    access_token: z.string().min(1),
  })
  .loose();

type TokenFailure =
  | { kind: 'entra-error'; httpStatus: number; error: EntraError }
  | { kind: 'upstream'; failure: UpstreamFailure }
  | UnexpectedResponse;

export type TokenResult =
  | {
      ok: true;
      /** Kept in memory for the rest of this validation run only; never stored, logged or returned. */
      accessToken: string;
      claims: AppTokenClaims | undefined;
      expiresIn?: number;
      httpStatus: number;
      durationMs: number;
      attempts: Attempt[];
    }
  | { ok: false; failure: TokenFailure; durationMs: number; attempts: Attempt[] };

/**
 * The client-credentials request exactly as Nexthink's connector makes it: a plain form POST to the
 * Access token URL with the secret in the body — no SDK, no discovery, no token cache.
 */
export async function requestAppToken(input: {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope: string;
  signal?: AbortSignal;
}): Promise<TokenResult> {
  const form = { client_id: input.clientId, client_secret: input.clientSecret, scope: input.scope, grant_type: 'client_credentials' };
  return postTokenForm(input.tokenUrl, form, input.signal);
}

/** Client credentials with a certificate: the RFC 7523 client assertion (lib/monitor/certificate.ts) instead of a secret. */
export async function requestAppTokenWithAssertion(input: {
  tokenUrl: string;
  clientId: string;
  clientAssertion: string;
  scope: string;
  signal?: AbortSignal;
}): Promise<TokenResult> {
  const form = {
    client_id: input.clientId,
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: input.clientAssertion,
    scope: input.scope,
    grant_type: 'client_credentials',
  };
  return postTokenForm(input.tokenUrl, form, input.signal);
}

async function postTokenForm(tokenUrl: string, form: Record<string, string>, signal: AbortSignal | undefined): Promise<TokenResult> {
  const res = await upstream({
    method: 'POST',
    url: tokenUrl,
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams(form).toString(),
    purpose: 'token',
    ...(signal && { signal }),
  });
  if (!res.ok) return { ok: false, failure: { kind: 'upstream', failure: res }, durationMs: res.durationMs, attempts: res.attempts };
  if (res.status === 200) {
    const parsed = tokenResponseSchema.safeParse(parseJson(res.text));
    if (!parsed.success) return { ok: false, failure: describeUnexpected(res), durationMs: res.durationMs, attempts: res.attempts };
    return {
      ok: true,
      accessToken: parsed.data.access_token,
      claims: decodeAccessTokenClaims(parsed.data.access_token),
      ...(parsed.data.expires_in !== undefined && { expiresIn: parsed.data.expires_in }),
      httpStatus: 200,
      durationMs: res.durationMs,
      attempts: res.attempts,
    };
  }
  const error = parseEntraError(res.text);
  if (error) return { ok: false, failure: { kind: 'entra-error', httpStatus: res.status, error }, durationMs: res.durationMs, attempts: res.attempts };
  return { ok: false, failure: describeUnexpected(res), durationMs: res.durationMs, attempts: res.attempts };
}
