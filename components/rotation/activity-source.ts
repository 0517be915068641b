import type { ActivityReading } from '@/lib/rotation/schema';
import { credentialActivityRequest } from '@/lib/signin/graph-requests';
import { callGraph, GraphCallError, graphErrorText } from '@/components/signin/graph-client';
import { graphToken, signinErrorMessage, type SignedInAccount, type SigninTarget } from '@/components/signin/msal-client';

type ActivityRow = { keyId: string; signInActivity?: { lastSignInDateTime?: string | null } | null };

/**
 * Where the rotation learns when each secret last signed in: today the signed-in admin's own delegated
 * AuditLog.Read.All reading Graph's beta appCredentialSignInActivities (Reports Reader is enough). The monitoring
 * identity's application AuditLog.Read.All is the other source to add here. A failure is not an error: it becomes
 * an "unavailable" reading, and the page says what cannot be proven.
 */
export async function readCredentialActivity(target: SigninTarget, account: SignedInAccount, appId: string): Promise<ActivityReading> {
  try {
    const token = await graphToken(target, account, 'activity');
    const res = await callGraph<{ value: ActivityRow[] }>(target.graphUrl, token, credentialActivityRequest(appId));
    return {
      source: 'delegated-report',
      readAt: new Date().toISOString(),
      credentials: res.value.slice(0, 100).map((r) => ({ keyId: r.keyId.toLowerCase(), lastSignInDateTime: r.signInActivity?.lastSignInDateTime ?? null })),
    };
  } catch (e) {
    const why = e instanceof GraphCallError ? `Microsoft Graph refused the credential activity report (${graphErrorText(e)}).` : `The report could not be read (${signinErrorMessage(e)}).`;
    return { source: 'unavailable', reason: why };
  }
}
