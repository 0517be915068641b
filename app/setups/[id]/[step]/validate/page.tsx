import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { LazyUsersProof as UsersProof, LazyWorkflowRunPanel as WorkflowRunPanel } from '@/components/lazy-islands';
import { ValidationPanel } from '@/components/checks/validation-panel';
import { Stepper } from '@/components/wizard/stepper';
import { getDb } from '@/lib/db/connection';
import { connectorCredentialRows } from '@/lib/nexthink/credentials';
import { isScheduled } from '@/lib/nexthink/workflow-run-schedules';
import { loadSetupPage } from '@/lib/setups/load';
import { getStep, isStepId, nextStep } from '@/lib/steps/registry';

export async function generateMetadata({ params }: PageProps<'/setups/[id]/[step]/validate'>): Promise<Metadata> {
  const { step } = await params;
  return { title: isStepId(step) ? `Validate: ${getStep(step).navTitle}` : 'Not found', robots: { index: false } };
}

export default async function ValidatePage({ params }: PageProps<'/setups/[id]/[step]/validate'>) {
  const { id, step } = await params;
  if (!isStepId(step)) notFound();
  const { setup, latest } = await loadSetupPage(id);
  const meta = getStep(step);
  const next = nextStep(step);
  const run = latest[step];
  const scheduled = step === 'tenant-id' || step === 'field-mapping' ? await isScheduled(await getDb(), id) : false;
  return (
    <div className="space-y-6">
      <Stepper setupId={id} current={step} latest={latest} />
      <div>
        <p className="text-sm font-semibold text-brand-700 dark:text-brand-100">
          Step {meta.number} of 4 · Validation
        </p>
        <h1 className="text-2xl font-bold">Validate: {meta.title}</h1>
        <p className="mt-1 text-sm text-slate-800 dark:text-slate-200">Each check runs live against Microsoft Entra ID and Microsoft Graph from this server.</p>
      </div>
      <ValidationPanel
        key={step}
        setupId={id}
        step={step}
        needsSecret={meta.needsSecret}
        {...(run && { initialRun: { startedAt: run.startedAt, durationMs: run.durationMs, status: run.status, checks: run.checks } })}
        {...(next ? { next: { href: `/setups/${id}/${next.id}`, label: `step ${next.number}, ${next.navTitle}` } } : { next: { href: `/setups/${id}/summary`, label: 'the summary to type into Nexthink' } })}
      />
      {step === 'field-mapping' && <UsersProof setupId={id} mapping={setup.mapping} />}
      {(step === 'tenant-id' || step === 'field-mapping') && (
        <WorkflowRunPanel setupId={id} step={step} scheduled={scheduled} sampleUpn={setup.sampleUpn} credentialName={connectorCredentialRows(setup)[0]?.value ?? 'Microsoft Graph'} />
      )}
    </div>
  );
}
