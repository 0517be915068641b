import type { NextRequest } from 'next/server';
import { ApiError } from '@/lib/api/errors';
import { handle, readJson } from '@/lib/api/http';
import { ndjsonResponse } from '@/lib/api/ndjson';
import { runInputSchema } from '@/lib/nexthink/workflow-run-schema';
import { setSchedule } from '@/lib/nexthink/workflow-run-schedules';
import { saveWorkflowRun } from '@/lib/nexthink/workflow-runs-store';
import { prepareRun, triggerAndPoll, type RunEvent } from '@/lib/nexthink/workflows-api';
import { limitValidation } from '@/lib/security/guards';
import { requireSetup } from '@/lib/setups/require';

const RUN_STEPS = ['tenant-id', 'field-mapping'];

/**
 * "Run it in Nexthink": streams NDJSON events (progress, waiting, done) while the test workflow runs in
 * Nexthink; closing the connection cancels the polling. A workflow the catalog does not mark read-only is
 * refused (403) before anything is triggered. The API secret is used for this request and dropped.
 */
export const POST = handle(async (request: NextRequest, ctx: RouteContext<'/api/setups/[id]/steps/[step]/nexthink-run'>) => {
  const { id, step } = await ctx.params;
  if (!RUN_STEPS.includes(step)) throw new ApiError('not_found:step', `"Run it in Nexthink" belongs to the steps ${RUN_STEPS.join(' and ')}.`);
  const { db, setup } = await requireSetup(id);
  const { schedule, ...input } = await readJson(request, runInputSchema);
  await limitValidation(db, request.headers, setup.id);
  const abort = new AbortController();
  request.signal.addEventListener('abort', () => abort.abort(), { once: true });
  const prepared = await prepareRun(input, setup, abort.signal);
  if (prepared.kind === 'refused') {
    throw new ApiError('forbidden:workflow_writes', `The wizard never triggers ${prepared.workflow.name} (${prepared.workflow.id}): ${prepared.workflow.why}.`);
  }
  if (schedule !== undefined) await setSchedule(db, setup.id, step, schedule ? input : null);
  const usernameProperty = setup.mapping.username || 'nothing';
  const ready = prepared;
  async function* events(): AsyncGenerator<RunEvent> {
    const stream = ready.kind === 'done' ? [{ type: 'done', result: ready.result } as RunEvent] : triggerAndPoll(input, ready, { usernameProperty }, abort.signal);
    for await (const event of stream) {
      if (event.type === 'done') await saveWorkflowRun(db, setup.id, step, event.result);
      yield event;
    }
  }
  return ndjsonResponse(events(), {
    signal: request.signal,
    abort,
    crashed: { event: 'nexthink-run.crashed', fields: { setup: setup.id }, crashEvent: { type: 'error', message: 'The run stopped on an internal error.', remediation: 'Run it again. If it happens again, report it with the time shown here.' } },
  });
});
