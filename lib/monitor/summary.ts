import 'server-only';
import type { Db } from '@/lib/db/connection';
import type { Setup } from '@/lib/setups/schema';
import type { Summary } from '@/lib/summary/build';
import { getMonitorIdentity } from './identity';
import { latestMonitorRun } from './run';

/**
 * What a summary (page, share link, export) says about monitoring: whether the setup is watched, its health
 * and open findings in words. Never the certificate, its thumbprint, or anything about Nexthink's secret.
 */
export async function monitoringSummary(db: Db, setup: Setup): Promise<NonNullable<Summary['monitoring']>> {
  const identity = setup.tenantId ? await getMonitorIdentity(db, setup.tenantId) : undefined;
  const run = await latestMonitorRun(db, setup.id);
  const state = !identity?.clientId ? 'not-set-up' : identity.schedule === 'off' ? 'off' : 'watching';
  return {
    state,
    health: run?.status ?? 'none',
    lastCheck: run?.startedAt ?? null,
    schedule: identity?.clientId ? identity.schedule : null,
    openFindings: (run?.findings ?? []).filter((f) => f.severity !== 'info').map((f) => f.title),
  };
}
