import { describe, expect, it } from 'vitest';
import { fixtureNames, fixtureText } from '@/lib/testing/fixtures';
import { explainGraphError, parseGraphError } from './errors';

describe('parseGraphError against every captured Graph error body', () => {
  it.each(fixtureNames('graph-error-'))('%s', (name) => {
    const e = parseGraphError(fixtureText(name));
    expect(e?.code).toBeTruthy();
    expect(e?.requestId).toBeTruthy();
    expect(e?.date).toBeTruthy();
  });

  it('keeps client-request-id when present and copes when absent', () => {
    expect(parseGraphError(fixtureText('graph-error-404-request-resourcenotfound.cli-microsoft365-test-2021.json'))?.clientRequestId).toBe('f58cc4de-b427-41de-b37c-46ee4925a26d');
    expect(parseGraphError(fixtureText('graph-error-403-authorization-requestdenied.issue-ms-identity-python-daemon-8.json'))?.clientRequestId).toBeUndefined();
  });

  it('explains 403 as a missing application permission', () => {
    const e = parseGraphError(fixtureText('graph-error-403-authorization-requestdenied.issue-ms-identity-python-daemon-8.json'));
    expect(explainGraphError(403, e).fix).toMatch(/Application permission/);
  });

  it('is undefined for non-Graph bodies', () => {
    expect(parseGraphError('<html></html>')).toBeUndefined();
    expect(parseGraphError('{"error":"invalid_client"}')).toBeUndefined();
  });
});
