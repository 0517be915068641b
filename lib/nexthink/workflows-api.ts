import 'server-only';
import { z } from 'zod';
import type { Evidence } from '@/lib/checks/result';
import { describeUnexpected, parseJson } from '@/lib/http/unexpected';
import { upstream, type UpstreamResult } from '@/lib/http/upstream';
import type { Setup } from '@/lib/setups/schema';
import { errorMessage, evidence, execute, explainNoAnswer, getToken, retryAfterOf, type Outcome } from './nql-api';
import { explainExecution, executionsQuery, isFinished, mayTrigger, SOURCE_HEADER, TEST_WORKFLOW, type Cause, type ExecutionRow, type RunInput } from './workflow-run';
import { libraryWorkflowNamed, workflows as catalog, isReadOnlyWorkflow } from './workflows';

/**
 * Proves a setup from Nexthink's side: lists the instance's workflows (GET /api/v1/workflows), triggers the
 * read-only test workflow for one user by UPN (POST /api/v2/workflows/execute, external identifiers), then
 * reads its execution back through the NQL API (workflow.executions by request_id) until it ends. The API
 * secret and Nexthink's token stay in this call's frame.
 */

export type ListedWorkflow = { id: string; name: string; active: boolean; apiEnabled: boolean; triggerable: boolean; why: string; catalogId?: string };
export type ChosenWorkflow = { catalogId: string; label: string; readOnly: boolean; state: 'ready' | 'not-installed' | 'inactive' | 'not-api'; nexthinkId?: string };

export type WorkflowRunResult = {
  status: 'pass' | 'warn' | 'fail';
  cause: Cause | 'refused' | 'not-installed' | 'inactive' | 'not-api' | 'nexthink' | 'time-limit';
  summary: string;
  remediation?: string;
  step?: string;
  evidence?: Evidence;
  instance: string;
  region: string;
  upn: string;
  workflow: { id: string; name?: string };
  requestId?: string;
  execution?: Omit<ExecutionRow, 'requestId'>;
  workflows: ListedWorkflow[];
  chosen: ChosenWorkflow[];
  query: { id: string; nql: string };
  startedAt: string;
  durationMs: number;
};

export type RunEvent =
  | { type: 'progress'; message: string; elapsedMs: number }
  | { type: 'waiting'; seconds: number; message: string }
  | { type: 'done'; result: WorkflowRunResult };

const POLL_MS = 2000;

const workflowSchema = z
  .object({
    id: z.string(),
    uuid: z.string().optional(),
    name: z.string(),
    status: z.string().optional(),
    triggerMethods: z.object({ apiEnabled: z.boolean().optional() }).loose().nullish(),
  })
  .loose();
const listSchema = z.array(workflowSchema);
const triggerSchema = z.object({ requestUuid: z.string().min(1), executionsUuids: z.array(z.string()).min(1) }).loose();

const API_CREDENTIAL_PLACE = 'In Nexthink, Administration > API credentials: edit the credential and tick Workflows (and NQL API), or create one with both';
const API_TICK_PLACE = (name: string) => `Workflows > Manage workflows > ${name} > Edit > General tab: tick API, then Save workflow`;

type Nexthink = Pick<RunInput, 'instance' | 'region'>;
const apiBase = (i: Nexthink) => `https://${i.instance}.api.${i.region}.nexthink.cloud`;

