import { describe, expect, it } from 'vitest';
import { fixture } from '@/lib/testing/fixtures';
import { decodeAccessTokenClaims, isGraphAudience } from './claims';

function jwt(payload: object): string {
  const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${enc({ typ: 'JWT', alg: 'RS256', nonce: 'x' })}.${enc(payload)}.c2lnbmF0dXJl`;
}

describe('decodeAccessTokenClaims', () => {
  const payload = fixture<Record<string, unknown>>('access-token-app-only-graph-v1-decoded-payload.public-readme-2024.json');

  it('reads the claims of the captured app-only Graph token', () => {
    const claims = decodeAccessTokenClaims(jwt(payload));
    expect(claims).toMatchObject({
      aud: 'https://graph.microsoft.com',
      tid: '63122682-bd96-47fd-97ab-95a76ce699a6',
      idtyp: 'app',
      appid: '1671f074-56e2-4c37-873b-b7b07a120b18',
      roles: ['User.ReadBasic.All', 'Mail.Read'],
    });
  });

  it('has no roles when no permission was consented (the claim is absent)', () => {
    const withoutRoles = { ...payload };
    delete withoutRoles.roles;
    expect(decodeAccessTokenClaims(jwt(withoutRoles))?.roles).toBeUndefined();
  });

  it('returns undefined for opaque tokens and garbage', () => {
    expect(decodeAccessTokenClaims('access_token')).toBeUndefined();
    expect(decodeAccessTokenClaims('a.b.c')).toBeUndefined();
    expect(decodeAccessTokenClaims('')).toBeUndefined();
  });
});

describe('isGraphAudience', () => {
  it('accepts the Graph URL and its app id', () => {
    expect(isGraphAudience('https://graph.microsoft.com', 'https://graph.microsoft.com')).toBe(true);
    expect(isGraphAudience('https://graph.microsoft.com/', 'https://graph.microsoft.com')).toBe(true);
    expect(isGraphAudience('00000003-0000-0000-c000-000000000000', 'https://graph.microsoft.com')).toBe(true);
    expect(isGraphAudience('https://graph.microsoft.us', 'https://graph.microsoft.com')).toBe(false);
    expect(isGraphAudience(undefined, 'https://graph.microsoft.com')).toBe(false);
  });
});
