import type { Metadata } from 'next';
import Link from 'next/link';
import { RotationPage } from '@/components/rotation/rotation-page';
import { Stepper } from '@/components/wizard/stepper';
import { getDb } from '@/lib/db/connection';
import { latestRotation } from '@/lib/db/rotations';
import { rotationView } from '@/lib/rotation/view';
import { loadSetupPage } from '@/lib/setups/load';
import { signinConfig } from '@/lib/signin/config';

export const metadata: Metadata = { title: 'Rotate the client secret', robots: { index: false } };

/** The guided rotation (status page, step 2 and the "expires in N days" notification link here). */
export default async function RotatePage({ params }: PageProps<'/setups/[id]/rotate'>) {
  const { id } = await params;
  const { setup, latest } = await loadSetupPage(id);
  const view = rotationView(setup, await latestRotation(await getDb(), id));
  return (
    <div className="space-y-6">
      <Stepper setupId={id} latest={latest} />
      <div>
        <p className="text-sm font-semibold text-brand-700 dark:text-brand-100">
          <Link href={`/setups/${id}/status`} className="underline">
            Status
          </Link>{' '}
          · Secret rotation
        </p>
        <h1 className="text-2xl font-bold">Rotate the client secret without downtime</h1>
        <p className="text-sm">
          Add a new secret next to the old one, put it in every place in Nexthink, and delete the old one only when nothing uses it any more. A reload or
          another admin continues where this rotation is.
        </p>
      </div>
      <RotationPage setup={setup} config={signinConfig()} initial={view} />
    </div>
  );
}
