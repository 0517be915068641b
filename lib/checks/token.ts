import 'server-only';
import { appRegistrationLink, graphScope } from '@/lib/entra/clouds';
import { isGraphAudience, type AppTokenClaims } from '@/lib/entra/claims';
import type { TokenResult } from '@/lib/entra/token';
import type { ValidationContext } from './context';
import { attemptsEvidence, explainEntraFailure } from './explain';
import { skip, type CheckDef, type CheckOutcome } from './runner';

type Issued = Extract<TokenResult, { ok: true }>;

/** Runs `fn` with the run's token, or explains why the check cannot run. */
export async function withToken(ctx: ValidationContext, fn: (token: Issued) => Promise<CheckOutcome>): Promise<CheckOutcome> {
  const t = await ctx.token();
  if ('unavailable' in t) return skip(`Skipped: ${t.unavailable}.`);
  if (!t.ok) return skip('Skipped: needs an access token, and the token request failed (see above).');
  return fn(t);
}

export async function withClaims(ctx: ValidationContext, fn: (claims: AppTokenClaims) => CheckOutcome): Promise<CheckOutcome> {
  return withToken(ctx, async (t) => {
    if (!t.claims) {
      return {
        status: 'warn',
        summary: 'The token was issued, but its claims could not be read (it is not a JWT).',
        remediation: 'This happens when something between this server and Entra ID rewrites answers. Try again without the proxy.',
      };
    }
    return fn(t.claims);
  });
}

/** The token request itself, titled for the step that shows it. */
export function tokenIssued(id: string, title: (ctx: ValidationContext) => string): CheckDef {
  return {
    id,
    title,
    async run(ctx) {
      const t = await ctx.token();
      if ('unavailable' in t) return skip(`Skipped: ${t.unavailable}.`);
      if (!t.ok) {
        const outcome = explainEntraFailure(t.failure, t.attempts, ctx.cloud);
        if (t.failure.kind === 'entra-error' && ctx.clientId.ok && [7000215, 7000222].includes(t.failure.error.code ?? 0)) {
          outcome.remediation = `${outcome.remediation} Certificates & secrets: ${appRegistrationLink(ctx.cloud, ctx.clientId.value, 'Credentials')}`;
        }
        return outcome;
      }
      const minutes = t.expiresIn ? Math.round(t.expiresIn / 60) : undefined;
      return {
        status: 'pass',
        summary: `Entra ID issued an app-only access token for Microsoft Graph${minutes ? ` (valid ${minutes} minutes)` : ''}. The wizard read its claims and discarded it.`,
        evidence: attemptsEvidence(t.httpStatus, t.attempts),
      };
    },
  };
}

export const tokenTenant: CheckDef = {
  id: 'token-tenant',
  title: 'Token comes from this tenant (tid)',
  run: (ctx) =>
    withClaims(ctx, (claims) => {
      const expected = ctx.setup.tenantId ?? (ctx.tenant.ok && ctx.tenant.kind === 'guid' ? ctx.tenant.value : undefined) ?? ctx.learned.tenantId?.value;
      if (!claims.tid) return { status: 'warn', summary: 'The token carries no tid claim.' };
      if (expected && claims.tid.toLowerCase() !== expected.toLowerCase()) {
        return {
          status: 'fail',
          summary: `The token was issued by tenant ${claims.tid}, not ${expected}.`,
          remediation: 'The Directory (tenant) ID and the app belong to different tenants. Copy both from the same app\'s Overview page.',
        };
      }
      return { status: 'pass', summary: `tid is ${claims.tid}.` };
    }),
};

export const tokenAppOnly: CheckDef = {
  id: 'token-app-only',
  title: 'App-only token for Microsoft Graph (idtyp, aud)',
  run: (ctx) =>
    withClaims(ctx, (claims) => {
      if (!isGraphAudience(claims.aud, ctx.cloud.graphUrl)) {
        return {
          status: 'fail',
          summary: `The token is for ${claims.aud ?? 'an unknown audience'}, not ${ctx.cloud.graphUrl}.`,
          remediation: `Use the Scope ${graphScope(ctx.cloud)}.`,
        };
      }
      const appOnly = claims.idtyp ? claims.idtyp === 'app' : !claims.scp;
      if (!appOnly) {
        return { status: 'fail', summary: 'The token acts for a signed-in user, not for the app alone.', remediation: 'Use the client credentials grant (Authorization type "OAuth 2.0 - Client Credentials").' };
      }
      return { status: 'pass', summary: `An app-only token (idtyp "${claims.idtyp ?? 'app'}") for ${claims.aud}.` };
    }),
};
