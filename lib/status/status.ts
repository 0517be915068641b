import type { CheckStatus } from '@/lib/checks/result';
import type { Setup } from '@/lib/setups/schema';
import { steps, type StepId } from '@/lib/steps/registry';
import { secretExpiryText, tenantDisplay, type Summary } from '@/lib/summary/build';

export type SetupStatus = {
  id: string;
  name: string;
  tenant: string;
  tenantId: string | null;
  steps: Record<StepId, { status: CheckStatus | 'none'; startedAt: string | null }>;
  lastValidated: string | null;
  secret: Summary['secret'] & { status: CheckStatus | 'none' };
  needsAttention: boolean;
  reasons: string[];
};

/**
 * A setup's health in one object: each step's latest result, the secret's countdown (Warning under 30
 * days, Failed once expired) and whether someone should look at it, with the reasons in words.
 */
export function setupStatus(setup: Setup, latest: Partial<Record<StepId, { status: CheckStatus; startedAt: string }>>, now: Date): SetupStatus {
  const stepStatus = Object.fromEntries(steps.map((s) => [s.id, { status: latest[s.id]?.status ?? 'none', startedAt: latest[s.id]?.startedAt ?? null }])) as SetupStatus['steps'];
  const times = steps.map((s) => latest[s.id]?.startedAt).filter((t): t is string => !!t).sort();
  const secret = secretExpiryText(setup.secretExpiresOn, now);
  const secretStatus: CheckStatus | 'none' = secret.state === 'expired' ? 'fail' : secret.state === 'expiring' ? 'warn' : secret.state === 'ok' ? 'pass' : 'none';
  const reasons: string[] = [];
  for (const s of steps) {
    const st = stepStatus[s.id].status;
    if (st === 'fail') reasons.push(`Step ${s.number} (${s.navTitle}) failed its last validation.`);
    if (st === 'warn') reasons.push(`Step ${s.number} (${s.navTitle}) has warnings.`);
  }
  if (secret.state === 'expired') reasons.push(`The client secret expired (${secret.expiresOn}).`);
  if (secret.state === 'expiring') reasons.push(`The client secret expires in ${secret.days} days (${secret.expiresOn}).`);
  return {
    id: setup.id,
    name: setup.name,
    tenant: tenantDisplay(setup),
    tenantId: setup.tenantId,
    steps: stepStatus,
    lastValidated: times[times.length - 1] ?? null,
    secret: { ...secret, status: secretStatus },
    needsAttention: reasons.length > 0,
    reasons,
  };
}
