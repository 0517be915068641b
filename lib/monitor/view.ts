import 'server-only';
import { ApiError } from '@/lib/api/errors';
import type { Db } from '@/lib/db/connection';
import type { Setup } from '@/lib/setups/schema';
import { getMonitorIdentity, type MonitorIdentity } from './identity';
import { latestMonitorRun, monitorTimeline, type MonitorRun, type TimelineEntry } from './run';
import { nextRunAt } from './schedule';

/** The setup's tenant id, which the identity is keyed by: known once step 1 validated (or a GUID was typed). */
export function tenantOf(setup: Setup): string {
  if (!setup.tenantId) throw new ApiError('bad_request:tenant', 'The tenant ID is not known yet: validate step 1 (App registration) first.', { tenant: 'Validate step 1 first.' });
  return setup.tenantId;
}

/** What the status page and the API show: the public certificate's thumbprints, never the key. */
export type MonitorView = {
  identity: Omit<MonitorIdentity, 'certificatePem'> | null;
  latest: Pick<MonitorRun, 'id' | 'startedAt' | 'status' | 'digest' | 'findings' | 'observation'> | null;
  nextRunAt: string | null;
  timeline: TimelineEntry[];
};

export async function monitorView(db: Db, setup: Setup, now = new Date()): Promise<MonitorView> {
  const identity = setup.tenantId ? await getMonitorIdentity(db, setup.tenantId) : undefined;
  const [latest, timeline] = await Promise.all([latestMonitorRun(db, setup.id), monitorTimeline(db, setup.id)]);
  const { certificatePem: _pem, ...publicIdentity } = identity ?? { certificatePem: '' };
  void _pem;
  return {
    identity: identity ? (publicIdentity as Omit<MonitorIdentity, 'certificatePem'>) : null,
    latest: latest ? { id: latest.id, startedAt: latest.startedAt, status: latest.status, digest: latest.digest, findings: latest.findings, observation: latest.observation } : null,
    nextRunAt: identity?.clientId ? nextRunAt(identity.schedule, latest?.startedAt ?? null, now) : null,
    timeline,
  };
}
