import 'server-only';
import { describeUnexpected, parseJson, type UnexpectedResponse } from '@/lib/http/unexpected';
import { upstream, type Attempt, type UpstreamFailure } from '@/lib/http/upstream';
import { parseGraphError, type GraphError } from './errors';

export type GraphFailure =
  | { kind: 'graph-error'; httpStatus: number; error: GraphError }
  | { kind: 'upstream'; failure: UpstreamFailure }
  | UnexpectedResponse;

export type GraphResult<T> =
  | { ok: true; data: T; httpStatus: number; requestId?: string; durationMs: number; attempts: Attempt[] }
  | { ok: false; failure: GraphFailure; durationMs: number; attempts: Attempt[] };

export type GraphSession = {
  /** The cloud's public Graph root, e.g. https://graph.microsoft.com */
  graphUrl: string;
  accessToken: string;
  signal?: AbortSignal;
};

/**
 * GET a Graph resource: `path` is under /v1.0 of the session's own Graph host, built by the caller with every
 * user-supplied part encoded (see userPath). The token goes to that host only.
 */
export async function graphGet<T>(session: GraphSession, path: `/${string}`, version: 'v1.0' | 'beta' = 'v1.0'): Promise<GraphResult<T>> {
  const res = await upstream({
    method: 'GET',
    url: `${session.graphUrl}/${version}${path}`,
    headers: { authorization: `Bearer ${session.accessToken}`, accept: 'application/json' },
    purpose: 'graph',
    ...(session.signal && { signal: session.signal }),
  });
  if (!res.ok) return { ok: false, failure: { kind: 'upstream', failure: res }, durationMs: res.durationMs, attempts: res.attempts };
  const requestId = res.headers.get('request-id') ?? undefined;
  if (res.status >= 200 && res.status < 300) {
    const data = parseJson(res.text);
    if (data === undefined || data === null || typeof data !== 'object') {
      return { ok: false, failure: describeUnexpected(res), durationMs: res.durationMs, attempts: res.attempts };
    }
    return { ok: true, data: data as T, httpStatus: res.status, ...(requestId && { requestId }), durationMs: res.durationMs, attempts: res.attempts };
  }
  const error = parseGraphError(res.text);
  if (error) {
    const withId = error.requestId || !requestId ? error : { ...error, requestId };
    return { ok: false, failure: { kind: 'graph-error', httpStatus: res.status, error: withId }, durationMs: res.durationMs, attempts: res.attempts };
  }
  return { ok: false, failure: describeUnexpected(res), durationMs: res.durationMs, attempts: res.attempts };
}

/**
 * The path of one user by object id or UPN. `#` (guest `#EXT#` UPNs) must become %23 or Graph never sees it;
 * a UPN that starts with `$` would read as an OData system segment, so Graph wants the key form
 * `/users('$adele@contoso.com')` for it (quotes doubled inside).
 */
export function userPath(idOrUpn: string): `/users${string}` {
  if (idOrUpn.startsWith('$')) return `/users('${encodeURIComponent(idOrUpn.replace(/'/g, "''")).replace(/%24/g, '$')}')`;
  return `/users/${encodeURIComponent(idOrUpn)}`;
}
