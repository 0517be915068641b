import 'server-only';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { CheckOutcome } from '@/lib/checks/runner';
import { explainEntraFailure } from '@/lib/checks/explain';
import type { Db } from '@/lib/db/connection';
import { listSetups } from '@/lib/db/setups';
import { accessTokenUrl, getCloud, graphScope } from '@/lib/entra/clouds';
import { requestAppTokenWithAssertion } from '@/lib/entra/token';
import { log } from '@/lib/log';
import type { Setup } from '@/lib/setups/schema';
import { signClientAssertion } from './certificate';
import { carryUnread, changesBetween, digestOf, factsOf, findingsOf, statusOf, type Change, type Facts, type Finding } from './drift';
import { getMonitorIdentity, openMonitorKey, updateMonitorIdentity, type MonitorIdentity } from './identity';
import { emitDriftChange } from './notify';
import { observe, readGraphServicePrincipal, type GraphServicePrincipalRead, type Observation } from './observe';

export type MonitorToken = { ok: true; accessToken: string; roles: string[] } | { ok: false; outcome: CheckOutcome };

/** Certificate-specific words for the codes a client assertion meets; the rest come from the shared catalog. */
function explainAssertionCode(code: number | undefined): { summary: string; fix: string } | undefined {
  switch (code) {
    case 700027:
      return {
        summary: 'Entra did not accept the certificate: it is not uploaded on this app, or it was replaced.',
        fix: 'Upload the certificate the wizard offers (same thumbprint) under Certificates & secrets > Certificates of the monitoring app.',
      };
    case 700024:
      return { summary: 'The client assertion was outside its valid time, or the certificate has expired.', fix: 'Check this server\'s clock (NTP); if the certificate has expired, remove the monitoring identity and create a new one.' };
    case 700023:
      return { summary: 'The client assertion named another token endpoint than this tenant\'s.', fix: 'Remove and create the monitoring identity again; if it persists, report it: the wizard built a wrong audience.' };
    case 700021:
      return { summary: 'The client assertion was made for another client ID.', fix: 'Paste the monitoring app\'s Application (client) ID again.' };
    case 5002723:
    case 5002738:
      return { summary: 'Entra could not read the client assertion\'s header.', fix: 'Remove and create the monitoring identity again.' };
    case 700016:
      return { summary: 'No app with the monitoring app\'s client ID exists in this tenant.', fix: 'Copy the monitoring app\'s Application (client) ID from its Overview page.' };
    default:
      return undefined;
  }
}

/** An app-only Graph token for the monitoring identity: a client assertion signed with its sealed key. */
export async function monitorToken(db: Db, identity: MonitorIdentity, signal?: AbortSignal): Promise<MonitorToken> {
  const cloud = getCloud(identity.cloud);
  if (!identity.clientId) return { ok: false, outcome: { status: 'fail', summary: 'The monitoring app\'s client ID is not entered yet.', remediation: 'Register the monitoring app and paste its Application (client) ID.' } };
  const privateKeyPem = await openMonitorKey(db, identity.tenantId);
  if (!privateKeyPem) return { ok: false, outcome: { status: 'fail', summary: 'The monitoring identity was removed.', remediation: 'Create it again.' } };
  const tokenUrl = accessTokenUrl(cloud, identity.tenantId);
  const clientAssertion = await signClientAssertion({ privateKeyPem, thumbprintSha256: identity.thumbprintSha256, clientId: identity.clientId, tokenUrl });
  const r = await requestAppTokenWithAssertion({ tokenUrl, clientId: identity.clientId, clientAssertion, scope: graphScope(cloud), ...(signal && { signal }) });
  if (r.ok) return { ok: true, accessToken: r.accessToken, roles: r.claims?.roles ?? [] };
  const explained = r.failure.kind === 'entra-error' ? explainAssertionCode(r.failure.error.code) : undefined;
  const outcome = explainEntraFailure(r.failure, r.attempts, cloud);
  if (explained && r.failure.kind === 'entra-error') {
    return { ok: false, outcome: { ...outcome, summary: `${explained.summary} (AADSTS${r.failure.error.code})`, remediation: explained.fix } };
  }
  return { ok: false, outcome };
}

