import 'server-only';
import type { CheckResult, CheckStatus } from '@/lib/checks/result';
import type { Db } from '@/lib/db/connection';
import { getStep, type StepId } from '@/lib/steps/registry';
import { tellSetup } from './enqueue';
import type { NotifyEvent } from './event';

type Run = { id: string; status: CheckStatus; checks: readonly CheckResult[] };

/**
 * What a run changed, worth a notice: a step that had passed now failing or warning, or a step that had
 * failed or warned passing again (a short all-clear). Nothing for a first run or an unchanged outcome.
 */
export function runOutcomeEvent(step: StepId, previous: CheckStatus | undefined, run: Run): NotifyEvent | undefined {
  const title = getStep(step).title;
  if (previous === 'pass' && (run.status === 'fail' || run.status === 'warn')) {
    const check = run.checks.find((c) => c.status === run.status) ?? run.checks.find((c) => c.status !== 'pass');
    const failed = run.status === 'fail';
    return {
      kind: failed ? 'step.failed' : 'step.warning',
      severity: failed ? 'critical' : 'warning',
      title: `${title}: ${failed ? 'now failing' : 'now warns'}${check ? ` (${check.title})` : ''}`,
      cause: check ? check.summary : `The step \u201c${title}\u201d passed before and ${failed ? 'fails' : 'warns'} now.`,
      fix: check?.remediation ?? 'Open the status page, run the step\u2019s checks and follow the fix shown there.',
      step,
      ...(check && { check: check.title }),
      key: `run:${run.id}`,
    };
  }
  if ((previous === 'fail' || previous === 'warn') && run.status === 'pass') {
    return {
      kind: 'step.recovered',
      severity: 'resolved',
      title: `${title}: passing again`,
      cause: `The step \u201c${title}\u201d ${previous === 'fail' ? 'failed' : 'warned'} before; every check passes now.`,
      fix: 'Nothing to do.',
      step,
      key: `run:${run.id}`,
    };
  }
  return undefined;
}

/** Queues the run's notice, if any; a failure here is logged and never fails the run itself. */
export async function notifyRunOutcome(db: Db, setupId: string, step: StepId, previous: CheckStatus | undefined, run: Run): Promise<void> {
  const event = runOutcomeEvent(step, previous, run);
  if (!event) return;
  await tellSetup(db, setupId, event);
}
