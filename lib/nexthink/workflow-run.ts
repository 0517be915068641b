/**
 * "Run it in Nexthink": what the page and the server share about proving a setup from Nexthink's side — the
 * test workflow's design, the NQL that reads its execution back, which Nexthink workflows the wizard may
 * trigger, and the plain-words explanation of an execution. Plain functions: the page imports this file.
 */
import { checkCredential, checkInstance, checkQueryId, checkRegion, type NexthinkRegion } from './nql';
import { isReadOnlyWorkflow, libraryWorkflowNamed } from './workflows';

export const TEST_WORKFLOW = {
  name: 'Entra connection test',
  nqlId: '#entra_connection_test',
  thinklet: 'Get user from Entra ID',
  /** The Service/API thinklet's relative URL; {{upn}} is its input parameter, set to the user's user.ad.username. */
  path: '/v1.0/users/{{upn}}?$select=id,displayName,userPrincipalName',
} as const;

export const defaultExecutionsQueryId = '#entra_workflow_executions';

/** Saved once in Administration > NQL API queries; $request_id is the query's parameter. */
export const executionsQuery =
  'workflow.executions during past 24h | where request_id == $request_id | list request_id, execution_id, request_time, workflow.name, user.name, status, status_details, outcome, outcome_details';

export const TIME_LIMIT = { min: 5, max: 600, default: 120 } as const;

/** The `Source` header Nexthink's Workflows API takes: names the caller in Nexthink's audit of the request. */
export const SOURCE_HEADER = 'Entra Setup Wizard';

export type RunInput = {
  instance: string;
  region: NexthinkRegion;
  clientId: string;
  clientSecret: string;
  executionsQueryId: string;
  workflowId: string;
  upn: string;
  timeLimitSeconds: number;
};
export type RunInputField = keyof RunInput;

type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

export function checkWorkflowNqlId(input: string): Checked<string> {
  const s = input.trim();
  return /^#[a-z0-9_]{2,255}$/.test(s) ? { ok: true, value: s } : { ok: false, message: 'a workflow NQL ID starts with # followed by lower-case letters, digits or underscores, e.g. #entra_connection_test' };
}

export function checkUpn(input: string): Checked<string> {
  const s = input.trim();
  // Trigger V2's documented pattern for users[].upn.
  return /^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}$/.test(s) ? { ok: true, value: s } : { ok: false, message: 'enter the UPN of a user Nexthink knows, e.g. adele.vance@contoso.com' };
}

/** Every field checked, each error named after its field (the page and the API say the same). */
export function checkRunInput(raw: Record<string, string | number | undefined>): { ok: true; value: RunInput } | { ok: false; errors: Partial<Record<RunInputField, string>> } {
  const errors: Partial<Record<RunInputField, string>> = {};
  const take = <T>(field: RunInputField, r: Checked<T>): T | undefined => {
    if (r.ok) return r.value;
    errors[field] = r.message;
    return undefined;
  };
  const str = (k: string) => String(raw[k] ?? '');
  const instance = take('instance', checkInstance(str('instance')));
  const region = take('region', checkRegion(str('region')));
  const clientId = take('clientId', checkCredential(str('clientId'), 'API credential client ID'));
  const clientSecret = take('clientSecret', checkCredential(str('clientSecret'), 'API credential client secret'));
  const executionsQueryId = take('executionsQueryId', checkQueryId(str('executionsQueryId') || defaultExecutionsQueryId));
  const workflowId = take('workflowId', checkWorkflowNqlId(str('workflowId') || TEST_WORKFLOW.nqlId));
  const upn = take('upn', checkUpn(str('upn')));
  const limit = raw['timeLimitSeconds'] === undefined || raw['timeLimitSeconds'] === '' ? TIME_LIMIT.default : Number(raw['timeLimitSeconds']);
  const timeLimitSeconds = take(
    'timeLimitSeconds',
    Number.isInteger(limit) && limit >= TIME_LIMIT.min && limit <= TIME_LIMIT.max ? { ok: true, value: limit } : { ok: false, message: `a whole number of seconds from ${TIME_LIMIT.min} to ${TIME_LIMIT.max}` },
  );
  if (Object.keys(errors).length > 0 || !instance || !region || !clientId || !clientSecret || !executionsQueryId || !workflowId || !upn || timeLimitSeconds === undefined) return { ok: false, errors };
  return { ok: true, value: { instance, region, clientId, clientSecret, executionsQueryId, workflowId, upn, timeLimitSeconds } };
}

