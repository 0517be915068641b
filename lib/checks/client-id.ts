import 'server-only';
import { appRegistrationLink, graphScope } from '@/lib/entra/clouds';
import { requestAppToken } from '@/lib/entra/token';
import { entraEvidence, explainEntraFailure } from './explain';
import { skip, type CheckDef } from './runner';

export const clientIdFormat: CheckDef = {
  id: 'client-id-format',
  title: 'Application (client) ID is a GUID',
  async run(ctx) {
    const c = ctx.clientId;
    if (!c.ok) return { status: 'fail', summary: c.message, remediation: 'Copy the Application (client) ID from the app\'s Overview page (the first ID in Essentials).' };
    return { status: 'pass', summary: `A GUID: ${c.value}.` };
  },
};

/** Deliberately not a secret: the probe only needs Entra to say whether the app exists. */
const PROBE_SECRET = 'entra-setup-wizard-existence-probe-not-a-secret';

export const clientIdExists: CheckDef = {
  id: 'client-id-exists',
  title: 'App registration exists in this tenant',
  async run(ctx) {
    if (!ctx.tenant.ok) return skip('Skipped: the Directory (tenant) ID is not valid.');
    if (!ctx.clientId.ok) return skip('Skipped: the Application (client) ID is not valid.');
    // The tenant as typed works at the token endpoint, so this runs alongside discovery.
    const res = await requestAppToken({
      tokenUrl: `${ctx.cloud.loginUrl}/${encodeURIComponent(ctx.tenant.value)}/oauth2/v2.0/token`,
      clientId: ctx.clientId.value,
      clientSecret: PROBE_SECRET,
      scope: graphScope(ctx.cloud),
      ...(ctx.signal && { signal: ctx.signal }),
    });
    const note = 'The wizard asked Entra ID for a token with a deliberately wrong secret: this attempt shows in the tenant\'s sign-in logs (service principal sign-ins) as a failure. That is expected.';
    if (res.ok) return { status: 'pass', summary: 'The app exists in this tenant.', detail: note };
    const f = res.failure;
    if (f.kind === 'entra-error') {
      const code = f.error.code;
      const evidence = entraEvidence(f.httpStatus, f.error, res.attempts);
      if (code === 7000215 || code === 7000222 || code === 7000218) {
        return {
          status: 'pass',
          summary: 'The app exists in this tenant: Entra ID recognised the Application (client) ID and only refused the wrong secret.',
          detail: note,
          evidence,
        };
      }
      if (code === 90002 || code === 900023 || code === 900382) return skip('Skipped: Entra ID did not accept the tenant (see the tenant checks).');
      if (code === 700016) {
        return {
          status: 'fail',
          summary: `No app with Application (client) ID ${ctx.clientId.value} exists in this tenant (AADSTS700016).`,
          detail: `${f.error.description ? `Microsoft says: ${f.error.description}\n` : ''}${note}`,
          remediation:
            'Open App registrations > your app > Overview and copy "Application (client) ID" — not "Object ID", which sits just below it. If the ID is right, the app was registered in another tenant: check the Directory (tenant) ID.',
          evidence,
        };
      }
      if (code === 7000229) {
        return {
          status: 'fail',
          summary: 'The app registration exists but has no service principal (enterprise application) in this tenant (AADSTS7000229).',
          remediation: `Open API permissions and select "Grant admin consent", which creates it: ${appRegistrationLink(ctx.cloud, ctx.clientId.value, 'CallAnAPI')}`,
          evidence,
        };
      }
    }
    return explainEntraFailure(f, res.attempts, ctx.cloud);
  },
};