type PermissionNeed = { name: string; required: boolean; adds: string };
export const MONITOR_PERMISSIONS: readonly PermissionNeed[] = [
  { name: 'Application.Read.All', required: true, adds: 'Reads the Nexthink app, its service principal, its granted permissions and its client secrets (key ID, hint, dates — never a value).' },
  { name: 'AuditLog.Read.All', required: false, adds: 'When Nexthink last used its secret and the app (beta sign-in activity reports; Entra ID P1 or P2, Global cloud only).' },
  { name: 'User.Read.All', required: false, adds: 'Re-checks that every mapped property still exists and how many users have it empty (a sample of pages).' },
];

/** The identity's validation page: the token, then each permission from the token's roles, with what is missing and why it matters. */
export async function validateMonitorIdentity(db: Db, identity: MonitorIdentity): Promise<{ status: 'pass' | 'warn' | 'fail'; checks: (CheckOutcome & { id: string; title: string })[] }> {
  const token = await monitorToken(db, identity);
  if (!token.ok) return { status: 'fail', checks: [{ id: 'token', title: 'Token with the certificate (client assertion)', ...token.outcome }] };
  const checks: (CheckOutcome & { id: string; title: string })[] = [
    { id: 'token', title: 'Token with the certificate (client assertion)', status: 'pass', summary: 'Entra issued an app-only token for the monitoring app: the certificate is uploaded and the private key on this server matches it.' },
  ];
  for (const p of MONITOR_PERMISSIONS) {
    const has = token.roles.includes(p.name);
    checks.push({
      id: `permission-${p.name}`,
      title: `${p.name} (${p.required ? 'required' : 'optional'})`,
      status: has ? 'pass' : p.required ? 'fail' : 'warn',
      summary: has ? `Granted. ${p.adds}` : p.required ? `Missing: without it nothing can be watched. ${p.adds}` : `Not granted: ${p.adds.charAt(0).toLowerCase()}${p.adds.slice(1)} will show "not available".`,
      ...(!has && { remediation: `Add Microsoft Graph > Application permissions > ${p.name} on the monitoring app, then grant admin consent.` }),
    });
  }
  const extra = token.roles.filter((r) => !MONITOR_PERMISSIONS.some((p) => p.name === r));
  if (extra.length > 0) {
    checks.push({
      id: 'least-privilege',
      title: 'Only read permissions',
      status: 'warn',
      summary: `The monitoring app also holds ${extra.join(', ')}: it needs none of them.`,
      remediation: 'Remove them from the monitoring app\'s API permissions: it should only ever be able to read.',
    });
  }
  await updateMonitorIdentity(db, identity.tenantId, { roles: token.roles, validatedAt: new Date().toISOString() });
  const status = checks.some((c) => c.status === 'fail') ? 'fail' : checks.some((c) => c.status === 'warn') ? 'warn' : 'pass';
  return { status, checks };
}

const storedSchema = z.object({ observation: z.unknown(), facts: z.record(z.string(), z.string()) });

export type MonitorRun = {
  id: string;
  setupId: string;
  startedAt: string;
  durationMs: number;
  status: 'pass' | 'warn' | 'fail';
  digest: string;
  observation: Observation | undefined;
  facts: Facts;
  findings: Finding[];
};

