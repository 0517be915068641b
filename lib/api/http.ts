import 'server-only';
import { NextResponse } from 'next/server';
import type { z } from 'zod';
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from '@/lib/db/errors';
import { log } from '@/lib/log';
import { crossSiteReason, isHttps, ownOrigins, securityHeaders } from '@/lib/security/headers';
import { ApiError } from './errors';

export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Reads and validates a JSON body. Never echoes the body or the parser's message back: a body may hold a
 * client secret, and JSON.parse quotes its input.
 */
export async function readJson<S extends z.ZodType>(request: Request, schema: S, { allowEmpty = false } = {}): Promise<z.infer<S>> {
  const type = request.headers.get('content-type') ?? '';
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) throw new ApiError('payload_too_large:body', 'The request body is larger than 1 MB.');
  const text = await readLimited(request);
  if (text.trim() === '') {
    if (allowEmpty) return parseWith(schema, {});
    throw new ApiError('bad_request:body', 'The request body is empty; send a JSON object.');
  }
  if (type && !/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) {
    throw new ApiError('unsupported_media_type:body', 'Send the body as application/json.');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ApiError('bad_request:json', 'The request body is not valid JSON.');
  }
  return parseWith(schema, json);
}

async function readLimited(request: Request): Promise<string> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw new ApiError('payload_too_large:body', 'The request body is larger than 1 MB.');
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseWith<S extends z.ZodType>(schema: S, json: unknown): z.infer<S> {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new ApiError('bad_request:body', 'The request body must be a JSON object.');
  }
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  // No prototype: a field named "__proto__" must be named like any other, not swallowed.
  const fields: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) fields[[...issue.path, key].join('.')] = 'is not a field of this request';
      continue;
    }
    const key = issue.path.map(String).join('.') || '(body)';
    fields[key] ??= issue.message;
  }
  const names = Object.keys(fields);
  throw new ApiError('bad_request:fields', `Invalid ${names.length === 1 ? 'field' : 'fields'}: ${names.join(', ')}.`, fields);
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Wraps a route handler. API routes do not go through proxy.ts (its per-request cost is a tenth of a
 * validation's), so this is where they get the CSRF check for mutating calls and the security headers.
 * ApiErrors become their JSON answer, an unreachable database a 503 that says so,
 * anything else a logged 500 without details.
 */
export function handle<A extends unknown[]>(fn: (...args: A) => Promise<Response>): (...args: A) => Promise<Response> {
  return async (...args: A) => {
    const request = args[0] instanceof Request ? args[0] : undefined;
    const res = await answer(request, () => fn(...args));
    if (request) {
      const url = new URL(request.url);
      for (const [k, v] of Object.entries(securityHeaders({ https: isHttps(request.headers, url), page: false, path: url.pathname }))) {
        if (!res.headers.has(k)) res.headers.set(k, v);
      }
    }
    return res;
  };
}

async function answer(request: Request | undefined, run: () => Promise<Response>): Promise<Response> {
  if (request && MUTATING.has(request.method)) {
    const reason = crossSiteReason(request.headers, ownOrigins(request.headers, new URL(request.url)));
    if (reason) return errorJson(new ApiError('forbidden:cross_site', `Cross-site requests are refused (${reason}).`));
  }
  try {
    return await run();
  } catch (thrown) {
    let err = thrown;
    if (isDatabaseUnavailable(thrown)) {
      log.warn('api.database_unavailable', { error: thrown instanceof Error ? thrown.message : String(thrown) });
      err = new ApiError('unavailable:database', DATABASE_UNAVAILABLE_MESSAGE, undefined, 5);
    }
    if (err instanceof ApiError) return errorJson(err);
    log.error('api.unhandled', { error: err instanceof Error ? err.message : String(err) });
    return NextResponse.json({ error: { code: 'internal', message: 'Something went wrong on the server. Nothing was saved from this request.' } }, { status: 500, headers: { 'cache-control': NO_STORE } });
  }
}

function errorJson(err: ApiError): Response {
  const headers: Record<string, string> = { 'cache-control': NO_STORE };
  if (err.retryAfter !== undefined) headers['retry-after'] = String(err.retryAfter);
  return NextResponse.json(err.toJSON(), { status: err.status, headers });
}

/** no-transform: Next.js would gzip every answer, which costs more time than a LAN saves on a few kB of JSON. */
const NO_STORE = 'no-store, no-transform';

export function json(data: unknown, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  headers.set('cache-control', NO_STORE);
  return NextResponse.json(data, { ...init, headers });
}
