import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { APIRequestContext, Locator, Page } from '@playwright/test';
import { expectAccessible } from '../support/axe';
import { makeTenant } from '../support/emulator-control';
import { expect, test } from '../support/fixtures';
import { E2E } from '../support/ports';

/**
 * "Run it in Nexthink": the emulated Nexthink instance holds its own connector credential and its own
 * mapped username; its Service/API thinklet really calls the emulated Entra ID and Graph with them.
 */
const NEXTHINK = `http://127.0.0.1:${process.env.E2E_NEXTHINK_PORT ?? 4512}`;
const EXECUTIONS_NQL = 'workflow.executions during past 24h | where request_id == $request_id | list request_id, execution_id, request_time, workflow.name, user.name, status, status_details, outcome, outcome_details';

type World = ReturnType<typeof world>;
type Over = { secret?: string; credential?: string | null; adUsername?: string; api?: boolean; workflowsApi?: boolean; executionDelayMs?: number };

function world() {
  const t = makeTenant({});
  const upn = t.tenant.users?.[0]?.userPrincipalName ?? '';
  const instance = `e2e${randomUUID().slice(0, 8)}`;
  const apiSecret = `nxt-api-${randomUUID().replace(/-/g, '')}`;
  return { t, upn, instance, apiSecret };
}

function instanceBody(w: World, over: Over = {}) {
  return {
    instance: w.instance,
    region: 'eu',
    credentials: [{ clientId: 'wizard-api', clientSecret: w.apiSecret, workflowsApi: over.workflowsApi ?? true }],
    queries: [{ id: '#entra_workflow_executions', nql: EXECUTIONS_NQL }],
    users: [{ name: 'Adele Vance', sid: 'S-1-5-21-7', upn: w.upn, adUsername: over.adUsername ?? w.upn }],
    connectorCredentials: [
      { name: 'Microsoft Graph', accessTokenUrl: `https://login.microsoftonline.com/${w.t.tenantId}/oauth2/v2.0/token`, clientId: w.t.app.appId, clientSecret: over.secret ?? w.t.app.secret },
    ],
    workflows: [
      { id: '#entra_connection_test', name: 'Entra connection test', api: over.api ?? true, thinklet: { credential: over.credential === undefined ? 'Microsoft Graph' : over.credential } },
      { id: '#license_reclamation', name: 'License reclamation', api: true },
    ],
    executionDelayMs: over.executionDelayMs ?? 800,
  };
}

async function nexthink(request: APIRequestContext, w: World, over: Over = {}) {
  const res = await request.post(`${NEXTHINK}/_emulator/nexthink/instances`, { data: instanceBody(w, over) });
  expect(res.status()).toBe(200);
}

async function setup(page: Page, w: World, step: 'tenant-id' | 'field-mapping' = 'tenant-id') {
  await page.request.post(`${E2E.loginUrl}/_emulator/tenants`, { data: w.t.tenant });
  const res = await page.request.post('/api/setups', { data: { tenant: w.t.tenantId, clientId: w.t.app.appId, sampleUpn: w.upn, workflows: ['inbound-connector', 'license-reclamation', 'entra-thinklet-get-user'] } });
  expect(res.status()).toBe(201);
  const { id } = (await res.json()) as { id: string };
  await page.goto(`/setups/${id}/${step}/validate`);
  return id;
}

const panel = (page: Page) => page.getByRole('region', { name: 'Run it in Nexthink' });

async function fill(page: Page, w: World, extra: { workflowId?: string; timeLimit?: string } = {}) {
  const p = panel(page);
  await p.getByLabel('Nexthink instance').fill(w.instance);
  await p.getByLabel('Region').selectOption('eu');
  await p.getByLabel('API credential client ID').fill('wizard-api');
  await p.getByLabel('API credential client secret').fill(w.apiSecret);
  if (extra.workflowId) await p.getByLabel('Workflow NQL ID').fill(extra.workflowId);
  if (extra.timeLimit) await p.getByLabel('Time limit (seconds)').fill(extra.timeLimit);
}

async function run(page: Page): Promise<Locator> {
  const p = panel(page);
  await p.getByRole('button', { name: 'Run in Nexthink' }).click();
  const result = p.getByRole('region', { name: 'Result of the run in Nexthink' });
  await expect(result).toBeVisible({ timeout: 30_000 });
  return result;
}

