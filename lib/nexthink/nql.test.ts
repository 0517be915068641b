/**
 * The NQL API check: strict inputs (instance and region become host names), the allowlist pattern,
 * and the check itself against the emulator's Nexthink listener for each documented answer.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '@/e2e/emulator/server';
import { checkNqlInput, coverageQuery, sampleQuery } from './nql';
import { instanceSchema, nqlCheckInputSchema, queryIdSchema } from './nql-schema';

let emu: RunningEmulator;
let upstreamMod: typeof import('@/lib/http/upstream');
let api: typeof import('./nql-api');

const users = [
  ...Array.from({ length: 8 }, (_, i) => ({ name: `User ${i}`, sid: `S-${i}`, adUsername: `user${i}@contoso.com` })),
  { name: 'LOCAL\\admin', sid: 'S-9', adUsername: null },
  { name: 'svc', sid: 'S-10', adUsername: null },
];
const acme = {
  instance: 'acme',
  region: 'eu' as const,
  credentials: [
    { clientId: 'nql-client', clientSecret: 'nql-secret-value' },
    { clientId: 'no-nql', clientSecret: 'no-nql-secret', nqlApi: false },
  ],
  queries: [
    { id: '#entra_upn_coverage', nql: coverageQuery },
    { id: '#entra_upn_sample', nql: sampleQuery },
  ],
  users,
};

beforeAll(async () => {
  emu = await startEmulator({ scenario: { tenants: [], nexthink: { instances: [acme] } } });
  process.env.NEXTHINK_API_URL = emu.nexthinkUrl;
  process.env.UPSTREAM_TIMEOUT_MS = '2000';
  process.env.UPSTREAM_MAX_RETRIES = '1';
  process.env.UPSTREAM_RETRY_AFTER_CAP_SECONDS = '1';
  process.env.LOG_LEVEL = 'silent';
  [upstreamMod, api] = await Promise.all([import('@/lib/http/upstream'), import('./nql-api')]);
});
afterAll(async () => emu?.close());
beforeEach(() => emu.nexthink.reset());

const input = (over: Record<string, unknown> = {}) =>
  nqlCheckInputSchema.parse({ instance: 'acme', region: 'eu', clientId: 'nql-client', clientSecret: 'nql-secret-value', coverageQueryId: '#entra_upn_coverage', ...over });

describe('inputs', () => {
  it('takes an instance name, or the address it is part of, and nothing that could change the host', () => {
    expect(instanceSchema.parse(' Acme ')).toBe('acme');
    expect(instanceSchema.parse('https://acme.eu.nexthink.cloud/')).toBe('acme');
    expect(instanceSchema.parse('acme.api.us.nexthink.cloud')).toBe('acme');
    for (const bad of ['', 'evil.com/x', 'a b', 'acme.evil.com', '-acme', 'acme-', 'x'.repeat(58), 'acme:443', 'acme@evil', 'acme#', '../acme']) {
      expect(instanceSchema.safeParse(bad).success, bad).toBe(false);
    }
  });

  it('checks in the page with the same words as the API, naming each field', () => {
    expect(checkNqlInput({ instance: '', region: 'ch', clientId: 'a b', clientSecret: '', coverageQueryId: 'x', sampleQueryId: '' })).toEqual({
      ok: false,
      errors: {
        instance: 'enter the instance name, e.g. acme for acme.eu.nexthink.cloud',
        region: 'must be one of us, eu, pac, meta',
        clientId: 'the API credential client ID has no spaces or special characters',
        clientSecret: 'enter the API credential client secret',
        coverageQueryId: 'a Query ID starts with # followed by 2–255 lower-case letters, digits or underscores, e.g. #entra_upn_coverage',
      },
    });
    expect(checkNqlInput({ instance: 'https://Acme.eu.nexthink.cloud', region: 'eu', clientId: ' id ', clientSecret: 's3cret', coverageQueryId: '#entra_upn_coverage', sampleQueryId: ' ' })).toEqual({
      ok: true,
      value: { instance: 'acme', region: 'eu', clientId: 'id', clientSecret: 's3cret', coverageQueryId: '#entra_upn_coverage' },
    });
    const api = nqlCheckInputSchema.safeParse({ instance: '', region: 'eu', clientId: 'x', clientSecret: 'y', coverageQueryId: '#entra_upn_coverage' });
    expect(api.success ? undefined : api.error.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['instance', 'enter the instance name, e.g. acme for acme.eu.nexthink.cloud']]);
  });

  it('knows the four regions and Nexthink\'s Query ID pattern', () => {
    expect(nqlCheckInputSchema.safeParse({ ...input(), region: 'ch' }).success).toBe(false);
    expect(queryIdSchema.safeParse('#entra_upn_coverage').success).toBe(true);
    for (const bad of ['entra', '#E', '#a', '#with-dash', '#UPPER', `#${'a'.repeat(256)}`]) expect(queryIdSchema.safeParse(bad).success, bad).toBe(false);
  });
});

describe('allowlist', () => {
  it('allows Nexthink\'s API and login hosts and nothing else under nexthink.cloud', () => {
    const re = upstreamMod.NEXTHINK_HOST_RE;
    for (const ok of ['acme.api.eu.nexthink.cloud', 'acme-login.eu.nexthink.cloud', 'a1-b2.api.meta.nexthink.cloud', 'x.api.pac.nexthink.cloud']) expect(re.test(ok), ok).toBe(true);
    for (const bad of [
      'nexthink.cloud',
      'acme.eu.nexthink.cloud',
      'acme.api.ch.nexthink.cloud',
      'evil.com.api.eu.nexthink.cloud',
      'acme.api.eu.nexthink.cloud.evil.com',
      'acme.api.eu.nexthink.cloud:8443',
      'ACME.api.eu.nexthink.cloud',
      `${'a'.repeat(58)}-login.eu.nexthink.cloud`,
    ]) {
      expect(re.test(bad), bad).toBe(false);
    }
  });

  it('sends Nexthink hosts to NEXTHINK_API_URL with the public host as first path segment', () => {
    expect(upstreamMod.resolveUpstreamUrl('https://acme.api.eu.nexthink.cloud/api/v2/nql/execute').toString()).toBe(`${emu.nexthinkUrl}/acme.api.eu.nexthink.cloud/api/v2/nql/execute`);
    expect(upstreamMod.resolveUpstreamUrl('https://example.nexthink.cloud/x').toString()).toBe('https://example.nexthink.cloud/x');
  });

  it('refuses any other host', async () => {
    const res = await upstreamMod.upstream({ method: 'GET', url: 'https://portal.nexthink.cloud/', purpose: 'test' });
    expect(res).toMatchObject({ ok: false, kind: 'blocked' });
  });
});

describe('live NQL API check', () => {
  it('reports coverage and a sample', async () => {
    const r = await api.runNqlCheck(input({ sampleQueryId: '#entra_upn_sample' }));
    expect(r.status).toBe('pass');
    expect(r.summary).toBe('8 of 10 users seen in the past 7 days have user.ad.username (80.0%).');
    expect(r.coverage).toEqual({ total: 10, withUsername: 8 });
    expect(r.table?.columns).toEqual(['user.name', 'user.ad.username']);
    expect(r.table?.rows).toHaveLength(8);
    const log = emu.nexthink.requests();
    expect(log.map((l) => `${l.host}${l.path} ${l.status}`)).toEqual([
      'acme-login.eu.nexthink.cloud/oauth2/default/v1/token 200',
      'acme.api.eu.nexthink.cloud/api/v2/nql/execute 200',
      'acme.api.eu.nexthink.cloud/api/v2/nql/execute 200',
    ]);
  });

  it('fails when no user has a username', async () => {
    emu.nexthink.upsert({ ...acme, users: users.map((u) => ({ ...u, adUsername: null })) });
    const r = await api.runNqlCheck(input());
    expect(r.status).toBe('fail');
    expect(r.summary).toMatch(/None of 10 users .* has user\.ad\.username/);
  });

  it('explains 401 at the token endpoint: wrong client ID or secret', async () => {
    const r = await api.runNqlCheck(input({ clientSecret: 'wrong-secret' }));
    expect(r).toMatchObject({ status: 'fail', evidence: { httpStatus: 401, message: 'The client secret supplied for a confidential client is invalid.' } });
    expect(r.summary).toMatch(/refused the API credentials \(HTTP 401\)/);
    expect(r.remediation).toMatch(/Administration > API credentials/);
  });

  it('explains 403: the credential lacks the NQL API', async () => {
    const r = await api.runNqlCheck(input({ clientId: 'no-nql', clientSecret: 'no-nql-secret' }));
    expect(r).toMatchObject({ status: 'fail', summary: 'The API credential may not run NQL queries (HTTP 403).', evidence: { httpStatus: 403, message: 'Not authorized to execute queries' } });
    expect(r.remediation).toMatch(/tick "NQL API"/);
  });

  it('explains 404: the query was not created, with the NQL to create', async () => {
    const r = await api.runNqlCheck(input({ coverageQueryId: '#not_created' }));
    expect(r.status).toBe('fail');
    expect(r.summary).toMatch(/No NQL API query has the ID #not_created \(HTTP 404\)/);
    expect(r.remediation).toContain(coverageQuery);
  });

  it('explains 406 and 429', () => {
    expect(api.explainExecuteStatus(406, '#q', 'n').summary).toMatch(/Accept header \(HTTP 406\)/);
    expect(api.explainExecuteStatus(429, '#q', 'n', 30).remediation).toBe('Wait 30 s (Retry-After) and run the check again.');
    expect(api.explainExecuteStatus(401, '#q', 'n').summary).toMatch(/HTTP 401/);
  });

  it('waits out a short 429 and reports it', async () => {
    emu.nexthink.addFault({ route: 'execute', kind: '429', retryAfter: 0, times: 1 });
    const r = await api.runNqlCheck(input());
    expect(r.status).toBe('pass');
    expect(r.evidence?.retries).toBe('429, waited 0 s (Retry-After); 200');
  });

  it('gives up on a long 429 with its Retry-After', async () => {
    emu.nexthink.addFault({ route: 'execute', kind: '429', retryAfter: 60, times: 1 });
    const r = await api.runNqlCheck(input());
    expect(r).toMatchObject({ status: 'fail', remediation: 'Wait 60 s (Retry-After) and run the check again.' });
  });

  it('says when no instance answers at that address', async () => {
    const r = await api.runNqlCheck(input({ instance: 'nowhere' }));
    expect(r.status).toBe('fail');
    expect(r.remediation).toMatch(/https:\/\/nowhere\.eu\.nexthink\.cloud/);
  });
});
