import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { FormBridgeProvider } from '@/components/signin/form-bridge';
import { LinkButton } from '@/components/ui/button';
import { stepContent } from '@/components/wizard/step-content';
import { StepForm } from '@/components/wizard/step-form';
import { Stepper } from '@/components/wizard/stepper';
import { loadSetupPage } from '@/lib/setups/load';
import { signinConfig } from '@/lib/signin/config';
import { getStep, isStepId, nextStep, previousStep } from '@/lib/steps/registry';

export async function generateMetadata({ params }: PageProps<'/setups/[id]/[step]'>): Promise<Metadata> {
  const { step } = await params;
  return { title: isStepId(step) ? getStep(step).title : 'Not found', robots: { index: false } };
}

export default async function StepPage({ params }: PageProps<'/setups/[id]/[step]'>) {
  const { id, step } = await params;
  if (!isStepId(step)) notFound();
  const { setup, latest } = await loadSetupPage(id);
  const meta = getStep(step);
  const Content = stepContent[step];
  const prev = previousStep(step);
  const next = nextStep(step);
  const signin = signinConfig();
  return (
    <div className="space-y-6">
      <Stepper setupId={id} current={step} latest={latest} />
      <div>
        <p className="text-sm font-semibold text-brand-700 dark:text-brand-100">
          Step {meta.number} of 4 · {meta.navTitle}
        </p>
        <h1 className="text-2xl font-bold">{meta.title}</h1>
      </div>
      <FormBridgeProvider>
        <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_24rem]">
          <div className="min-w-0">
            <Content setup={setup} signin={signin} />
          </div>
          <div className="lg:sticky lg:top-4">
            <StepForm setup={setup} step={step} />
          </div>
        </div>
      </FormBridgeProvider>
      <nav aria-label="Step navigation" className="no-print flex flex-wrap justify-between gap-3">
        {prev ? (
          <LinkButton href={`/setups/${id}/${prev.id}`} variant="secondary">
            ← {prev.navTitle}
          </LinkButton>
        ) : (
          <span />
        )}
        {next && (
          <LinkButton href={`/setups/${id}/${next.id}`} variant="secondary">
            Skip to {next.navTitle} →
          </LinkButton>
        )}
      </nav>
    </div>
  );
}
