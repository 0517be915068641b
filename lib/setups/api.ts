import 'server-only';
import type { CheckStatus } from '@/lib/checks/result';
import type { StoredRun } from '@/lib/db/runs';
import type { StepId } from '@/lib/steps/registry';
import type { Setup } from './schema';

export type SetupJson = Setup & {
  validation: Partial<Record<StepId, { status: CheckStatus; startedAt: string }>>;
};

/** The setup as the API returns it: the stored fields plus each step's latest validation status. */
export function setupJson(setup: Setup, latest: Partial<Record<StepId, StoredRun>> = {}): SetupJson {
  const validation: SetupJson['validation'] = {};
  for (const [step, run] of Object.entries(latest) as [StepId, StoredRun][]) {
    validation[step] = { status: run.status, startedAt: run.startedAt };
  }
  return { ...setup, validation };
}