test('a good setup runs the test workflow to success in Nexthink; stored with the setup; no secret anywhere', async ({ page }) => {
  test.setTimeout(120_000);
  const w = world();
  // The execution stays in progress for 3 s, so its progress line is there to be seen on a busy machine too.
  await nexthink(page.request, w, { executionDelayMs: 3000 });
  const responses: string[] = [];
  const pending: Promise<void>[] = [];
  page.on('response', (res) => {
    pending.push((async () => void responses.push(`${res.url()}\n${JSON.stringify(await res.allHeaders())}\n${await res.text().catch(() => '')}`))());
  });
  const id = await setup(page, w);
  const p = panel(page);
  await p.getByText('Build the test workflow “Entra connection test” (once)').click();
  await expect(p.getByRole('img', { name: /new workflow, General tab.*API ticked/ })).toBeVisible();
  await expect(p.getByLabel('NQL of the executions query')).toHaveText(EXECUTIONS_NQL);
  await fill(page, w);
  const daily = p.getByRole('checkbox', { name: /Re-run it every day and notify/ });
  await expect(daily).not.toBeChecked();
  await daily.check();
  await p.getByRole('button', { name: 'Run in Nexthink' }).click();
  await expect(p.getByRole('status')).toContainText(/Request [0-9a-f-]{36}: (waiting for Nexthink to record the execution|execution in_progress)/);
  const result = p.getByRole('region', { name: 'Result of the run in Nexthink' });
  await expect(result.getByText('Passed', { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(result).toContainText(`Nexthink called Graph with the credential stored in Nexthink and found ${w.upn}`);
  await expect(result.getByRole('definition').filter({ hasText: /^success$/ })).toHaveCount(2);
  const table = p.getByRole('region', { name: 'Workflows in this Nexthink instance' });
  await expect(table.getByRole('row', { name: /License reclamation/ })).toContainText('Never — it writes (DELETE /groups/{id}/members/{id}/$ref)');
  await expect(p.getByText('License reclamation (Library pack): installed, active and API-enabled — it writes, so the wizard lists it but never triggers it')).toBeVisible();
  await expectAccessible(page, 'Run it in Nexthink passed, test workflow design open');

  // Opted in: the page remembers it (the API credential is kept sealed — the canary below looks for it in clear).
  await page.reload();
  await expect(panel(page).getByRole('checkbox', { name: /Re-run it every day and notify/ })).toBeChecked();

  // Stored with the setup: the status view, the summary (page, Markdown) and a share page show it.
  await page.goto(`/setups/${id}/status`);
  await expect(page.getByRole('region', { name: 'Run in Nexthink' })).toContainText(`Entra connection test for ${w.upn} on ${w.instance}.eu`);
  await expect(page.getByText('Ran in Nexthink: Passed')).toBeVisible();
  const md = await (await page.request.get(`/api/setups/${id}/summary?format=markdown`)).text();
  expect(md).toContain('## Run in Nexthink');
  const share = (await (await page.request.post(`/api/setups/${id}/shares`, { data: { expiresInDays: 1 } })).json()) as { url: string };
  await page.goto(share.url);
  await expect(page.getByRole('region', { name: 'Run in Nexthink' })).toContainText('Passed');
  responses.push(await page.content(), md);
  await Promise.all(pending);

  const issued = (await (await page.request.get(`${NEXTHINK}/_emulator/nexthink/issued-tokens`)).json()) as string[];
  expect(issued.length).toBeGreaterThan(0);
  const dbFiles = [E2E.databasePath, `${E2E.databasePath}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f));
  const serverLog = fs.readFileSync(E2E.serverLog, 'utf8');
  const storage = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  for (const [what, needle] of [['the Nexthink API secret', w.apiSecret], ['the Entra secret', w.t.app.secret], ...issued.map((t) => ['a Nexthink token', t])] as [string, string][]) {
    expect(serverLog.includes(needle), `${what} in the server output`).toBe(false);
    expect(storage.includes(needle), `${what} in browser storage`).toBe(false);
    for (const [i, r] of responses.entries()) expect(r.includes(needle), `${what} in response ${i}`).toBe(false);
    for (const [i, b] of dbFiles.entries()) expect(b.includes(Buffer.from(needle)), `${what} in database file ${i}`).toBe(false);
  }
  expect(dbFiles.some((b) => b.includes(Buffer.from(w.instance))), 'the run was stored').toBe(true);
});

test('each way it fails in Nexthink is explained and tied to its fix', async ({ page, emulator }) => {
  test.setTimeout(150_000);
  const w = world();
  await nexthink(page.request, w);
  await setup(page, w, 'field-mapping');
  await fill(page, w);
  const cases: { name: string; over?: Over; before?: () => Promise<unknown>; after?: () => Promise<unknown>; expect: (string | RegExp)[]; link?: string }[] = [
    { name: 'old secret in Nexthink', over: { secret: 'Tq8Q~an-older-secret-value-0000000000' }, expect: ['Entra refused the client secret stored in Nexthink (AADSTS7000215', 'compare its first three characters'], link: 'Fix it in step 3, Tenant ID & token URL' },
    { name: 'no credential selected', over: { credential: null }, expect: ['The thinklet has no credential selected', 'under Credentials, choose the credential created in step 3'], link: 'Fix it in step 3, Tenant ID & token URL' },
    {
      name: 'permission removed',
      before: () => emulator.changeRoles(w.t.tenantId, w.t.app.appId, { remove: ['User.Read.All'] }),
      after: () => emulator.changeRoles(w.t.tenantId, w.t.app.appId, { add: ['User.Read.All'] }),
      expect: ['Graph refused the call (HTTP 403)', 'least-privilege table in step 1'],
      link: 'Fix it in step 1, App registration',
    },
    { name: 'SAM account name mapped', over: { adUsername: 'adele.vance' }, expect: [/Graph found no user by the value Nexthink holds in user\.ad\.username .* \(HTTP 404\)/, 'Map Username to userPrincipalName'], link: 'Fix it in step 4, Field mapping' },
    { name: 'workflow not API-enabled', over: { api: false }, expect: ['Entra connection test is not API-enabled', 'Workflows > Manage workflows > Entra connection test > Edit > General tab: tick API'] },
    { name: 'API credential without Workflows', over: { workflowsApi: false }, expect: ['The API credential may not use the Workflows API (HTTP 403): its Workflows permission is not ticked.', 'Administration > API credentials: edit the credential and tick Workflows'] },
  ];
  for (const c of cases) {
    await test.step(c.name, async () => {
      await nexthink(page.request, w, c.over);
      await c.before?.();
      try {
        const result = await run(page);
        await expect(result.getByText('Failed', { exact: true })).toBeVisible();
        for (const text of c.expect) await expect(result).toContainText(text);
        if (c.link) await expect(result.getByRole('link', { name: c.link })).toBeVisible();
      } finally {
        await c.after?.();
      }
    });
  }
});

test('a Library workflow that writes is listed but never triggered, from the page or the JSON API', async ({ page }) => {
  const w = world();
  await nexthink(page.request, w);
  const id = await setup(page, w);
  await fill(page, w, { workflowId: '#license_reclamation' });
  await panel(page).getByRole('button', { name: 'Run in Nexthink' }).click();
  const alert = panel(page).getByRole('alert');
  await expect(alert).toContainText('The wizard never triggers License reclamation (#license_reclamation): it writes (DELETE /groups/{id}/members/{id}/$ref): never triggered by the wizard.');

  const api = await page.request.post(`/api/setups/${id}/steps/tenant-id/nexthink-run`, {
    data: { instance: w.instance, region: 'eu', clientId: 'wizard-api', clientSecret: w.apiSecret, upn: w.upn, workflowId: '#license_reclamation' },
  });
  expect(api.status()).toBe(403);
  expect(((await api.json()) as { error: { code: string } }).error.code).toBe('forbidden:workflow_writes');
  const requests = (await (await page.request.get(`${NEXTHINK}/_emulator/nexthink/requests`)).json()) as { host: string; method: string; path: string }[];
  const mine = requests.filter((r) => r.host.startsWith(`${w.instance}.`));
  expect(mine.some((r) => r.method === 'GET' && r.path === '/api/v1/workflows')).toBe(true);
  expect(mine.filter((r) => r.path.endsWith('/workflows/execute'))).toEqual([]);
});

test('polling stops at the time limit and on Cancel, and waits out a 429', async ({ page }) => {
  test.setTimeout(90_000);
  const w = world();
  await nexthink(page.request, w, { executionDelayMs: 60_000 });
  await setup(page, w);
  await fill(page, w, { timeLimit: '5' });
  const limited = await run(page);
  await expect(limited.getByText('Warning', { exact: true })).toBeVisible();
  await expect(limited).toContainText('No final result within the 5 s limit: the execution is still in_progress. Nexthink keeps running it.');

  await panel(page).getByLabel('Time limit (seconds)').fill('60');
  await panel(page).getByRole('button', { name: 'Run in Nexthink' }).click();
  await expect(panel(page).getByRole('status')).toContainText(/execution in_progress/, { timeout: 15_000 });
  await panel(page).getByRole('button', { name: 'Cancel' }).click();
  await expect(panel(page).getByRole('status')).toContainText('Cancelled: the wizard stopped reading the execution. Nexthink keeps running what was already triggered');
  await expect(panel(page).getByRole('button', { name: 'Run in Nexthink' })).toBeEnabled();

  await nexthink(page.request, w, { executionDelayMs: 500 });
  const fault = await page.request.post(`${NEXTHINK}/_emulator/nexthink/faults`, { data: { route: 'execute', kind: 429, retryAfter: 2, times: 1, instance: w.instance } });
  expect(fault.status()).toBe(200);
  await panel(page).getByRole('button', { name: 'Run in Nexthink' }).click();
  await expect(panel(page).getByRole('status')).toContainText('Nexthink asked to slow down (HTTP 429): waiting 2 s as its Retry-After says', { timeout: 15_000 });
  const result = panel(page).getByRole('region', { name: 'Result of the run in Nexthink' });
  await expect(result.getByText('Passed', { exact: true })).toBeVisible({ timeout: 30_000 });
});
