import type { RotationView } from '@/lib/rotation/view';
import type { RotationAction, RotationKey } from '@/lib/rotation/schema';

/** The wizard's rotation API, from the page. Errors carry the server's own message (a 409 says why it refused). */
export class RotationApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'RotationApiError';
  }
}

async function call(setupId: string, method: 'GET' | 'POST' | 'PATCH', body?: unknown): Promise<RotationView> {
  const res = await fetch(`/api/setups/${setupId}/rotation`, {
    method,
    cache: 'no-store',
    ...(body !== undefined && { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const json = (await res.json().catch(() => ({}))) as RotationView & { error?: { code: string; message: string } };
  if (!res.ok) throw new RotationApiError(res.status, json.error?.code ?? `http_${res.status}`, json.error?.message ?? `The wizard answered HTTP ${res.status}.`);
  return json;
}

export const rotationApi = {
  get: (setupId: string) => call(setupId, 'GET'),
  start: (setupId: string, oldKeys: RotationKey[]) => call(setupId, 'POST', { oldKeys }),
  act: (setupId: string, action: RotationAction) => call(setupId, 'PATCH', action),
};
