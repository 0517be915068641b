'use client';

import { useQuery } from '@tanstack/react-query';
import { QueryProvider } from '@/components/query-provider';
import { useSecret } from '@/components/wizard/secret-context';
import type { StoredAnalysis } from '@/lib/analysis/events';
import { mappedFields, type Mapping } from '@/lib/nexthink/mapping';
import { AnalysisPanel, progressText } from './analysis-panel';
import { NqlCheckPanel } from './nql-check-panel';
import { ReconcilePanel } from './reconcile-panel';
import { analysisQueryKey, useUserAnalysis } from './use-user-analysis';

async function fetchLatest(setupId: string): Promise<{ analysis: StoredAnalysis | null }> {
  const res = await fetch(`/api/setups/${setupId}/analysis`);
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return (await res.json()) as { analysis: StoredAnalysis | null };
}

/**
 * Proof for the whole tenant, under the field-mapping checks: every Entra user counted into categories,
 * a Nexthink export reconciled with Entra's UPNs, and (optionally) Nexthink asked live via the NQL API.
 */
export function UsersProof(props: { setupId: string; mapping: Mapping }) {
  return (
    <QueryProvider>
      <Proof {...props} />
    </QueryProvider>
  );
}

function Proof({ setupId, mapping }: { setupId: string; mapping: Mapping }) {
  const { secret } = useSecret();
  const analysis = useUserAnalysis(setupId, progressText);
  const latest = useQuery({ queryKey: analysisQueryKey(setupId), queryFn: () => fetchLatest(setupId) });
  const fieldLabels = Object.fromEntries(mappedFields(mapping).map((f) => [f.property, `${f.label} (${f.nqlField})`]));
  return (
    <section aria-labelledby="proof-heading" className="space-y-8 border-t border-slate-300 pt-6 dark:border-slate-700">
      <div>
        <h2 id="proof-heading" className="text-xl font-semibold">
          Prove the users table for the whole tenant
        </h2>
        <p className="mt-1 text-sm text-slate-800 dark:text-slate-200">
          The checks above look at 25 users. These read every user in Entra ID, compare them with what Nexthink actually holds, and ask Nexthink directly.
        </p>
      </div>
      <AnalysisPanel
        run={analysis.run}
        announcement={analysis.announcement}
        latest={latest.data?.analysis ?? undefined}
        fieldLabels={fieldLabels}
        canStart={secret.trim() !== ''}
        onStart={() => void analysis.start(secret)}
        onCancel={analysis.cancel}
      />
      <ReconcilePanel getIndex={analysis.upnIndex} upnCount={analysis.upnCount} />
      <NqlCheckPanel setupId={setupId} />
    </section>
  );
}
