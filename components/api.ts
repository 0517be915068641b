/**
 * The browser's client for the wizard's own API: JSON in and out. A refusal becomes an ApiFailure with the
 * server's message and, for a form, the message per field (`error.fields`).
 */
export class ApiFailure extends Error {
  constructor(
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
  }
}

export async function api<T>(input: string, init?: RequestInit): Promise<T> {
  const res = await fetch(input, init);
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { error?: { message?: string; fields?: Record<string, string> } };
    throw new ApiFailure(body.error?.message ?? `HTTP ${res.status}`, body.error?.fields);
  }
  return (res.status === 204 ? undefined : await res.json()) as T;
}

/** A JSON POST's request options. */
export const post = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** A JSON PATCH's request options. */
export const patch = (body: unknown): RequestInit => ({ ...post(body), method: 'PATCH' });
