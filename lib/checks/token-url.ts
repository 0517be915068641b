import 'server-only';
import { graphGet, userPath } from '@/lib/graph/client';
import { attemptsEvidence, explainGraphFailure } from './explain';
import { skip, type CheckDef } from './runner';
import { tokenIssued, withToken } from './token';

export const tokenUrlShape: CheckDef = {
  id: 'token-url',
  title: 'Access token URL carries the tenant GUID',
  async run(ctx) {
    if (!ctx.tenant.ok) return skip('Skipped: the Directory (tenant) ID is not valid (step 1).');
    const url = await ctx.tokenUrl();
    if (!url) {
      return {
        status: 'fail',
        summary: 'The tenant GUID is not known yet, so the Access token URL cannot be built.',
        remediation: 'Validate step 1: it resolves the domain you typed to the tenant GUID.',
      };
    }
    return { status: 'pass', summary: `Access token URL: ${url}` };
  },
};

export const tokenUrlWorks = tokenIssued('token-url-works', () => 'The Access token URL issues a token (as Nexthink will request it)');

const UPN_SHAPE = /^[^\s@]+@[^\s@]+$/;

type GraphUser = { id?: string; userPrincipalName?: string };

export const sampleUserLookup: CheckDef = {
  id: 'sample-user',
  title: 'A thinklet-style call works: GET /v1.0/users/{UPN}',
  run: (ctx) =>
    withToken(ctx, async (t) => {
      const session = { graphUrl: ctx.cloud.graphUrl, accessToken: t.accessToken, ...(ctx.signal && { signal: ctx.signal }) };
      let upn = ctx.setup.sampleUpn.trim();
      let picked = false;
      if (upn === '') {
        const list = await graphGet<{ value?: GraphUser[] }>(session, '/users?$top=1&$select=userPrincipalName');
        if (!list.ok) return explainGraphFailure(list.failure, list.attempts, 'Listing one user to test with failed');
        upn = list.data.value?.[0]?.userPrincipalName ?? '';
        if (!upn) return { status: 'warn', summary: 'The tenant returned no users to test with.', remediation: 'Type a user\'s UPN in "Test user" and run again.' };
        picked = true;
      } else if (!UPN_SHAPE.test(upn)) {
        return {
          status: 'fail',
          summary: `"${upn}" is not a user principal name (UPN looks like name@domain).`,
          remediation: 'Type the UPN of a user in this tenant, or leave the field empty to let the wizard pick one.',
        };
      }
      const path = `${userPath(upn)}?$select=id,userPrincipalName` as const;
      const res = await graphGet<GraphUser>(session, path);
      const shown = `GET /v1.0${path}`;
      if (!res.ok) {
        const outcome = explainGraphFailure(res.failure, res.attempts, `${shown} failed`);
        if (res.failure.kind === 'graph-error' && res.failure.httpStatus === 404) {
          outcome.summary = `No user has the UPN ${upn} (HTTP 404).`;
          outcome.remediation =
            'Workflows look users up by UPN, never by e-mail address (the two often differ). Check the spelling, or clear "Test user" to let the wizard pick one.';
        }
        return outcome;
      }
      const guest = upn.includes('#EXT#');
      return {
        status: 'pass',
        summary: `Found ${res.data.userPrincipalName ?? upn} (id ${res.data.id ?? '?'})${picked ? ', the first user Graph listed' : ''}.`,
        detail: `Request: ${shown}${guest ? '\nThis is a guest: its UPN contains #EXT#, which must be sent as %23EXT%23 or Graph never sees the part after #. Thinklets that build /users/{{username}} must encode it too.' : ''}`,
        evidence: attemptsEvidence(res.httpStatus, res.attempts, res.requestId ? { requestId: res.requestId } : {}),
      };
    }),
};
