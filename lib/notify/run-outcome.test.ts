import { describe, expect, it } from 'vitest';
import type { CheckResult } from '@/lib/checks/result';
import { runOutcomeEvent } from './run-outcome';

const check = (status: CheckResult['status'], title = 'Client secret works'): CheckResult => ({
  id: 'secret',
  title,
  status,
  summary: status === 'pass' ? 'Entra ID issued a token.' : 'Entra ID refused the client secret (AADSTS7000215).',
  ...(status !== 'pass' && { remediation: 'Copy the secret\u2019s Value, not its Secret ID.' }),
  durationMs: 5,
});
const run = (status: CheckResult['status']) => ({ id: 'run-1', status, checks: [check('pass', 'Tenant found'), check(status)] });

describe('which validation runs are worth a notice', () => {
  it('Passed \u2192 Failed: critical, with the failing check, its cause and its fix', () => {
    expect(runOutcomeEvent('certificates-secrets', 'pass', run('fail'))).toEqual({
      kind: 'step.failed',
      severity: 'critical',
      title: 'Create a client secret: now failing (Client secret works)',
      cause: 'Entra ID refused the client secret (AADSTS7000215).',
      fix: 'Copy the secret\u2019s Value, not its Secret ID.',
      step: 'certificates-secrets',
      check: 'Client secret works',
      key: 'run:run-1',
    });
  });

  it('Passed \u2192 Warning: a warning', () => {
    expect(runOutcomeEvent('certificates-secrets', 'pass', run('warn'))).toMatchObject({ kind: 'step.warning', severity: 'warning' });
  });

  it('Failed \u2192 Passed: a short all-clear', () => {
    expect(runOutcomeEvent('certificates-secrets', 'fail', run('pass'))).toMatchObject({ kind: 'step.recovered', severity: 'resolved', title: 'Create a client secret: passing again' });
  });

  it('nothing for a first run, an unchanged outcome, or Failed \u2192 Warning', () => {
    expect(runOutcomeEvent('certificates-secrets', undefined, run('fail'))).toBeUndefined();
    expect(runOutcomeEvent('certificates-secrets', 'fail', run('fail'))).toBeUndefined();
    expect(runOutcomeEvent('certificates-secrets', 'pass', run('pass'))).toBeUndefined();
    expect(runOutcomeEvent('certificates-secrets', 'fail', run('warn'))).toBeUndefined();
  });
});
