import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { header, jsonResponse, type EmulatorResponse } from './http-io';
import { faultResponse, type NexthinkInstance, type NexthinkState } from './nexthink';

/**
 * Nexthink's Workflows API (docs.nexthink.com/api/workflows, OpenAPI "Workflows" 1.0.0) and the executions it
 * records, as far as the wizard meets them:
 *
 * - GET /api/v1/workflows?dependency=USER|DEVICE|USER_AND_DEVICE|NONE&triggerMethod=API|MANUAL|MANUAL_MULTIPLE|SCHEDULER
 *   [&fetchOnlyActiveWorkflows=true] → [Workflow {id (NQL ID), uuid, name, description, status ACTIVE|INACTIVE,
 *   lastUpdateTime, triggerMethods, versions}]; GET /api/v1/workflows/details?nqlId= → [Workflow].
 * - POST /api/v1/workflows/execute {workflowId, users: [SID], devices, params} and POST /api/v2/workflows/execute
 *   {workflowId, users: [{sid|upn|uid}], devices: [...], params} → {requestUuid, executionsUuids}.
 * - Errors: ErrorResponse {code, details} for 400 and 403; 401 without a body (as documented). The docs list no
 *   404 or 429 for these endpoints: an unknown workflow gets 404 and throttling 429 with Retry-After, both in the
 *   same ErrorResponse shape (an assumption, said so in the README).
 *
 * An execution stays in_progress for the instance's executionDelayMs, then its Service/API thinklet really runs:
 * it asks the connector credential's Access token URL for a token (client credentials, the stored secret) and
 * GETs /v1.0/users/{user.ad.username} from Graph — the emulator's own login and Graph listeners — so a stale or
 * missing credential, a missing permission or a bad mapping ends the execution as Nexthink would record it.
 * The triggerMethods object's fields (apiEnabled, manualEnabled, schedulerEnabled) are not in the published
 * schema (it is a broken $ref there); they are modelled on what Nexthink's PowerShell module reads.
 */

export const connectorCredentialSchema = z.strictObject({
  name: z.string().min(1),
  accessTokenUrl: z.string().url(),
  clientId: z.string(),
  clientSecret: z.string(),
  scope: z.string().default('https://graph.microsoft.com/.default'),
});

export const nexthinkWorkflowSchema = z.strictObject({
  id: z.string().regex(/^#[a-z0-9_]{2,255}$/),
  uuid: z.string().uuid().optional(),
  name: z.string().min(1),
  description: z.string().default(''),
  status: z.enum(['ACTIVE', 'INACTIVE']).default('ACTIVE'),
  dependency: z.enum(['USER', 'DEVICE', 'USER_AND_DEVICE', 'NONE']).default('USER'),
  api: z.boolean().default(true),
  manual: z.boolean().default(true),
  scheduler: z.boolean().default(false),
  /** The one Service/API thinklet: GET Graph's /users/{user.ad.username} with this connector credential (null: none selected). */
  thinklet: z.strictObject({ credential: z.string().nullable() }).optional(),
});
type NexthinkWorkflow = z.infer<typeof nexthinkWorkflowSchema>;

export type Execution = {
  requestId: string;
  executionId: string;
  workflowId: string;
  workflowName: string;
  userName: string;
  requestTime: string;
  status: 'in_progress' | 'success' | 'failure';
  statusDetails: string | null;
  outcome: 'success' | 'failure' | null;
  outcomeDetails: string | null;
};

const uuidOf = (w: NexthinkWorkflow) => w.uuid ?? `00000000-0000-4000-8000-${Buffer.from(w.id).toString('hex').padEnd(12, '0').slice(0, 12)}`;

function workflowJson(w: NexthinkWorkflow) {
  return {
    id: w.id,
    uuid: uuidOf(w),
    name: w.name,
    description: w.description,
    status: w.status,
    lastUpdateTime: '2026-11-02T09:30:00Z',
    triggerMethods: { apiEnabled: w.api, manualEnabled: w.manual, schedulerEnabled: w.scheduler },
    versions: [{ versionNumber: 1, isActive: w.status === 'ACTIVE' }],
  };
}

const error = (status: number, code: string, details: string) => jsonResponse(status, { code, details });
const unauthorized = (): EmulatorResponse => ({ status: 401, headers: { 'WWW-Authenticate': 'Bearer' }, body: '' });

const userRefSchema = z.strictObject({
  sid: z.string().regex(/^S(-\d+){2,10}$|^0$/).optional(),
  upn: z.string().regex(/^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}$/).optional(),
  uid: z.string().uuid().optional(),
});
const triggerV2Schema = z.object({ workflowId: z.string().min(1), users: z.array(userRefSchema).max(10000), devices: z.array(z.unknown()).max(10000), params: z.record(z.string(), z.string()).optional() });
const triggerV1Schema = z.object({ workflowId: z.string().min(1), users: z.array(z.string().regex(/^S(-\d+){2,10}$|^0$/)).max(10000), devices: z.array(z.string()).max(10000), params: z.record(z.string(), z.string()).optional() });

