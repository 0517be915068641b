import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTenant } from '../support/emulator-control';
import { startEmulator, type RunningEmulator } from './server';

let emu: RunningEmulator;
const t = makeTenant({ name: 'Workflows' });
const upn = t.tenant.users?.[0]?.userPrincipalName ?? '';
const credential = (secret: string) => ({ name: 'Microsoft Graph', accessTokenUrl: `https://login.microsoftonline.com/${t.tenantId}/oauth2/v2.0/token`, clientId: t.app.appId, clientSecret: secret });

function instance(over: { secret?: string; credential?: string | null; adUsername?: string; api?: boolean; workflowsApi?: boolean } = {}) {
  return {
    instance: 'wf',
    region: 'eu' as const,
    credentials: [{ clientId: 'api-client', clientSecret: 'api-secret', workflowsApi: over.workflowsApi ?? true }],
    queries: [{ id: '#entra_workflow_executions', nql: 'workflow.executions during past 24h | where request_id == $request_id | list request_id, status, status_details, outcome, outcome_details' }],
    users: [{ name: 'Adele', sid: 'S-1-5-21-1', upn, adUsername: over.adUsername ?? upn }],
    connectorCredentials: [credential(over.secret ?? t.app.secret)],
    workflows: [
      { id: '#entra_connection_test', name: 'Entra connection test', api: over.api ?? true, thinklet: { credential: over.credential === undefined ? 'Microsoft Graph' : over.credential } },
      { id: '#license_reclamation', name: 'License reclamation', api: true },
    ],
    executionDelayMs: 50,
  };
}

beforeAll(async () => {
  emu = await startEmulator({ scenario: { tenants: [t.tenant] } });
});
afterAll(async () => emu?.close());

const base = () => `${emu.nexthinkUrl}/wf.api.eu.nexthink.cloud`;
async function token(secret = 'api-secret') {
  const res = await fetch(`${emu.nexthinkUrl}/wf-login.eu.nexthink.cloud/oauth2/default/v1/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`api-client:${secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials&scope=service%3Aintegration',
  });
  return ((await res.json()) as { access_token: string }).access_token;
}
const trigger = (tok: string, body: unknown, v = 2) =>
  fetch(`${base()}/api/v${v}/workflows/execute`, { method: 'POST', headers: { authorization: `Bearer ${tok}`, 'content-type': 'application/json', source: 'test' }, body: JSON.stringify(body) });