export async function latestMonitorRun(db: Db, setupId: string): Promise<MonitorRun | undefined> {
  const row = await db.selectFrom('monitor_runs').selectAll().where('setup_id', '=', setupId).orderBy('started_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
  if (!row) return undefined;
  const stored = storedSchema.safeParse(JSON.parse(row.observation));
  let findings: Finding[] = [];
  try {
    findings = JSON.parse(row.findings) as Finding[];
  } catch {
    /* none */
  }
  return {
    id: row.id,
    setupId: row.setup_id,
    startedAt: row.started_at,
    durationMs: row.duration_ms,
    status: row.status === 'fail' || row.status === 'warn' ? row.status : 'pass',
    digest: row.digest,
    observation: stored.success ? (stored.data.observation as Observation) : undefined,
    facts: stored.success ? stored.data.facts : {},
    findings,
  };
}

export type TimelineEntry = { id: string; at: string; severity: string; title: string; fix: string; was: string | null; wasSince: string | null };

export async function monitorTimeline(db: Db, setupId: string, limit = 100): Promise<TimelineEntry[]> {
  const rows = await db.selectFrom('monitor_changes').selectAll().where('setup_id', '=', setupId).orderBy('at', 'desc').orderBy('id').limit(limit).execute();
  return rows.map((r) => ({ id: r.id, at: r.at, severity: r.severity, title: r.title, fix: r.fix, was: r.was, wasSince: r.was_since }));
}

async function sinceOf(db: Db, setupId: string, fact: string): Promise<string | null> {
  const last = await db.selectFrom('monitor_changes').select('at').where('setup_id', '=', setupId).where('fact', '=', fact).orderBy('at', 'desc').limit(1).executeTakeFirst();
  if (last) return last.at;
  const first = await db.selectFrom('monitor_runs').select('started_at').where('setup_id', '=', setupId).orderBy('started_at').limit(1).executeTakeFirst();
  return first?.started_at ?? null;
}

/** One setup's run: observe, compare with the previous run, store both, and send each change once. */
export async function runMonitorForSetup(
  db: Db,
  setup: Setup,
  identity: MonitorIdentity,
  token: MonitorToken,
  now = new Date(),
  graphServicePrincipal?: GraphServicePrincipalRead,
): Promise<{ run: MonitorRun; changes: Change[] } | { error: CheckOutcome }> {
  if (!token.ok) return { error: token.outcome };
  const started = performance.now();
  const hintRow = await db.selectFrom('setups').select('secret_hint').where('id', '=', setup.id).executeTakeFirst();
  const cloud = getCloud(identity.cloud);
  const observation = await observe(
    { graphUrl: cloud.graphUrl, accessToken: token.accessToken },
    { setup, cloud: identity.cloud, roles: token.roles, secretHint: hintRow?.secret_hint ?? null, ...(graphServicePrincipal && { graphServicePrincipal }) },
  );
  const previous = await latestMonitorRun(db, setup.id);
  const facts = carryUnread(factsOf(observation, now), previous?.facts, observation);
  const findings = findingsOf(facts);
  const changes = changesBetween(previous?.facts, facts);
  const run: MonitorRun = {
    id: randomUUID(),
    setupId: setup.id,
    startedAt: now.toISOString(),
    durationMs: Math.round(performance.now() - started),
    status: statusOf(findings),
    digest: digestOf(facts),
    observation,
    facts,
    findings,
  };
  const since = new Map(await Promise.all(changes.map(async (c) => [c.fact, await sinceOf(db, setup.id, c.fact)] as const)));
  const stored = changes.map((c) => ({ ...c, id: randomUUID() }));
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('monitor_runs')
      .values({ id: run.id, setup_id: setup.id, started_at: run.startedAt, duration_ms: run.durationMs, status: run.status, digest: run.digest, observation: JSON.stringify({ observation, facts }), findings: JSON.stringify(findings) })
      .execute();
    for (const c of stored) {
      await trx
        .insertInto('monitor_changes')
        .values({ id: c.id, setup_id: setup.id, run_id: run.id, at: run.startedAt, fact: c.fact, severity: c.severity, title: c.title, fix: c.fix, was: c.was ?? null, was_since: c.was === undefined ? null : (since.get(c.fact) ?? null) })
        .execute();
    }
    // The secret Nexthink uses, found by its hint: its real expiry replaces the date typed in step 2.
    const ns = observation.nexthinkSecret;
    if (ns.match === 'found' && ns.end && ns.end.slice(0, 10) !== setup.secretExpiresOn) {
      await trx.updateTable('setups').set({ secret_expires_on: ns.end.slice(0, 10) }).where('id', '=', setup.id).execute();
    }
  });
  for (const c of stored) await emitDriftChange(db, setup.id, c);
  return { run, changes };
}

/** Every setup of the tenant, with one token. What the schedule runs, and "Check now". */
export async function runMonitorForTenant(db: Db, tenantId: string, now = new Date()): Promise<{ setups: number; changes: number; error?: CheckOutcome }> {
  const identity = await getMonitorIdentity(db, tenantId);
  if (!identity?.clientId) return { setups: 0, changes: 0 };
  const token = await monitorToken(db, identity);
  const rows = await db.selectFrom('setups').select('id').where('tenant_id', '=', identity.tenantId).where('client_id', '!=', '').execute();
  const graphServicePrincipal = token.ok ? readGraphServicePrincipal({ graphUrl: getCloud(identity.cloud).graphUrl, accessToken: token.accessToken }) : undefined;
  let changes = 0;
  for (const setup of await listSetups(db, rows.map((r) => r.id))) {
    const r = await runMonitorForSetup(db, setup, identity, token, now, graphServicePrincipal);
    if ('error' in r) return { setups: 0, changes, error: r.error };
    changes += r.changes.length;
  }
  log.info('monitor.run', { tenantId: identity.tenantId, setups: rows.length, changes });
  return { setups: rows.length, changes };
}
