import 'server-only';
import { createValidationContext } from '@/lib/checks/context';
import { missingPermissions, requiredPermissions } from '@/lib/nexthink/workflows';
import type { Setup } from '@/lib/setups/schema';

export type ConsentState =
  | { state: 'granted'; roles: string[]; checkedAt: string }
  | { state: 'missing'; roles: string[]; missing: { permission: string; neededBy: string[] }[]; checkedAt: string }
  | { state: 'error'; message: string; checkedAt: string };

/**
 * One round of "Wait for consent": a fresh token (never cached, so new consent shows as soon as Entra
 * puts it in tokens) and the required permissions it still lacks. Nothing is stored.
 */
export async function checkConsent(setup: Setup, clientSecret: string, signal?: AbortSignal): Promise<ConsentState> {
  const ctx = createValidationContext({ setup, clientSecret, ...(signal && { signal }) });
  const checkedAt = new Date().toISOString();
  const t = await ctx.token();
  if ('unavailable' in t) return { state: 'error', message: `No token could be requested: ${t.unavailable}.`, checkedAt };
  if (!t.ok) {
    const f = t.failure;
    const what = f.kind === 'entra-error' ? `Entra ID refused the token request (${f.error.code !== undefined ? `AADSTS${f.error.code}` : f.error.error})` : 'Entra ID could not be reached';
    return { state: 'error', message: `${what}. Run the validation to see why.`, checkedAt };
  }
  const roles = t.claims?.roles ?? [];
  const missing = missingPermissions(roles, requiredPermissions(setup.workflows));
  if (missing.length === 0) return { state: 'granted', roles, checkedAt };
  return { state: 'missing', roles, missing: missing.map((m) => ({ permission: m.permission, neededBy: m.neededBy })), checkedAt };
}
