import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { SummaryView } from '@/components/summary/summary-view';
import { getDb } from '@/lib/db/connection';
import { lookupShare } from '@/lib/db/shares';
import { getSetup } from '@/lib/db/setups';
import { loadSummary } from '@/lib/summary/load';
import { nowFor } from '@/lib/time/clock';

export const metadata: Metadata = { title: 'Shared setup summary', robots: { index: false, follow: false }, referrer: 'no-referrer' };

/** The read-only summary behind a share link (proxy.ts has already turned away unknown, expired and revoked links). */
export default async function SharedSummaryPage({ params }: PageProps<'/s/[token]'>) {
  const { token } = await params;
  const now = nowFor(await headers());
  const db = await getDb();
  const found = await lookupShare(db, token, now);
  if (found.state !== 'active') notFound();
  const setup = await getSetup(db, found.share.setupId);
  if (!setup) notFound();
  const summary = await loadSummary(db, setup, now);
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm font-semibold text-brand-700 dark:text-brand-100">Shared, read-only summary</p>
        <h1 className="text-2xl font-bold">{summary.title}</h1>
        <p className="text-sm text-slate-800 dark:text-slate-200">
          As of <time dateTime={summary.generatedAt}>{now.toUTCString()}</time>. This link expires {new Date(found.share.expiresAt).toUTCString()}. It contains no
          secret.
        </p>
      </div>
      <SummaryView summary={summary} />
    </div>
  );
}
