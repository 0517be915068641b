/**
 * "Run it in Nexthink": the request checks, which workflows may ever be triggered, the explanation of each
 * recorded execution, and the server run against the emulator's Nexthink (list → trigger → poll).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '@/e2e/emulator/server';
import { makeTenant } from '@/e2e/support/emulator-control';
import { checkRunInput, executionsQuery, explainExecution, mayTrigger, TEST_WORKFLOW } from './workflow-run';
import { runInputSchema } from './workflow-run-schema';
import { isReadOnlyWorkflow, workflows } from './workflows';

const ctx = { upn: 'adele@contoso.com', usernameProperty: 'userPrincipalName' };
const row = (status: string, statusDetails: string | null, outcome: string | null = null, outcomeDetails: string | null = null) => ({ requestId: 'r', status, statusDetails, outcome, outcomeDetails });

describe('which workflows the wizard may trigger', () => {
  it('only the test workflow and Library workflows the catalog marks read-only', () => {
    expect(mayTrigger({ id: TEST_WORKFLOW.nqlId, name: 'anything' }).ok).toBe(true);
    expect(mayTrigger({ id: '#my_copy', name: 'Entra connection test' }).ok).toBe(true);
    const reclaim = mayTrigger({ id: '#license_reclamation', name: 'License reclamation' });
    expect(reclaim).toEqual({ ok: false, why: 'it writes (DELETE /groups/{id}/members/{id}/$ref): never triggered by the wizard' });
    expect(mayTrigger({ id: '#pw', name: 'Proactive password reset' })).toEqual({ ok: false, why: 'it writes (sends the user a message about their password): never triggered by the wizard' });
    expect(mayTrigger({ id: '#x', name: 'Restart the print spooler' })).toEqual({ ok: false, why: 'the catalog does not know what it does, so the wizard never triggers it' });
  });

  it('read-only means every call a GET and no side effect', () => {
    const byId = (id: string) => workflows.find((w) => w.id === id)!;
    expect(isReadOnlyWorkflow(byId('entra-thinklet-get-user'))).toBe(true);
    expect(isReadOnlyWorkflow(byId('custom-group-member-add'))).toBe(false);
    expect(isReadOnlyWorkflow(byId('proactive-password-reset'))).toBe(false);
  });
});

describe('the run request', () => {
  const good = { instance: 'https://acme.eu.nexthink.cloud/', region: 'eu', clientId: 'id', clientSecret: 'secret', upn: 'adele@contoso.com' };
  it('defaults the workflow, the query and the time limit, and names each bad field', () => {
    expect(checkRunInput(good)).toEqual({ ok: true, value: { instance: 'acme', region: 'eu', clientId: 'id', clientSecret: 'secret', upn: 'adele@contoso.com', workflowId: '#entra_connection_test', executionsQueryId: '#entra_workflow_executions', timeLimitSeconds: 120 } });
    const bad = checkRunInput({ ...good, upn: 'CONTOSO\\adele', timeLimitSeconds: 4, workflowId: 'Entra connection test', region: 'ch' });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && Object.keys(bad.errors).sort()).toEqual(['region', 'timeLimitSeconds', 'upn', 'workflowId']);
    const parsed = runInputSchema.safeParse({ ...good, clientSecret: 'has space' });
    expect(parsed.success).toBe(false);
    expect(runInputSchema.safeParse({ ...good, extra: 1 }).success).toBe(false);
  });
});

describe('explaining an execution', () => {
  it('ties each recorded failure to its cause and step', () => {
    expect(explainExecution(row('success', null, 'success', 'Entra ID returned Adele'), ctx)).toMatchObject({ status: 'pass', cause: 'success' });
    expect(explainExecution(row('in_progress', null), ctx)).toMatchObject({ status: 'warn', cause: 'in-progress' });
    expect(explainExecution(row('failure', 'Service/API thinklet "x": no credentials selected'), ctx)).toMatchObject({ cause: 'no-credential', step: 'tenant-id' });
    expect(explainExecution(row('failure', 'could not get an access token: HTTP 401 AADSTS7000215: Invalid client secret provided.'), ctx)).toMatchObject({ cause: 'old-secret', step: 'tenant-id' });
    expect(explainExecution(row('failure', 'HTTP 400 AADSTS700016: Application not found'), ctx)).toMatchObject({ cause: 'wrong-client' });
    expect(explainExecution(row('success', null, 'failure', 'GET /v1.0/users/x answered HTTP 403 Authorization_RequestDenied: Insufficient privileges'), ctx)).toMatchObject({ cause: 'permission', step: 'app-registration' });
    expect(explainExecution(row('success', null, 'failure', 'answered HTTP 404 Request_ResourceNotFound'), ctx)).toMatchObject({ cause: 'user-not-found', step: 'field-mapping' });
    expect(explainExecution(row('success', null, 'failure', 'answered HTTP 401 InvalidAuthenticationToken'), ctx)).toMatchObject({ cause: 'graph-token' });
    expect(explainExecution(row('failure', 'Something else broke'), ctx)).toMatchObject({ status: 'fail', cause: 'failed' });
  });
});

describe('the run against the emulated Nexthink', () => {
  let emu: RunningEmulator;
  let api: typeof import('./workflows-api');
  const t = makeTenant({});
  const upn = t.tenant.users?.[0]?.userPrincipalName ?? '';
  const instance = (over: { secret?: string; executionDelayMs?: number } = {}) => ({
    instance: 'wfrun',
    region: 'us' as const,
    credentials: [{ clientId: 'api', clientSecret: 'api-secret' }],
    queries: [{ id: '#entra_workflow_executions', nql: executionsQuery }],
    users: [{ name: 'Adele', upn, adUsername: upn }],
    connectorCredentials: [{ name: 'Graph', accessTokenUrl: `https://login.microsoftonline.com/${t.tenantId}/oauth2/v2.0/token`, clientId: t.app.appId, clientSecret: over.secret ?? t.app.secret }],
    workflows: [
      { id: '#entra_connection_test', name: 'Entra connection test', thinklet: { credential: 'Graph' } },
      { id: '#license_reclamation', name: 'License reclamation' },
    ],
    executionDelayMs: over.executionDelayMs ?? 100,
  });
  const input = (over: Partial<Parameters<typeof api.prepareRun>[0]> = {}) => ({ instance: 'wfrun', region: 'us' as const, clientId: 'api', clientSecret: 'api-secret', upn, workflowId: '#entra_connection_test', executionsQueryId: '#entra_workflow_executions', timeLimitSeconds: 20, ...over });

  beforeAll(async () => {
    emu = await startEmulator({ scenario: { tenants: [t.tenant] } });
    process.env.NEXTHINK_API_URL = emu.nexthinkUrl;
    process.env.LOG_LEVEL = 'silent';
    api = await import('./workflows-api');
  });
  afterAll(async () => emu?.close());

  async function runToEnd(i = input()) {
    const prepared = await api.prepareRun(i, { workflows: ['inbound-connector', 'license-reclamation'] });
    if (prepared.kind !== 'ready') return prepared;
    const events = [];
    for await (const e of api.triggerAndPoll(i, prepared, { usernameProperty: 'userPrincipalName' })) events.push(e);
    return events;
  }

  it('asks for the six workflow lists at once: preparing costs about two round trips (token, lists), not seven', async () => {
    emu.nexthink.upsert(instance());
    emu.nexthink.latencyMs = 250;
    try {
      const t0 = performance.now();
      const prepared = await api.prepareRun(input(), { workflows: ['inbound-connector'] });
      const ms = performance.now() - t0;
      expect(prepared.kind).toBe('ready');
      expect(ms).toBeGreaterThanOrEqual(2 * 250);
      expect(ms).toBeLessThan(4 * 250);
    } finally {
      emu.nexthink.latencyMs = 0;
    }
  });

  it('lists, refuses a workflow that writes, and proves a good setup end to end', async () => {
    emu.nexthink.upsert(instance());
    const refused = await api.prepareRun(input({ workflowId: '#license_reclamation' }), { workflows: [] });
    expect(refused.kind).toBe('refused');
    const events = (await runToEnd()) as import('./workflows-api').RunEvent[];
    const done = events.at(-1);
    expect(done?.type).toBe('done');
    expect(done?.type === 'done' && done.result).toMatchObject({ status: 'pass', cause: 'success', chosen: [{ catalogId: 'license-reclamation', state: 'ready', readOnly: false }] });
    expect(events.some((e) => e.type === 'progress' && /^Request [0-9a-f-]{36}/.test(e.message))).toBe(true);
    expect(JSON.stringify(events)).not.toContain('api-secret');
  });

  it('explains a stale secret stored in Nexthink, and stops at the time limit', async () => {
    emu.nexthink.upsert(instance({ secret: 'Tq8Q~stale' }));
    const stale = (await runToEnd()) as import('./workflows-api').RunEvent[];
    expect(stale.at(-1)).toMatchObject({ type: 'done', result: { cause: 'old-secret' } });
    emu.nexthink.upsert(instance({ executionDelayMs: 60_000 }));
    const slow = (await runToEnd(input({ timeLimitSeconds: 5 }))) as import('./workflows-api').RunEvent[];
    expect(slow.at(-1)).toMatchObject({ type: 'done', result: { status: 'warn', cause: 'time-limit', execution: { status: 'in_progress' } } });
  }, 20_000);
});
