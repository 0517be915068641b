'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { QueryProvider } from '@/components/query-provider';
import { api } from '@/components/summary/share-panel';
import { Button } from '@/components/ui/button';
import { CopyButton } from '@/components/ui/copy-button';
import { Field, inputClass, TextInput } from '@/components/ui/field';
import { TableHead } from '@/components/ui/table-head';
import { formatUtc } from '@/lib/time/expiry';

type ApprovalRow = { id: string; requestedBy: string; createdAt: string; expiresAt: string; revokedAt: string | null; lastOpenedAt: string | null; grantedAt: string | null; state: 'active' | 'expired' | 'revoked' };
export type Observed = { signInAudience?: string; configuredPermissions?: string[] };

const fmt = (iso: string | null) => (iso ? formatUtc(iso) : '—');

/**
 * "Ask an approver": a read-only, expiring, revocable link for the Global or Privileged Role Administrator who may
 * grant admin consent. Shown once (only a hash is kept); each link turns to Granted when the wizard sees the grant.
 */
export function ApprovalPanel({ setupId, observed }: { setupId: string; observed?: Observed }) {
  return (
    <QueryProvider>
      <Approvals setupId={setupId} observed={observed ?? {}} />
    </QueryProvider>
  );
}

function Approvals({ setupId, observed }: { setupId: string; observed: Observed }) {
  const queryClient = useQueryClient();
  const key = ['approvals', setupId];
  const [name, setName] = useState('');
  const [days, setDays] = useState('7');
  const [created, setCreated] = useState<{ url: string; expiresAt: string } | undefined>(undefined);
  const list = useQuery({ queryKey: key, queryFn: () => api<{ approvals: ApprovalRow[] }>(`/api/setups/${setupId}/approvals`) });
  const create = useMutation({
    mutationFn: () =>
      api<{ url: string; expiresAt: string }>(`/api/setups/${setupId}/approvals`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ requestedBy: name, expiresInDays: Number(days), observed }),
      }),
    onSuccess: (r) => {
      setCreated(r);
      void queryClient.invalidateQueries({ queryKey: key });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api<void>(`/api/setups/${setupId}/approvals/${id}`, { method: 'DELETE' }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: key }),
  });

  return (
    <section aria-labelledby="approval-heading" className="no-print space-y-3 rounded-lg border border-slate-300 p-4 dark:border-slate-700">
      <h2 id="approval-heading" className="text-lg font-semibold">
        Ask an approver for admin consent
      </h2>
      <p className="text-sm">
        When you may not grant admin consent yourself, send this read-only link to a Global Administrator or Privileged Role Administrator: it shows the
        app, every permission with the workflow that needs it, anything unusual, and one button to Microsoft’s admin-consent page. It never holds a secret.
      </p>
      <div className="flex flex-wrap items-end gap-2">
        <Field id="approval-name" label="Your name (shown to the approver)">
          {(aria) => <TextInput {...aria} value={name} maxLength={120} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <div>
          <label htmlFor="approval-days" className="block text-sm font-semibold">
            Link expires after
          </label>
          <select id="approval-days" value={days} onChange={(e) => setDays(e.target.value)} className={`${inputClass} w-36`}>
            <option value="1">1 day</option>
            <option value="7">7 days</option>
            <option value="30">30 days</option>
          </select>
        </div>
        <Button onClick={() => create.mutate()} disabled={create.isPending || name.trim() === ''}>
          {create.isPending ? 'Creating…' : 'Ask an approver'}
        </Button>
      </div>
      <div aria-live="polite">
        {created && (
          <div className="space-y-1 rounded-md bg-slate-100 p-3 text-sm dark:bg-slate-800">
            <p className="font-semibold">Send this link to the approver now: it is shown only once.</p>
            <div className="flex items-start gap-2">
              <code className="min-w-0 break-all font-mono" data-testid="approval-url">
                {created.url}
              </code>
              <CopyButton value={created.url} label="approval link" />
            </div>
            <p>Expires {fmt(created.expiresAt)}. The link turns to “granted” when your next check of step 2 (or Wait for consent) sees the permissions.</p>
          </div>
        )}
        {create.isError && <p className="text-sm text-red-800 dark:text-red-300">The link could not be created: {create.error.message}</p>}
      </div>
      {list.data && list.data.approvals.length > 0 && (
        <table className="w-full border-collapse text-left text-sm">
          <caption className="text-left font-semibold">Approval links of this setup</caption>
          <TableHead columns={['Created', 'Expires', 'Last opened', 'State', { label: 'Action', srOnly: true }]} />
          <tbody>
            {list.data.approvals.map((a) => (
              <tr key={a.id} className="border-b border-slate-200 dark:border-slate-800">
                <td className="py-1 pr-2">{fmt(a.createdAt)}</td>
                <td className="py-1 pr-2">{fmt(a.expiresAt)}</td>
                <td className="py-1 pr-2">{a.lastOpenedAt ? fmt(a.lastOpenedAt) : 'Never'}</td>
                <td className="py-1 pr-2">
                  {a.grantedAt ? `Granted ${fmt(a.grantedAt)}` : a.state === 'revoked' ? `Revoked ${fmt(a.revokedAt)}` : a.state === 'expired' ? 'Expired' : 'Waiting'}
                </td>
                <td className="py-1">
                  {a.state === 'active' && (
                    <Button variant="secondary" className="px-2 py-1 text-xs" onClick={() => revoke.mutate(a.id)} disabled={revoke.isPending}>
                      Revoke<span className="sr-only"> the approval link created {fmt(a.createdAt)}</span>
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