/** Nexthink's own refusals on the Workflows API, in its words and ours (docs: 400/403 ErrorResponse {code, details}; 401 bare). */
function explainWorkflowsStatus(res: Extract<UpstreamResult, { ok: true }>, what: 'list' | 'trigger', workflowName: string): Outcome {
  const message = errorMessage(res.text);
  const ev = evidence(res, { code: `HTTP ${res.status}`, ...(message && { message }) });
  switch (res.status) {
    case 401:
      return { status: 'fail', summary: 'Nexthink\'s Workflows API did not accept the token (HTTP 401).', remediation: 'Run again; if it persists, check that the instance and region belong to the API credential.', evidence: ev };
    case 403:
      return what === 'list'
        ? { status: 'fail', summary: 'The API credential may not use the Workflows API (HTTP 403): its Workflows permission is not ticked.', remediation: `${API_CREDENTIAL_PLACE}, then run again.`, evidence: ev }
        : {
            status: 'fail',
            summary: `Nexthink refused to trigger ${workflowName} (HTTP 403${message ? `: ${message}` : ''}).`,
            remediation: `Either the workflow is not API-enabled (${API_TICK_PLACE(workflowName)}) or the API credential lacks the Workflows permission (${API_CREDENTIAL_PLACE}).`,
            evidence: ev,
          };
    case 404:
      return { status: 'fail', summary: `Nexthink has no workflow ${workflowName} (HTTP 404).`, remediation: 'Build the test workflow as shown below (its NQL ID must match), activate it, then run again.', evidence: ev };
    case 429: {
      const wait = retryAfterOf(res.attempts);
      return { status: 'fail', summary: 'Nexthink\'s Workflows API is throttling this credential (HTTP 429).', remediation: `Wait${wait !== undefined ? ` ${wait} s (Retry-After)` : ' a minute'} and run again.`, evidence: ev };
    }
    case 400:
      return /user/i.test(message ?? '')
        ? { status: 'fail', summary: `Nexthink does not know this user (HTTP 400${message ? `: ${message}` : ''}).`, remediation: 'Trigger V2 looks the UPN up among the users Nexthink has seen. Pick a user who signed in on a device with the Collector recently.', evidence: ev }
        : { status: 'fail', summary: `Nexthink refused the request (HTTP 400${message ? `: ${message}` : ''}).`, remediation: 'Check the workflow\'s NQL ID and that its active version targets users.', evidence: ev };
    default:
      return { status: 'fail', summary: `Nexthink's Workflows API answered HTTP ${res.status}.`, remediation: res.status >= 500 ? 'This is on Nexthink\'s side. Run again in a few minutes.' : 'Check the instance and region, then run again.', evidence: ev };
  }
}

async function listWorkflows(input: RunInput, token: string, signal?: AbortSignal): Promise<{ ok: true; list: ListedWorkflow[] } | { ok: false; outcome: Outcome }> {
  const seen = new Map<string, { w: z.infer<typeof workflowSchema>; api: boolean }>();
  // Both filters are required by the endpoint; the union over the user-targeted ones is what a user run can
  // trigger. The six lists are asked for at once and read in a fixed order, so the first failure is the one said.
  const filters = (['USER', 'USER_AND_DEVICE'] as const).flatMap((dependency) => (['API', 'MANUAL', 'SCHEDULER'] as const).map((triggerMethod) => ({ dependency, triggerMethod })));
  const answers = await Promise.all(
    filters.map(({ dependency, triggerMethod }) =>
      upstream({
        method: 'GET',
        url: `${apiBase(input)}/api/v1/workflows?dependency=${dependency}&triggerMethod=${triggerMethod}&fetchOnlyActiveWorkflows=false`,
        headers: { authorization: `Bearer ${token}`, accept: 'application/json', source: SOURCE_HEADER },
        purpose: 'nexthink workflows list',
        ...(signal && { signal }),
      }),
    ),
  );
  for (const [i, res] of answers.entries()) {
    const { triggerMethod } = filters[i]!;
    if (!res.ok) return { ok: false, outcome: explainNoAnswer(res, input, 'Nexthink\'s Workflows API could not be reached') };
    if (res.status !== 200) return { ok: false, outcome: explainWorkflowsStatus(res, 'list', '') };
    const parsed = listSchema.safeParse(parseJson(res.text));
    if (!parsed.success) return { ok: false, outcome: { status: 'fail', summary: `Nexthink's workflows list came back as ${describeUnexpected(res).what}.`, remediation: 'A proxy may have changed the answer. Try again without it.', evidence: evidence(res) } };
    for (const w of parsed.data) {
      const prev = seen.get(w.id);
      seen.set(w.id, { w, api: (prev?.api ?? false) || triggerMethod === 'API' || w.triggerMethods?.apiEnabled === true });
    }
  }
  return {
    ok: true,
    list: [...seen.values()].map(({ w, api }) => {
      const may = mayTrigger(w);
      const known = libraryWorkflowNamed(w.name);
      return { id: w.id, name: w.name, active: (w.status ?? 'ACTIVE').toUpperCase() === 'ACTIVE', apiEnabled: api, triggerable: may.ok, why: may.why, ...(known && { catalogId: known.id }) };
    }),
  };
}

function chosenState(setup: Pick<Setup, 'workflows'>, list: ListedWorkflow[]): ChosenWorkflow[] {
  return catalog
    .filter((w) => setup.workflows.includes(w.id) && 'libraryNames' in w)
    .map((w) => {
      const found = list.find((l) => l.catalogId === w.id);
      const state = !found ? 'not-installed' : !found.active ? 'inactive' : !found.apiEnabled ? 'not-api' : 'ready';
      return { catalogId: w.id, label: w.label, readOnly: isReadOnlyWorkflow(w), state, ...(found && { nexthinkId: found.id }) };
    });
}

