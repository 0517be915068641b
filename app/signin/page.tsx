import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { WizardSignIn } from '@/components/access/wizard-signin';
import { safeNextPath } from '@/lib/auth/next-path';
import { currentViewer, signInRequired } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'Sign in', robots: { index: false } };

export default async function SignInPage({ searchParams }: PageProps<'/signin'>) {
  const next = safeNextPath((await searchParams).next);
  if (!signInRequired()) redirect(next);
  const { viewer } = await currentViewer();
  if (viewer.kind === 'user') redirect(next);
  return (
    <div className="max-w-2xl space-y-4">
      <h1 className="text-2xl font-bold">Sign in to the wizard</h1>
      <p className="text-sm text-slate-800 dark:text-slate-200">
        This server shows each organisation its own setups. Sign in with your work account: you see and change the setups of your organisation, as the role the operator
        gave you allows.
      </p>
      <WizardSignIn next={next} />
    </div>
  );
}
