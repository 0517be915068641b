import 'server-only';
import { z } from 'zod';
import { severityRank, type CheckStatus } from '@/lib/checks/result';
import type { Db } from '@/lib/db/connection';
import { latestRunsForMany } from '@/lib/db/runs';
import type { Setup } from '@/lib/setups/schema';
import { setupStatus } from '@/lib/status/status';
import { listMonitorIdentities } from './identity';
import { nextRunAt } from './schedule';

/** One row of the home page's overview: a setup's health at a glance. */
export type OverviewRow = {
  id: string;
  name: string;
  tenant: string;
  health: CheckStatus | 'none';
  monitored: boolean;
  lastLiveCheck: string | null;
  nextCheck: string | null;
  secretDaysLeft: number | null;
  findings: string[];
};

const worst = (statuses: (CheckStatus | 'none')[]) => statuses.reduce<CheckStatus | 'none'>((w, s) => (severityRank[s] < severityRank[w] ? s : w), 'pass');
const findingsSchema = z.array(z.object({ severity: z.string(), title: z.string() }));

export async function overviewRows(db: Db, setups: readonly Setup[], now: Date): Promise<OverviewRow[]> {
  const ids = setups.map((s) => s.id);
  if (ids.length === 0) return [];
  const [runs, identities, monitorRuns] = await Promise.all([
    latestRunsForMany(db, ids),
    listMonitorIdentities(db),
    db
      .selectFrom('monitor_runs as r')
      .select(['r.setup_id', 'r.started_at', 'r.status', 'r.findings'])
      .where('r.setup_id', 'in', ids)
      .where('r.started_at', '=', (eb) => eb.selectFrom('monitor_runs as x').select((x) => x.fn.max('x.started_at').as('m')).whereRef('x.setup_id', '=', 'r.setup_id'))
      .execute(),
  ]);
  const identityOf = new Map(identities.map((i) => [i.tenantId, i]));
  const monitorOf = new Map(monitorRuns.map((r) => [r.setup_id, r]));
  return setups.map((setup) => {
    const status = setupStatus(setup, runs.get(setup.id) ?? {}, now);
    const identity = setup.tenantId ? identityOf.get(setup.tenantId) : undefined;
    const run = monitorOf.get(setup.id);
    const parsed = run ? findingsSchema.safeParse(JSON.parse(run.findings)) : undefined;
    const monitorFindings = parsed?.success ? parsed.data.filter((f) => f.severity !== 'info').map((f) => f.title) : [];
    const stepStatuses = Object.values(status.steps).map((s) => s.status);
    const validated = stepStatuses.some((s) => s !== 'none');
    const health = worst([...(validated ? stepStatuses.filter((s) => s !== 'none') : ['none' as const]), status.secret.status === 'none' ? 'pass' : status.secret.status, ...(run ? [run.status as CheckStatus] : [])]);
    const lastLiveCheck = [run?.started_at, status.lastValidated].filter((t): t is string => !!t).sort().pop() ?? null;
    return {
      id: setup.id,
      name: setup.name,
      tenant: status.tenant,
      health,
      monitored: !!identity?.clientId,
      lastLiveCheck,
      nextCheck: identity?.clientId ? nextRunAt(identity.schedule, run?.started_at ?? null, now) : null,
      secretDaysLeft: status.secret.days ?? null,
      findings: [...monitorFindings, ...status.reasons],
    };
  });
}