export type Prepared =
  | { kind: 'refused'; workflow: ListedWorkflow }
  | { kind: 'done'; result: WorkflowRunResult }
  | { kind: 'ready'; token: string; workflow: ListedWorkflow; base: Omit<WorkflowRunResult, 'status' | 'cause' | 'summary' | 'durationMs'>; started: number };

/** Token, list, and every check that needs no execution. The caller refuses a workflow that writes. */
export async function prepareRun(input: RunInput, setup: Pick<Setup, 'workflows'>, signal?: AbortSignal): Promise<Prepared> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const base = { instance: input.instance, region: input.region, upn: input.upn, workflow: { id: input.workflowId }, workflows: [] as ListedWorkflow[], chosen: [] as ChosenWorkflow[], query: { id: input.executionsQueryId, nql: executionsQuery }, startedAt };
  const done = (o: Outcome & { cause: WorkflowRunResult['cause']; step?: string }, extra: Partial<WorkflowRunResult> = {}): Prepared => ({
    kind: 'done',
    result: { ...base, ...extra, status: o.status === 'pass' ? 'pass' : o.status === 'warn' ? 'warn' : 'fail', cause: o.cause, summary: o.summary, ...(o.remediation && { remediation: o.remediation }), ...(o.step && { step: o.step }), ...(o.evidence && { evidence: o.evidence }), durationMs: Math.round(performance.now() - started) },
  });
  const token = await getToken(input, signal, '"Workflows" and "NQL API"');
  if (!token.ok) return done({ ...token.outcome, cause: 'nexthink' });
  const listed = await listWorkflows(input, token.token, signal);
  if (!listed.ok) return done({ ...listed.outcome, cause: 'nexthink' });
  const chosen = chosenState(setup, listed.list);
  const extra = { workflows: listed.list, chosen };
  const workflow = listed.list.find((w) => w.id === input.workflowId);
  if (!workflow) {
    return done(
      { status: 'fail', cause: 'not-installed', summary: `No workflow with NQL ID ${input.workflowId} targets users in this Nexthink instance.`, remediation: input.workflowId === TEST_WORKFLOW.nqlId ? 'Build the test workflow as shown below, activate its version, tick API, then run again.' : 'Check the NQL ID (Workflows > Manage workflows > … > Copy NQL ID).' },
      extra,
    );
  }
  if (!workflow.triggerable) return { kind: 'refused', workflow };
  const named = { ...extra, workflow: { id: workflow.id, name: workflow.name } };
  if (!workflow.active) return done({ status: 'fail', cause: 'inactive', summary: `${workflow.name} has no active version: Nexthink runs only the active version of a workflow.`, remediation: `Workflows > Manage workflows > ${workflow.name}: activate its version.` }, named);
  if (!workflow.apiEnabled) {
    return done({ status: 'fail', cause: 'not-api', summary: `${workflow.name} is not API-enabled: Nexthink refuses to trigger it from its API.`, remediation: `${API_TICK_PLACE(workflow.name)}.` }, named);
  }
  return { kind: 'ready', token: token.token, workflow, base: { ...base, ...named }, started };
}

const executionRowSchema = z.object({ request_id: z.unknown(), status: z.unknown(), status_details: z.unknown().optional(), outcome: z.unknown().optional(), outcome_details: z.unknown().optional() }).loose();
const text = (v: unknown) => (v === null || v === undefined || v === '' ? null : String(v));

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

const withoutId = (r: ExecutionRow): Omit<ExecutionRow, 'requestId'> => ({ status: r.status, statusDetails: r.statusDetails, outcome: r.outcome, outcomeDetails: r.outcomeDetails });

