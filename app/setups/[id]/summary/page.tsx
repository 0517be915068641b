import type { Metadata } from 'next';
import { headers } from 'next/headers';
import Link from 'next/link';
import { LazySharePanel as SharePanel } from '@/components/lazy-islands';
import { SummaryActions } from '@/components/summary/summary-actions';
import { SummaryView } from '@/components/summary/summary-view';
import { Stepper } from '@/components/wizard/stepper';
import { getDb } from '@/lib/db/connection';
import { loadSetupPage } from '@/lib/setups/load';
import { loadSummary } from '@/lib/summary/load';
import { nowFor } from '@/lib/time/clock';

export const metadata: Metadata = { title: 'Summary', robots: { index: false } };

export default async function SummaryPage({ params }: PageProps<'/setups/[id]/summary'>) {
  const { id } = await params;
  const { setup, latest } = await loadSetupPage(id, 'read');
  const summary = await loadSummary(await getDb(), setup, nowFor(await headers()), latest);
  return (
    <div className="space-y-6">
      <Stepper setupId={id} latest={latest} />
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <p className="text-sm font-semibold text-brand-700 dark:text-brand-100">Summary</p>
          <h1 className="text-2xl font-bold">{summary.title}</h1>
        </div>
        <SummaryActions setupId={id} />
      </div>
      <p className="no-print text-sm">
        <Link href={`/setups/${id}/status`} className="text-brand-700 underline dark:text-brand-100">
          Status and history of this setup
        </Link>
      </p>
      <SummaryView summary={summary} />
      <SharePanel setupId={id} />
    </div>
  );
}