/* ---------- Which Nexthink workflows the wizard may trigger ---------- */

export type Triggerable = { ok: true; why: string } | { ok: false; why: string };

/**
 * Only read-only workflows are ever triggered: the test workflow (its design only GETs a user), or a Library
 * workflow the catalog marks read-only. Anything else — a Library workflow that writes, or one the catalog
 * does not know — is listed, never run.
 */
export function mayTrigger(workflow: { id: string; name: string }): Triggerable {
  if (workflow.id === TEST_WORKFLOW.nqlId || workflow.name.trim().toLowerCase() === TEST_WORKFLOW.name.toLowerCase()) {
    return { ok: true, why: 'the wizard\'s test workflow: one Service/API thinklet that only reads a user' };
  }
  const known = libraryWorkflowNamed(workflow.name);
  if (!known) return { ok: false, why: 'the catalog does not know what it does, so the wizard never triggers it' };
  if (isReadOnlyWorkflow(known)) return { ok: true, why: `${known.label}: every call only reads` };
  const writes = known.calls.filter((c) => c.method !== 'GET').map((c) => `${c.method} ${c.path}`);
  return { ok: false, why: `it writes (${[...writes, ...(known.sideEffects ? [known.sideEffects] : [])].join('; ')}): never triggered by the wizard` };
}

/* ---------- Explaining an execution ---------- */

export type ExecutionRow = { requestId: string; status: string; statusDetails: string | null; outcome: string | null; outcomeDetails: string | null };

export type Cause =
  | 'success'
  | 'no-credential'
  | 'credential-missing'
  | 'old-secret'
  | 'wrong-client'
  | 'wrong-tenant'
  | 'token-refused'
  | 'permission'
  | 'user-not-found'
  | 'graph-token'
  | 'empty-username'
  | 'failed'
  | 'in-progress';

export type Explained = { status: 'pass' | 'warn' | 'fail'; cause: Cause; summary: string; remediation?: string; step?: 'app-registration' | 'certificates-secrets' | 'tenant-id' | 'field-mapping' };

/** Final execution states; anything else (in_progress, waiting…) is still running. */
export function isFinished(status: string): boolean {
  return ['success', 'failure', 'failed', 'cancelled', 'canceled', 'expired', 'timeout'].includes(status.trim().toLowerCase());
}

const WHERE_CREDENTIAL = `Workflows > Manage workflows > ${TEST_WORKFLOW.name} > Edit: select the Service/API thinklet "${TEST_WORKFLOW.thinklet}" and, under Credentials, choose the credential created in step 3`;

/**
 * Nexthink does not document the text of status_details / outcome_details: the explanation reads the codes
 * any of them carries (HTTP status, AADSTS code, Graph error code) and quotes the text itself alongside.
 */