const DEPENDENCIES = ['USER', 'DEVICE', 'USER_AND_DEVICE', 'NONE'];
const TRIGGERS = ['API', 'MANUAL', 'MANUAL_MULTIPLE', 'SCHEDULER'];

export function workflowsEndpoint(state: NexthinkState, key: string, inst: NexthinkInstance, method: string, route: string, query: string, req: IncomingMessage, body: string): EmulatorResponse | undefined {
  const isList = route === '/api/v1/workflows' && method === 'GET';
  const isDetails = route === '/api/v1/workflows/details' && method === 'GET';
  const trigger = /^\/api\/v([12])\/workflows\/execute$/.exec(route);
  if (!isList && !isDetails && !(trigger && method === 'POST')) return undefined;
  const bearer = /^bearer\s+(.+)$/i.exec(header(req, 'authorization') ?? '')?.[1]?.trim();
  const token = bearer ? state.token(bearer) : undefined;
  if (!token || token.key !== key) return unauthorized();
  const fault = state.takeFault(trigger ? 'trigger' : 'workflows', inst.instance);
  if (fault) {
    const r = faultResponse(fault);
    return r.status === 429 ? { ...error(429, 'TOO_MANY_REQUESTS', 'Rate limit exceeded, retry later'), headers: { ...r.headers, 'Content-Type': 'application/json; charset=utf-8' } } : r;
  }
  if (!token.workflowsApi) return error(403, 'FORBIDDEN', 'No permission - not authorized to execute workflow');
  const params = new URLSearchParams(query);
  if (isDetails) {
    const nqlId = params.get('nqlId');
    if (!nqlId) return error(400, 'BAD_REQUEST', 'Required request parameter nqlId is missing');
    const w = inst.workflows.find((x) => x.id === nqlId);
    return w ? jsonResponse(200, [workflowJson(w)]) : error(404, 'NOT_FOUND', `Workflow ${nqlId} not found`);
  }
  if (isList) {
    const dependency = params.get('dependency');
    const triggerMethod = params.get('triggerMethod');
    if (!dependency || !DEPENDENCIES.includes(dependency)) return error(400, 'BAD_REQUEST', `dependency must be one of ${DEPENDENCIES.join(', ')}`);
    if (!triggerMethod || !TRIGGERS.includes(triggerMethod)) return error(400, 'BAD_REQUEST', `triggerMethod must be one of ${TRIGGERS.join(', ')}`);
    const activeOnly = params.get('fetchOnlyActiveWorkflows') === 'true';
    const list = inst.workflows.filter(
      (w) =>
        w.dependency === dependency &&
        (!activeOnly || w.status === 'ACTIVE') &&
        (triggerMethod === 'API' ? w.api : triggerMethod === 'SCHEDULER' ? w.scheduler : triggerMethod === 'MANUAL' ? w.manual : false),
    );
    return jsonResponse(200, list.map(workflowJson));
  }
  let parsedBody: unknown;
  try {
    parsedBody = JSON.parse(body);
  } catch {
    return error(400, 'BAD_REQUEST', 'The request body is not valid JSON');
  }
  const v2 = trigger?.[1] === '2';
  const parsed = v2 ? triggerV2Schema.safeParse(parsedBody) : triggerV1Schema.safeParse(parsedBody);
  if (!parsed.success) return error(400, 'BAD_REQUEST', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const w = inst.workflows.find((x) => x.id === parsed.data.workflowId);
  if (!w) return error(404, 'NOT_FOUND', `Workflow ${parsed.data.workflowId} not found`);
  if (!w.api) return error(403, 'FORBIDDEN', `Workflow ${w.id} is not enabled for API triggering`);
  if (w.status !== 'ACTIVE') return error(400, 'WORKFLOW_INACTIVE', `Workflow ${w.id} has no active version`);
  const users = v2
    ? (parsed.data.users as z.infer<typeof userRefSchema>[]).map((ref) =>
        inst.users.find((u) => (ref.sid && u.sid === ref.sid) || (ref.upn && (u.upn ?? u.adUsername ?? '').toLowerCase() === ref.upn.toLowerCase())),
      )
    : (parsed.data.users as string[]).map((sid) => inst.users.find((u) => u.sid === sid));
  if (users.length === 0 || users.some((u) => !u)) return error(400, 'USER_NOT_FOUND', 'No user matches the given identifiers');
  const requestId = randomUUID();
  const list = state.executions.get(key) ?? [];
  state.executions.set(key, list);
  const created = users.map((u): Execution => ({
    requestId,
    executionId: randomUUID(),
    workflowId: w.id,
    workflowName: w.name,
    userName: u!.name,
    requestTime: new Date().toISOString(),
    status: 'in_progress',
    statusDetails: null,
    outcome: null,
    outcomeDetails: null,
  }));
  list.push(...created);
  if (list.length > 1000) list.splice(0, list.length - 1000);
  created.forEach((execution, i) => {
    setTimeout(() => void runThinklet(state, inst, w, users[i]!, execution), inst.executionDelayMs).unref();
  });
  return jsonResponse(200, { requestUuid: requestId, executionsUuids: created.map((e) => e.executionId) });
}

/** Replaces Microsoft's public origins with the emulator's listeners, as NEXTHINK_API_URL does for the wizard. */
function toEmulator(state: NexthinkState, url: string): string {
  const m = state.microsoft;
  if (!m) return url;
  return url.replace(/^https:\/\/login\.microsoftonline\.com/i, m.loginUrl).replace(/^https:\/\/graph\.microsoft\.com/i, m.graphUrl);
}

const GRAPH_ERROR_RE = /"code"\s*:\s*"([^"]+)"[\s\S]*?"message"\s*:\s*"([^"]*)"/;

async function runThinklet(state: NexthinkState, inst: NexthinkInstance, w: NexthinkWorkflow, user: NexthinkInstance['users'][number], execution: Execution): Promise<void> {
  const finish = (status: Execution['status'], statusDetails: string | null, outcome: Execution['outcome'] = null, outcomeDetails: string | null = null) => {
    Object.assign(execution, { status, statusDetails, outcome, outcomeDetails });
  };
  if (!w.thinklet) return finish('success', null, 'success', 'Workflow completed');
  const thinklet = 'Service/API thinklet "Get user from Entra ID"';
  const credential = w.thinklet.credential === null ? undefined : inst.connectorCredentials.find((c) => c.name === w.thinklet?.credential);
  if (!credential) {
    return finish('failure', w.thinklet.credential === null ? `${thinklet}: no credentials selected` : `${thinklet}: credential "${w.thinklet.credential}" not found`);
  }
  try {
    const tokenRes = await fetch(toEmulator(state, credential.accessTokenUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: credential.clientId, client_secret: credential.clientSecret, scope: credential.scope }).toString(),
    });
    const tokenText = await tokenRes.text();
    if (!tokenRes.ok) {
      const description = /"error_description"\s*:\s*"([^"]*)"/.exec(tokenText)?.[1]?.split('\\r\\n')[0] ?? tokenText.slice(0, 200);
      return finish('failure', `${thinklet}: could not get an access token with credential "${credential.name}": HTTP ${tokenRes.status} ${description}`);
    }
    const accessToken = (JSON.parse(tokenText) as { access_token?: string }).access_token ?? '';
    const username = user.adUsername;
    if (!username) return finish('success', null, 'failure', 'user.ad.username is empty for this user: nothing to look up in Entra ID');
    const graphRes = await fetch(`${toEmulator(state, 'https://graph.microsoft.com')}/v1.0/users/${encodeURIComponent(username)}?$select=id,displayName,userPrincipalName`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    const graphText = await graphRes.text();
    if (graphRes.ok) {
      const u = JSON.parse(graphText) as { displayName?: string; userPrincipalName?: string; id?: string };
      return finish('success', null, 'success', `Entra ID returned ${u.displayName ?? ''} (${u.userPrincipalName ?? ''}, id ${u.id ?? ''})`);
    }
    const m = GRAPH_ERROR_RE.exec(graphText);
    return finish('success', null, 'failure', `GET /v1.0/users/${username} answered HTTP ${graphRes.status}${m ? ` ${m[1]}: ${m[2]}` : ''}`);
  } catch (e) {
    return finish('failure', `${thinklet}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

const EXECUTION_FIELDS: Record<string, (e: Execution) => string | null> = {
  request_id: (e) => e.requestId,
  execution_id: (e) => e.executionId,
  request_time: (e) => e.requestTime,
  'workflow.name': (e) => e.workflowName,
  'workflow.nql_id': (e) => e.workflowId,
  'user.name': (e) => e.userName,
  status: (e) => e.status,
  status_details: (e) => e.statusDetails,
  outcome: (e) => e.outcome,
  outcome_details: (e) => e.outcomeDetails,
};

/** `workflow.executions [during past …] | where request_id == $param | list …` over the recorded executions. */
export function evaluateExecutionsNql(nql: string, executions: readonly Execution[], parameters: Record<string, string>): { headers: string[]; rows: Record<string, unknown>[] } {
  const text = nql.replace(/\s+/g, ' ').trim();
  let scope = executions;
  const where = /\|\s*where request_id\s*==\s*(?:\$(\w+)|"([^"]*)")/.exec(text);
  if (where) {
    const wanted = where[1] !== undefined ? parameters[where[1]] : where[2];
    scope = scope.filter((e) => e.requestId === wanted);
  }
  const list = /\|\s*list ([\w.,\s]+?)(?:\s*\||$)/.exec(text);
  const fields = (list?.[1] ?? '').split(',').map((f) => f.trim()).filter(Boolean);
  return { headers: fields, rows: scope.map((e) => Object.fromEntries(fields.map((f) => [f, EXECUTION_FIELDS[f]?.(e) ?? null]))) };
}
