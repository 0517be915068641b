import 'server-only';
import type { Db } from '@/lib/db/connection';
import { latestRuns } from '@/lib/db/runs';
import type { Setup } from '@/lib/setups/schema';
import type { StepId } from '@/lib/steps/registry';
import { latestWorkflowRun } from '@/lib/nexthink/workflow-runs-store';
import { monitoringSummary } from '@/lib/monitor/summary';
import { buildSummary, type NexthinkRunSummary, type RunSummary, type Summary } from './build';

/** The setup's summary; pass `latest` when the caller has read the latest runs already (the summary page). */
export async function loadSummary(db: Db, setup: Setup, now: Date, latest?: Awaited<ReturnType<typeof latestRuns>>): Promise<Summary> {
  latest ??= await latestRuns(db, setup.id);
  const runs: Partial<Record<StepId, RunSummary>> = {};
  for (const [step, run] of Object.entries(latest) as [StepId, NonNullable<(typeof latest)[StepId]>][]) {
    runs[step] = { status: run.status, startedAt: run.startedAt, checks: run.checks.map((c) => ({ title: c.title, status: c.status, summary: c.summary })) };
  }
  const run = await latestWorkflowRun(db, setup.id);
  const nexthinkRun: NexthinkRunSummary | null = run
    ? {
        status: run.status,
        summary: run.summary,
        remediation: run.remediation ?? null,
        workflow: run.workflow.name ?? run.workflow.id,
        upn: run.upn,
        instance: `${run.instance}.${run.region}`,
        startedAt: run.startedAt,
        requestId: run.requestId ?? null,
        execution: run.execution ?? null,
      }
    : null;
  return { ...buildSummary(setup, runs, now, nexthinkRun), monitoring: await monitoringSummary(db, setup) };
}