export function explainExecution(row: ExecutionRow, ctx: { upn: string; usernameProperty: string }): Explained {
  const status = row.status.trim().toLowerCase();
  const text = `${row.statusDetails ?? ''}\n${row.outcomeDetails ?? ''}`;
  const outcome = (row.outcome ?? '').trim().toLowerCase();
  if (!isFinished(status)) return { status: 'warn', cause: 'in-progress', summary: `The execution is still ${row.status}.` };
  if ((status === 'success' && (outcome === '' || outcome === 'success')) && !/HTTP (4|5)\d\d/.test(text)) {
    return { status: 'pass', cause: 'success', summary: `Nexthink called Graph with the credential stored in Nexthink and found ${ctx.upn} through its mapped username: ${row.outcomeDetails ?? 'success'}.` };
  }
  if (/no credentials? selected|credentials? (?:is )?(?:empty|missing)/i.test(text)) {
    return { status: 'fail', cause: 'no-credential', step: 'tenant-id', summary: 'The thinklet has no credential selected: a workflow installed or imported in Nexthink starts with the Credentials drop-down blank.', remediation: `${WHERE_CREDENTIAL}, save, and make the version active again.` };
  }
  if (/credential "[^"]*" not found|unknown credential/i.test(text)) {
    return { status: 'fail', cause: 'credential-missing', step: 'tenant-id', summary: 'The thinklet names a credential that no longer exists in Nexthink.', remediation: `${WHERE_CREDENTIAL}.` };
  }
  if (/AADSTS7000215|AADSTS7000222|invalid client secret/i.test(text)) {
    return {
      status: 'fail',
      cause: 'old-secret',
      step: 'tenant-id',
      summary: 'Entra refused the client secret stored in Nexthink (AADSTS7000215 or an expired secret): it is not the secret validated in this wizard — mistyped, an older one, or the Secret ID.',
      remediation:
        'In Nexthink, Administration > Connector credentials: edit the Microsoft Graph credential and paste the secret Value again (step 3 shows the fields). To see which secret Nexthink holds, compare its first three characters with the Client secrets list of Entra\'s Certificates & secrets (step 2): Entra shows no more than those three.',
    };
  }
  if (/AADSTS700016/i.test(text)) {
    return { status: 'fail', cause: 'wrong-client', step: 'tenant-id', summary: 'Entra does not know the Client ID stored in Nexthink\'s credential (AADSTS700016).', remediation: 'Edit the credential in Administration > Connector credentials and copy the Client ID from step 3 exactly.' };
  }
  if (/AADSTS90002|AADSTS900023|AADSTS90013/i.test(text)) {
    return { status: 'fail', cause: 'wrong-tenant', step: 'tenant-id', summary: 'The Access token URL in Nexthink\'s credential names a tenant Entra does not know.', remediation: 'Copy the Access token URL from step 3 into the credential in Administration > Connector credentials.' };
  }
  if (/access token|token URL/i.test(text) && /HTTP (400|401)/.test(text)) {
    return { status: 'fail', cause: 'token-refused', step: 'tenant-id', summary: 'Entra refused the token request of the credential stored in Nexthink.', remediation: 'Compare every field of the credential in Administration > Connector credentials with step 3, then run again.' };
  }
  if (/HTTP 403|Authorization_RequestDenied|Insufficient privileges/i.test(text)) {
    return {
      status: 'fail',
      cause: 'permission',
      step: 'app-registration',
      summary: 'Graph refused the call (HTTP 403): the app registration lacks an Application permission the workflow needs, or admin consent is missing.',
      remediation: 'Add the permissions of the least-privilege table in step 1 as Application permissions, grant admin consent, then validate step 2 to see the roles Entra now issues.',
    };
  }
  if (/HTTP 404|Request_ResourceNotFound/i.test(text)) {
    return {
      status: 'fail',
      cause: 'user-not-found',
      step: 'field-mapping',
      summary: `Graph found no user by the value Nexthink holds in user.ad.username for ${ctx.upn} (HTTP 404): the mapped field holds something other than the UPN — a SAM account name, an e-mail address or an on-premises name.`,
      remediation: `Map Username to userPrincipalName in the inbound connector's Field mapping tab (step 4; now ${ctx.usernameProperty}), let the connector run, then run again.`,
    };
  }
  if (/HTTP 401|InvalidAuthenticationToken/i.test(text)) {
    return { status: 'fail', cause: 'graph-token', step: 'tenant-id', summary: 'Graph did not accept the token Nexthink got (HTTP 401): the credential\'s Scope is probably not https://graph.microsoft.com/.default.', remediation: 'Set the credential\'s Scope exactly as step 3 shows.' };
  }
  if (/user\.ad\.username is empty/i.test(text)) {
    return { status: 'fail', cause: 'empty-username', step: 'field-mapping', summary: `Nexthink has no user.ad.username for ${ctx.upn}: the inbound connector has not imported this user yet.`, remediation: 'Check the inbound connector (step 4) has run since the mapping was saved.' };
  }
  return { status: 'fail', cause: 'failed', summary: `The execution ended ${row.status}${row.outcome ? ` with outcome ${row.outcome}` : ''}.`, remediation: 'Read the details Nexthink recorded (below); open the execution in Workflows > Executions for the step that failed.' };
}
