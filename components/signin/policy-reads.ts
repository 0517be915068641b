import {
  BLOCKED_EXPLANATION,
  appManagementPoliciesRequest,
  defaultAppManagementPolicyRequest,
  effectiveSecretPolicy,
  isPolicyRefusal,
  proposeLifetime,
  type AppPolicy,
  type SecretPolicy,
  type TenantDefaultPolicy,
} from '@/lib/signin/credential-policy';
import { addPasswordRequest, secretEndDateTime } from '@/lib/signin/graph-requests';
import { callGraph, GraphCallError, graphErrorText } from './graph-client';

/**
 * The tenant's app management policies for one app (or, with no app yet, for a new one), read with the admin's
 * delegated Policy.Read.All. A refusal to read them is not an error: the policy is then unknown and Entra has the
 * last word when the secret is added.
 */
export async function readSecretPolicy(graphUrl: string, token: string, app: { id: string; createdDateTime?: string | null } | null): Promise<SecretPolicy> {
  try {
    const [tenantDefault, own] = await Promise.all([
      callGraph<TenantDefaultPolicy>(graphUrl, token, defaultAppManagementPolicyRequest()),
      app ? callGraph<{ value: AppPolicy[] }>(graphUrl, token, appManagementPoliciesRequest(app.id)).then((r) => r.value) : Promise.resolve([]),
    ]);
    return effectiveSecretPolicy(tenantDefault, own, app?.createdDateTime ?? null);
  } catch (e) {
    return { known: false, reason: graphErrorText(e) };
  }
}

/** addPassword refused because of a policy: the plain explanation, with Graph's own words when Entra refused. */
export class SecretPolicyError extends Error {
  constructor(readonly graphError: string | undefined) {
    const quote = graphError ? ` Microsoft Graph answered: “${graphError}”` : '';
    super(
      graphError && /lifetime/i.test(graphError)
        ? `Entra refused the new secret: it would live longer than your tenant’s app management policy allows. Choose a shorter lifetime.${quote}`
        : `${BLOCKED_EXPLANATION}${quote}`,
    );
    this.name = 'SecretPolicyError';
  }
}

export type AddedSecret = { secretText: string; keyId: string; endDateTime: string; hint: string; days: number; clamped: boolean; policy: SecretPolicy };

/**
 * Adds a client secret within the app's policy: refuses before asking Entra when new secrets are blocked,
 * shortens the lifetime to the policy's cap, and turns Entra's own policy refusal into the same explanation.
 */
export async function addSecretWithinPolicy(
  graphUrl: string,
  token: string,
  app: { id: string; createdDateTime?: string | null } | null,
  objectId: string,
  secret: { displayName: string; days: number },
  known?: SecretPolicy,
): Promise<AddedSecret> {
  const policy = known ?? (await readSecretPolicy(graphUrl, token, app));
  if (policy.known && policy.blocked) throw new SecretPolicyError(undefined);
  const { days, clamped } = proposeLifetime(secret.days, policy);
  try {
    const res = await callGraph<{ secretText: string; keyId: string; endDateTime: string; hint: string | null }>(
      graphUrl,
      token,
      addPasswordRequest(objectId, { displayName: secret.displayName, endDateTime: secretEndDateTime(days) }),
    );
    return { secretText: res.secretText, keyId: res.keyId, endDateTime: res.endDateTime, hint: res.hint ?? res.secretText.slice(0, 3), days, clamped, policy };
  } catch (e) {
    if (e instanceof GraphCallError && isPolicyRefusal(e.message)) throw new SecretPolicyError(graphErrorText(e));
    throw e;
  }
}

/** "Your tenant limits client secrets to 90 days: the new secret lasts 90 days instead of 180." */
export function lifetimeNote(added: Pick<AddedSecret, 'days' | 'clamped' | 'policy'>, asked: number): string {
  if (!added.clamped || !added.policy.known) return '';
  return ` Your ${added.policy.source === 'app' ? 'app’s policy' : 'tenant'} limits client secrets to ${added.days} days: the new secret lasts ${added.days} days instead of ${asked}.`;
}
