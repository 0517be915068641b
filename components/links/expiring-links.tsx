'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { api, post } from '@/components/api';
import { Button } from '@/components/ui/button';
import { CopyButton } from '@/components/ui/copy-button';
import { inputClass } from '@/components/ui/field';
import { TableHead } from '@/components/ui/table-head';
import { formatUtc } from '@/lib/time/expiry';

/**
 * What the share panel and the approval panel have in common: a read-only link to a setup that expires, is
 * shown once (the server keeps only a hash), is listed with when it was last opened, and can be revoked.
 */

export type LinkRow = { id: string; createdAt: string; expiresAt: string; revokedAt: string | null; lastOpenedAt: string | null; state: 'active' | 'expired' | 'revoked' };
export type CreatedLink = { url: string; expiresAt: string };

export const fmt = (iso: string | null) => (iso ? formatUtc(iso) : '—');

/** A setup's links of one kind (`/api/setups/{id}/{kind}`): the list, a create that POSTs its body, a revoke. */
export function useExpiringLinks<Row extends LinkRow>(setupId: string, kind: 'shares' | 'approvals') {
  const queryClient = useQueryClient();
  const key = [kind, setupId];
  const [created, setCreated] = useState<CreatedLink | undefined>(undefined);
  const list = useQuery({ queryKey: key, queryFn: async () => (await api<Record<string, Row[]>>(`/api/setups/${setupId}/${kind}`))[kind] ?? [] });
  const create = useMutation({
    mutationFn: (body: object) =>
      api<CreatedLink>(`/api/setups/${setupId}/${kind}`, post(body)),
    onSuccess: (r) => {
      setCreated(r);
      void queryClient.invalidateQueries({ queryKey: key });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api<void>(`/api/setups/${setupId}/${kind}/${id}`, { method: 'DELETE' }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: key }),
  });
  return { list, create, revoke, created };
}

export function ExpirySelect({ id, value, onChange, days }: { id: string; value: string; onChange: (days: string) => void; days: readonly number[] }) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-semibold">
        Link expires after
      </label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} className={`${inputClass} w-36`}>
        {days.map((d) => (
          <option key={d} value={String(d)}>
            {d} {d === 1 ? 'day' : 'days'}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The new link, shown once, with a copy button; and why creating one failed. */
export function NewLink({
  links,
  testId,
  label,
  first,
  children,
}: {
  links: Pick<ReturnType<typeof useExpiringLinks>, 'created' | 'create'>;
  testId: string;
  label: string;
  first: string;
  children?: ReactNode;
}) {
  const { created, create } = links;
  return (
    <div aria-live="polite">
      {created && (
        <div className="space-y-1 rounded-md bg-slate-100 p-3 text-sm dark:bg-slate-800">
          <p className="font-semibold">{first}</p>
          <div className="flex items-start gap-2">
            <code className="min-w-0 break-all font-mono" data-testid={testId}>
              {created.url}
            </code>
            <CopyButton value={created.url} label={label} />
          </div>
          <p>
            Expires {fmt(created.expiresAt)}.{children && <> {children}</>}
          </p>
        </div>
      )}
      {create.isError && <p className="text-sm text-red-800 dark:text-red-300">The link could not be created: {create.error.message}</p>}
    </div>
  );
}

/** The setup's links: created, expires, last opened, state (in the panel's words) and Revoke while active. */
export function LinksTable<Row extends LinkRow>({
  links,
  caption,
  state,
  revokeWhat,
}: {
  links: { list: { data?: Row[] | undefined }; revoke: ReturnType<typeof useExpiringLinks>['revoke'] };
  caption: string;
  state: (row: Row) => string;
  /** Completes "Revoke" for screen readers, e.g. "the link". */
  revokeWhat: string;
}) {
  const rows = links.list.data;
  if (!rows || rows.length === 0) return null;
  return (
    <table className="w-full border-collapse text-left text-sm">
      <caption className="text-left font-semibold">{caption}</caption>
      <TableHead columns={['Created', 'Expires', 'Last opened', 'State', { label: 'Action', srOnly: true }]} />
      <tbody>
        {rows.map((r) => (
          <tr key={r.id} className="border-b border-slate-200 dark:border-slate-800">
            <td className="py-1 pr-2">{fmt(r.createdAt)}</td>
            <td className="py-1 pr-2">{fmt(r.expiresAt)}</td>
            <td className="py-1 pr-2">{r.lastOpenedAt ? fmt(r.lastOpenedAt) : 'Never'}</td>
            <td className="py-1 pr-2">{state(r)}</td>
            <td className="py-1">
              {r.state === 'active' && (
                <Button variant="secondary" className="px-2 py-1 text-xs" onClick={() => links.revoke.mutate(r.id)} disabled={links.revoke.isPending}>
                  Revoke<span className="sr-only"> {revokeWhat} created {fmt(r.createdAt)}</span>
                </Button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
