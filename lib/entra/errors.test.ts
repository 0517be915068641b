import { describe, expect, it } from 'vitest';
import { fixtureNames, fixtureText } from '@/lib/testing/fixtures';
import { explainAadsts, parseEntraError } from './errors';

const errorFixtures = [...fixtureNames('token-error-'), ...fixtureNames('oidc-error-')];

describe('parseEntraError against every captured Entra error body', () => {
  it('has fixtures to test', () => {
    expect(errorFixtures.length).toBeGreaterThanOrEqual(6);
  });

  it.each(errorFixtures)('%s', (name) => {
    const parsed = parseEntraError(fixtureText(name));
    expect(parsed).toBeDefined();
    const expectedCode = Number(name.match(/error-(\d+)-/)?.[1]);
    expect(parsed!.code).toBe(expectedCode);
    expect(parsed!.description).toBeTruthy();
    // The trailer is cut whatever the layout (\r\n or one line).
    expect(parsed!.description).not.toMatch(/Trace ID|Correlation ID|Timestamp|^AADSTS/);
    expect(parsed!.traceId).toMatch(/^[0-9a-f-]{36}$/);
    expect(parsed!.correlationId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reads the code from the AADSTS prefix when error_codes is missing', () => {
    const body = JSON.stringify({ error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided. Trace ID: x Correlation ID: y Timestamp: z' });
    expect(parseEntraError(body)).toMatchObject({ code: 7000215, description: 'Invalid client secret provided.' });
  });

  it('returns undefined for HTML, empty and non-Entra JSON bodies', () => {
    expect(parseEntraError('<html><body>502 Bad Gateway</body></html>')).toBeUndefined();
    expect(parseEntraError('')).toBeUndefined();
    expect(parseEntraError('{"message":"hi"}')).toBeUndefined();
    expect(parseEntraError('{"error":')).toBeUndefined();
  });
});

describe('explainAadsts covers every code of the domain brief', () => {
  const codes = [90002, 900023, 700016, 7000215, 7000222, 7000112, 70011, 1002012, 700027, 700024, 50034, 900382, 650057, 7000229, 500011];
  it.each(codes)('AADSTS%i has its own summary and fix', (code) => {
    const e = explainAadsts(code, { cloudLabel: 'Global' });
    expect(e?.summary).toBeTruthy();
    expect(e?.fix).toBeTruthy();
  });

  it('tells the Secret ID mistake for 7000215', () => {
    expect(explainAadsts(7000215, { cloudLabel: 'Global' })?.fix).toMatch(/Value column \(not the Secret ID\)/);
  });

  it('has no explanation for unknown codes (the caller shows code and Microsoft text)', () => {
    expect(explainAadsts(123456, { cloudLabel: 'Global' })).toBeUndefined();
  });
});
