import 'server-only';
import { clouds, cloudsForInstance, getCloud } from '@/lib/entra/clouds';
import { attemptsEvidence, explainEntraFailure } from './explain';
import { skip, type CheckDef } from './runner';

export const tenantFormat: CheckDef = {
  id: 'tenant-format',
  title: 'Directory (tenant) ID is a GUID or a domain',
  async run(ctx) {
    const t = ctx.tenant;
    if (!t.ok) return { status: 'fail', summary: t.message, remediation: 'Copy the Directory (tenant) ID from the app\'s Overview page in the Entra admin center.' };
    return {
      status: 'pass',
      summary: t.kind === 'guid' ? `A tenant GUID: ${t.value}.` : `A domain name: ${t.value}. The wizard resolves it to the tenant GUID, which Nexthink needs.`,
    };
  },
};

export const tenantExists: CheckDef = {
  id: 'tenant-exists',
  title: (ctx) => `Tenant exists in the ${ctx.cloud.label} cloud`,
  async run(ctx) {
    const d = await ctx.discovery();
    if (!d) return skip('Skipped: the Directory (tenant) ID is not valid (see above).');
    if (!d.ok) {
      const outcome = explainEntraFailure(d.failure, d.attempts, ctx.cloud);
      if (d.failure.kind === 'entra-error' && d.failure.error.code === 90002 && ctx.cloud.id === 'global') {
        outcome.remediation = `${outcome.remediation} Tenants in the China cloud (21Vianet) are not known to the Global cloud.`;
      }
      return outcome;
    }
    const typedDomain = ctx.tenant.ok && ctx.tenant.kind === 'domain';
    if (typedDomain) await ctx.tenantGuid();
    return {
      status: 'pass',
      summary: typedDomain
        ? `${ctx.setup.tenant.trim()} belongs to tenant ${d.meta.tenantId}. The wizard uses this GUID from now on.`
        : `Entra ID knows tenant ${d.meta.tenantId}.`,
      ...(d.meta.tenantRegionScope && { detail: `Tenant region: ${d.meta.tenantRegionScope}.` }),
      evidence: attemptsEvidence(d.httpStatus, d.attempts),
    };
  },
};

export const cloudMatches: CheckDef = {
  id: 'cloud-matches',
  title: 'Chosen cloud matches the tenant',
  async run(ctx) {
    const d = await ctx.discovery();
    if (!d?.ok) return skip('Skipped: the tenant was not found (see above).');
    const found = cloudsForInstance(d.meta.cloudInstanceName, d.meta.msgraphHost);
    if (found.length === 0) {
      return { status: 'pass', summary: `Entra ID answered from the ${ctx.cloud.label} cloud's authority.` };
    }
    if (found.includes(ctx.cloud.id)) {
      return { status: 'pass', summary: `The tenant is in the ${ctx.cloud.label} cloud (${d.meta.cloudInstanceName}).` };
    }
    const names = found.map((id) => getCloud(id).label);
    return {
      status: 'fail',
      summary: `This tenant is in the ${names.join(' or ')} cloud, not ${ctx.cloud.label}.`,
      detail: `Discovery reports cloud_instance_name "${d.meta.cloudInstanceName}"${d.meta.msgraphHost ? ` and Graph host ${d.meta.msgraphHost}` : ''}. Tokens and Graph calls only work in the tenant's own cloud.`,
      remediation: `Choose "${names[0]}" as Cloud above and validate again.${found.length > 1 ? ` (${clouds.filter((c) => found.includes(c.id)).map((c) => `${c.label} uses ${new URL(c.graphUrl).host}`).join('; ')}: pick the one your tenant uses.)` : ''}`,
    };
  },
};