async function runToEnd(over: Parameters<typeof instance>[0]) {
  emu.nexthink.upsert(instance(over));
  const tok = await token();
  const res = await trigger(tok, { workflowId: '#entra_connection_test', users: [{ upn }], devices: [] });
  expect(res.status).toBe(200);
  const { requestUuid, executionsUuids } = (await res.json()) as { requestUuid: string; executionsUuids: string[] };
  expect(executionsUuids).toHaveLength(1);
  const read = async () => {
    const r = await fetch(`${base()}/api/v2/nql/execute`, { method: 'POST', headers: { authorization: `Bearer ${tok}`, 'content-type': 'application/json' }, body: JSON.stringify({ queryId: '#entra_workflow_executions', parameters: { request_id: requestUuid } }) });
    return ((await r.json()) as { data: Record<string, string | null>[] }).data[0];
  };
  expect((await read())?.['status']).toBe('in_progress');
  for (let i = 0; i < 50; i++) {
    const row = await read();
    if (row?.['status'] !== 'in_progress') return row;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('execution never ended');
}

describe('Nexthink Workflows API emulator', () => {
  it('lists workflows by dependency and trigger method, and answers errors as ErrorResponse {code, details}', async () => {
    emu.nexthink.upsert(instance({ api: false }));
    const tok = await token();
    const list = await fetch(`${base()}/api/v1/workflows?dependency=USER&triggerMethod=API`, { headers: { authorization: `Bearer ${tok}` } });
    expect(((await list.json()) as { id: string }[]).map((w) => w.id)).toEqual(['#license_reclamation']);
    const manual = (await (await fetch(`${base()}/api/v1/workflows?dependency=USER&triggerMethod=MANUAL`, { headers: { authorization: `Bearer ${tok}` } })).json()) as Record<string, unknown>[];
    expect(manual[0]).toEqual(expect.objectContaining({ id: '#entra_connection_test', status: 'ACTIVE', triggerMethods: expect.objectContaining({ apiEnabled: false }) }));
    const bad = await fetch(`${base()}/api/v1/workflows?dependency=USER`, { headers: { authorization: `Bearer ${tok}` } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ code: 'BAD_REQUEST', details: expect.stringContaining('triggerMethod') });
    expect((await fetch(`${base()}/api/v1/workflows?dependency=USER&triggerMethod=API`)).status).toBe(401);
    const notApi = await trigger(tok, { workflowId: '#entra_connection_test', users: [{ upn }], devices: [] });
    expect(notApi.status).toBe(403);
    const unknownUser = await trigger(tok, { workflowId: '#license_reclamation', users: [{ upn: 'nobody@example.com' }], devices: [] });
    expect(unknownUser.status).toBe(400);
    emu.nexthink.upsert(instance({ workflowsApi: false }));
    const denied = await fetch(`${base()}/api/v1/workflows?dependency=USER&triggerMethod=API`, { headers: { authorization: `Bearer ${await token()}` } });
    expect(denied.status).toBe(403);
    expect(((await denied.json()) as { code: string }).code).toBe('FORBIDDEN');
  });

  it('runs the thinklet against the emulated Entra ID and Graph with the credential stored in Nexthink', async () => {
    const good = await runToEnd({});
    expect(good).toEqual(expect.objectContaining({ status: 'success', outcome: 'success', outcome_details: expect.stringContaining(upn) }));
    const stale = await runToEnd({ secret: 'an-old-secret' });
    expect(stale?.['status']).toBe('failure');
    expect(stale?.['status_details']).toMatch(/HTTP 401 AADSTS7000215/);
    const none = await runToEnd({ credential: null });
    expect(none?.['status_details']).toMatch(/no credentials selected/);
    const sam = await runToEnd({ adUsername: 'adele.vance' });
    expect(sam).toEqual(expect.objectContaining({ status: 'success', outcome: 'failure', outcome_details: expect.stringMatching(/HTTP 404 Request_ResourceNotFound/) }));
  });
});

describe('the demo scenario (npm run demo)', () => {
  let demo: RunningEmulator;
  beforeAll(async () => {
    const scenario = JSON.parse(await (await import('node:fs/promises')).readFile(new URL('./scenarios/demo.json', import.meta.url), 'utf8')) as Parameters<typeof startEmulator>[0]['scenario'];
    demo = await startEmulator({ scenario });
  });
  afterAll(async () => demo?.close());

  it('runs the test workflow to success on "demo", to AADSTS7000215 on "demo-stale" and to 404 on "demo-sam"', async () => {
    const outcome = async (name: string) => {
      const tok = (await (
        await fetch(`${demo.nexthinkUrl}/${name}-login.eu.nexthink.cloud/oauth2/default/v1/token`, {
          method: 'POST',
          headers: { authorization: `Basic ${Buffer.from('demo-api-client:demo-api-secret-7Kq2').toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
          body: 'grant_type=client_credentials&scope=service%3Aintegration',
        })
      ).json()) as { access_token: string };
      const res = await fetch(`${demo.nexthinkUrl}/${name}.api.eu.nexthink.cloud/api/v2/workflows/execute`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tok.access_token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ workflowId: '#entra_connection_test', users: [{ upn: 'adele.vance@contoso-demo.com' }], devices: [] }),
      });
      const { requestUuid } = (await res.json()) as { requestUuid: string };
      for (let i = 0; i < 80; i++) {
        const execution = demo.nexthink.executions.get(`${name}.eu`)?.find((e) => e.requestId === requestUuid);
        if (execution && execution.status !== 'in_progress') return `${execution.status} ${execution.statusDetails ?? ''} ${execution.outcome ?? ''} ${execution.outcomeDetails ?? ''}`;
        await new Promise((r) => setTimeout(r, 100));
      }
      return 'never ended';
    };
    const [good, stale, sam] = await Promise.all([outcome('demo'), outcome('demo-stale'), outcome('demo-sam')]);
    expect(good).toMatch(/^success .* success Entra ID returned Adele Vance/);
    expect(stale).toMatch(/^failure .*AADSTS7000215/);
    expect(sam).toMatch(/^success .* failure GET \/v1\.0\/users\/adele\.vance answered HTTP 404/);
  });
});
