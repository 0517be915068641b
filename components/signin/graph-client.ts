import type { GraphRequest } from '@/lib/signin/graph-requests';

/** A Graph error in Graph's own words: `code` (e.g. Authorization_RequestDenied), `message`, HTTP status. */
export class GraphCallError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'GraphCallError';
  }
}

/**
 * Sends one delegated request from the browser straight to Microsoft Graph (never through the wizard's server).
 * The token goes in the Authorization header only; errors carry Graph's code and message, never the token.
 */
export async function callGraph<T>(graphUrl: string, token: string, request: GraphRequest): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`${graphUrl}${request.path}`, {
      method: request.method,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(request.body !== undefined && { 'Content-Type': 'application/json' }),
        ...request.headers,
      },
      ...(request.body !== undefined && { body: JSON.stringify(request.body) }),
      cache: 'no-store',
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
    });
  } catch {
    throw new GraphCallError(0, 'network', `Could not reach Microsoft Graph (${new URL(graphUrl).host}).`);
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    json = {};
  }
  if (!res.ok) {
    const error = (json as { error?: { code?: string; message?: string } }).error;
    throw new GraphCallError(res.status, error?.code ?? `HTTP ${res.status}`, error?.message || `Microsoft Graph answered HTTP ${res.status}.`, res.headers.get('request-id') ?? undefined);
  }
  return json as T;
}

/** Graph's error in one line for the page: "Authorization_RequestDenied: Insufficient privileges… (HTTP 403)". */
export function graphErrorText(e: unknown): string {
  if (e instanceof GraphCallError) return e.status === 0 ? e.message : `${e.code}: ${e.message} (HTTP ${e.status})`;
  return e instanceof Error ? e.message : String(e);
}
