'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { CopyButton } from '@/components/ui/copy-button';
import { inputClass } from '@/components/ui/field';
import { QueryProvider } from '@/components/query-provider';
import { TableHead } from '@/components/ui/table-head';
import { formatUtc } from '@/lib/time/expiry';

type ShareRow = { id: string; createdAt: string; expiresAt: string; revokedAt: string | null; lastOpenedAt: string | null; state: 'active' | 'expired' | 'revoked' };

const fmt = (iso: string | null) => (iso ? formatUtc(iso) : '—');
const stateWords = { active: 'Active', expired: 'Expired', revoked: 'Revoked' };

export async function api<T>(input: string, init?: RequestInit): Promise<T> {
  const res = await fetch(input, init);
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
    throw new Error(body.error?.message ?? `HTTP ${res.status}`);
  }
  return (res.status === 204 ? undefined : await res.json()) as T;
}

/** Read-only share links: created here, shown once (only a hash is kept), listed, and revocable. */
export function SharePanel({ setupId }: { setupId: string }) {
  return (
    <QueryProvider>
      <Shares setupId={setupId} />
    </QueryProvider>
  );
}

function Shares({ setupId }: { setupId: string }) {
  const queryClient = useQueryClient();
  const key = ['shares', setupId];
  const [days, setDays] = useState('30');
  const [created, setCreated] = useState<{ url: string; expiresAt: string } | undefined>(undefined);
  const shares = useQuery({ queryKey: key, queryFn: () => api<{ shares: ShareRow[] }>(`/api/setups/${setupId}/shares`) });
  const create = useMutation({
    mutationFn: () =>
      api<{ url: string; expiresAt: string }>(`/api/setups/${setupId}/shares`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ expiresInDays: Number(days) }),
      }),
    onSuccess: (r) => {
      setCreated(r);
      void queryClient.invalidateQueries({ queryKey: key });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api<void>(`/api/setups/${setupId}/shares/${id}`, { method: 'DELETE' }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: key }),
  });

  return (
    <section aria-labelledby="share-heading" className="no-print space-y-3 rounded-lg border border-slate-300 p-4 dark:border-slate-700">
      <h2 id="share-heading" className="text-lg font-semibold">
        Share a read-only link
      </h2>
      <p className="text-sm">Anyone with the link sees this summary and its validation results — never a secret — and cannot change or re-run anything.</p>
      <div className="flex flex-wrap items-end gap-2">
        <div>
          <label htmlFor="share-days" className="block text-sm font-semibold">
            Link expires after
          </label>
          <select id="share-days" value={days} onChange={(e) => setDays(e.target.value)} className={`${inputClass} w-36`}>
            <option value="1">1 day</option>
            <option value="7">7 days</option>
            <option value="30">30 days</option>
            <option value="90">90 days</option>
          </select>
        </div>
        <Button onClick={() => create.mutate()} disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Share'}
        </Button>
      </div>
      <div aria-live="polite">
        {created && (
          <div className="space-y-1 rounded-md bg-slate-100 p-3 text-sm dark:bg-slate-800">
            <p className="font-semibold">Copy the link now: it is shown only once (the server keeps only a fingerprint of it).</p>
            <div className="flex items-start gap-2">
              <code className="min-w-0 break-all font-mono" data-testid="share-url">
                {created.url}
              </code>
              <CopyButton value={created.url} label="share link" />
            </div>
            <p>Expires {fmt(created.expiresAt)}.</p>
          </div>
        )}
        {create.isError && <p className="text-sm text-red-800 dark:text-red-300">The link could not be created: {create.error.message}</p>}
      </div>
      {shares.data && shares.data.shares.length > 0 && (
        <table className="w-full border-collapse text-left text-sm">
          <caption className="text-left font-semibold">Links of this setup</caption>
          <TableHead columns={['Created', 'Expires', 'Last opened', 'State', { label: 'Action', srOnly: true }]} />
          <tbody>
            {shares.data.shares.map((s) => (
              <tr key={s.id} className="border-b border-slate-200 dark:border-slate-800">
                <td className="py-1 pr-2">{fmt(s.createdAt)}</td>
                <td className="py-1 pr-2">{fmt(s.expiresAt)}</td>
                <td className="py-1 pr-2">{s.lastOpenedAt ? fmt(s.lastOpenedAt) : 'Never'}</td>
                <td className="py-1 pr-2">{s.state === 'revoked' ? `Revoked ${fmt(s.revokedAt)}` : stateWords[s.state]}</td>
                <td className="py-1">
                  {s.state === 'active' && (
                    <Button variant="secondary" className="px-2 py-1 text-xs" onClick={() => revoke.mutate(s.id)} disabled={revoke.isPending}>
                      Revoke<span className="sr-only"> the link created {fmt(s.createdAt)}</span>
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
