import { afterEach, describe, expect, it, vi } from 'vitest';

const KEYS = ['ENTRA_SIGNIN_CLIENT_ID', 'ENTRA_SIGNIN_CLIENT_ID_USGOV', 'ENTRA_SIGNIN_CLIENT_ID_CHINA', 'ENTRA_SIGNIN_AUTHORITY_URL', 'ENTRA_SIGNIN_GRAPH_URL'] as const;
const saved = Object.fromEntries(KEYS.map((k) => [k, process.env[k]]));

async function load(env: Partial<Record<(typeof KEYS)[number], string>>) {
  for (const k of KEYS) delete process.env[k];
  Object.assign(process.env, env);
  vi.resetModules();
  return import('./config');
}

afterEach(() => {
  for (const k of KEYS) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

describe('sign-in configuration', () => {
  it('is off without ENTRA_SIGNIN_CLIENT_ID: no config, no CSP sources', async () => {
    const c = await load({});
    expect(c.signinConfig()).toBeUndefined();
    expect(c.signinCspSources()).toEqual([]);
  });

  it('offers sign-in only in the clouds with a sign-in app, on each cloud’s hosts, scopes on the real Graph host', async () => {
    const c = await load({ ENTRA_SIGNIN_CLIENT_ID: '0C6F9D0E-5A7B-4C1E-9F43-2D8E6B1A7C55' });
    const config = c.signinConfig();
    expect(config?.redirectPath).toBe('/redirect');
    expect(Object.keys(config?.clouds ?? {})).toEqual(['global']);
    expect(config?.clouds.global).toEqual({
      clientId: '0c6f9d0e-5a7b-4c1e-9f43-2d8e6b1a7c55',
      authorityOrigin: 'https://login.microsoftonline.com',
      knownAuthorities: [],
      graphUrl: 'https://graph.microsoft.com',
      graphResource: 'https://graph.microsoft.com',
    });
    expect(c.signinCspSources()).toEqual(['https://login.microsoftonline.com', 'https://graph.microsoft.com']);

    const all = await load({
      ENTRA_SIGNIN_CLIENT_ID: '0c6f9d0e-5a7b-4c1e-9f43-2d8e6b1a7c55',
      ENTRA_SIGNIN_CLIENT_ID_USGOV: '1c6f9d0e-5a7b-4c1e-9f43-2d8e6b1a7c55',
      ENTRA_SIGNIN_CLIENT_ID_CHINA: '2c6f9d0e-5a7b-4c1e-9f43-2d8e6b1a7c55',
    });
    expect(all.signinConfig()?.clouds.usgovdod).toMatchObject({
      clientId: '1c6f9d0e-5a7b-4c1e-9f43-2d8e6b1a7c55',
      authorityOrigin: 'https://login.microsoftonline.us',
      graphUrl: 'https://dod-graph.microsoft.us',
      graphResource: 'https://dod-graph.microsoft.us',
    });
    expect(all.signinConfig()?.clouds.china?.clientId).toBe('2c6f9d0e-5a7b-4c1e-9f43-2d8e6b1a7c55');
    expect(all.signinCspSources()).toEqual([
      'https://login.microsoftonline.com',
      'https://graph.microsoft.com',
      'https://login.microsoftonline.us',
      'https://graph.microsoft.us',
      'https://dod-graph.microsoft.us',
      'https://login.partner.microsoftonline.cn',
      'https://microsoftgraph.chinacloudapi.cn',
    ]);
  });

  it('replaces the Global cloud’s hosts with the test overrides, trusting the override as a known authority', async () => {
    const c = await load({
      ENTRA_SIGNIN_CLIENT_ID: '0c6f9d0e-5a7b-4c1e-9f43-2d8e6b1a7c55',
      ENTRA_SIGNIN_AUTHORITY_URL: 'https://127.0.0.1:4513/',
      ENTRA_SIGNIN_GRAPH_URL: 'https://127.0.0.1:4514',
    });
    expect(c.signinConfig()?.clouds.global).toEqual({
      clientId: '0c6f9d0e-5a7b-4c1e-9f43-2d8e6b1a7c55',
      authorityOrigin: 'https://127.0.0.1:4513',
      knownAuthorities: ['127.0.0.1:4513'],
      graphUrl: 'https://127.0.0.1:4514',
      graphResource: 'https://graph.microsoft.com',
    });
    expect(c.signinCspSources()).toEqual(['https://127.0.0.1:4513', 'https://127.0.0.1:4514']);
  });

  it('refuses an http authority and a client ID that is not a GUID, with readable messages', async () => {
    const { parseEnv } = await import('@/lib/env');
    expect(() => parseEnv({ ENTRA_SIGNIN_CLIENT_ID: 'not-a-guid' })).toThrow(/ENTRA_SIGNIN_CLIENT_ID: must be the Application \(client\) ID/);
    expect(() => parseEnv({ ENTRA_SIGNIN_AUTHORITY_URL: 'http://127.0.0.1:4513' })).toThrow(/ENTRA_SIGNIN_AUTHORITY_URL: must be an https URL/);
    expect(parseEnv({ ENTRA_SIGNIN_CLIENT_ID: '' }).ENTRA_SIGNIN_CLIENT_ID).toBeUndefined();
  });
});