/** Trigger, then poll workflow.executions until the execution ends, the time limit passes or the caller cancels. */
export async function* triggerAndPoll(input: RunInput, ready: Extract<Prepared, { kind: 'ready' }>, ctx: { usernameProperty: string }, signal?: AbortSignal): AsyncGenerator<RunEvent> {
  const { started, workflow } = ready;
  const elapsed = () => Math.round(performance.now() - started);
  const finish = (o: Omit<WorkflowRunResult, keyof typeof ready.base | 'durationMs'> & Partial<WorkflowRunResult>): RunEvent => ({ type: 'done', result: { ...ready.base, ...o, durationMs: elapsed() } });
  yield { type: 'progress', message: `Triggering ${workflow.name} for ${input.upn}…`, elapsedMs: elapsed() };
  const res = await upstream({
    method: 'POST',
    url: `${apiBase(input)}/api/v2/workflows/execute`,
    headers: { authorization: `Bearer ${ready.token}`, 'content-type': 'application/json', accept: 'application/json', source: SOURCE_HEADER },
    body: JSON.stringify({ workflowId: workflow.id, users: [{ upn: input.upn }], devices: [], params: {} }),
    purpose: 'nexthink workflow trigger',
    ...(signal && { signal }),
  });
  if (signal?.aborted) return;
  if (!res.ok) {
    const o = explainNoAnswer(res, input, 'Nexthink\'s Workflows API could not be reached');
    yield finish({ status: 'fail', cause: 'nexthink', summary: o.summary, ...(o.remediation && { remediation: o.remediation }), ...(o.evidence && { evidence: o.evidence }) });
    return;
  }
  const triggered = res.status === 200 ? triggerSchema.safeParse(parseJson(res.text)) : undefined;
  if (!triggered?.success) {
    const o = res.status === 200 ? { status: 'fail' as const, summary: `Nexthink answered the trigger with ${describeUnexpected(res).what}, not a request ID.`, remediation: 'A proxy may have changed the answer.', evidence: evidence(res) } : explainWorkflowsStatus(res, 'trigger', workflow.name);
    yield finish({ status: 'fail', cause: 'nexthink', summary: o.summary, ...(o.remediation && { remediation: o.remediation }), ...(o.evidence && { evidence: o.evidence }) });
    return;
  }
  const requestId = triggered.data.requestUuid;
  const deadline = started + input.timeLimitSeconds * 1000;
  let last: ExecutionRow | undefined;
  while (!signal?.aborted) {
    const remaining = deadline - performance.now();
    if (remaining <= 0) break;
    yield { type: 'progress', message: `Request ${requestId}: ${last ? `execution ${last.status}` : 'waiting for Nexthink to record the execution'} · ${Math.round(elapsed() / 1000)} s of ${input.timeLimitSeconds} s`, elapsedMs: elapsed() };
    await sleep(Math.min(POLL_MS, remaining), signal);
    if (signal?.aborted) return;
    const polled = await execute(input, ready.token, input.executionsQueryId, executionsQuery, signal, { parameters: { request_id: requestId }, retries: 0 });
    if (signal?.aborted) return;
    if (!polled.ok) {
      if (polled.httpStatus === 429) {
        const wait = Math.max(1, polled.retryAfter ?? 5);
        const seconds = Math.min(wait, Math.max(0, Math.ceil((deadline - performance.now()) / 1000)));
        yield { type: 'waiting', seconds, message: `Nexthink asked to slow down (HTTP 429): waiting ${seconds} s as its Retry-After says, then reading the execution again.` };
        await sleep(seconds * 1000, signal);
        continue;
      }
      yield finish({ status: 'fail', cause: 'nexthink', requestId, summary: polled.outcome.summary, ...(polled.outcome.remediation && { remediation: polled.outcome.remediation }), ...(polled.outcome.evidence && { evidence: polled.outcome.evidence }) });
      return;
    }
    const row = polled.rows.map((r) => executionRowSchema.safeParse(r)).find((r) => r.success && text(r.data.request_id) === requestId);
    if (row?.success) {
      last = { requestId, status: text(row.data.status) ?? 'unknown', statusDetails: text(row.data.status_details), outcome: text(row.data.outcome), outcomeDetails: text(row.data.outcome_details) };
      if (isFinished(last.status)) {
        const e = explainExecution(last, { upn: input.upn, usernameProperty: ctx.usernameProperty });
        yield finish({ status: e.status, cause: e.cause, summary: e.summary, ...(e.remediation && { remediation: e.remediation }), ...(e.step && { step: e.step }), requestId, execution: withoutId(last) });
        return;
      }
    }
  }
  if (signal?.aborted) return;
  const execution = last ? withoutId(last) : { status: 'not recorded yet', statusDetails: null, outcome: null, outcomeDetails: null };
  yield finish({
    status: 'warn',
    cause: 'time-limit',
    requestId,
    execution,
    summary: `No final result within the ${input.timeLimitSeconds} s limit: the execution is ${last ? `still ${last.status}` : 'not recorded yet'}. Nexthink keeps running it.`,
    remediation: `Run again with a longer time limit, or look the execution up later in Investigations: workflow.executions during past 24h | where request_id == "${requestId}" | list status, status_details, outcome, outcome_details`,
  });
}
