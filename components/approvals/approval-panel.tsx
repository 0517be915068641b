'use client';

import { useState } from 'react';
import { ExpirySelect, fmt, LinksTable, NewLink, useExpiringLinks, type LinkRow } from '@/components/links/expiring-links';
import { QueryProvider } from '@/components/query-provider';
import { Button } from '@/components/ui/button';
import { Field, TextInput } from '@/components/ui/field';

type ApprovalRow = LinkRow & { requestedBy: string; grantedAt: string | null };
export type Observed = { signInAudience?: string; configuredPermissions?: string[] };

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
  const [name, setName] = useState('');
  const [days, setDays] = useState('7');
  const links = useExpiringLinks<ApprovalRow>(setupId, 'approvals');

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
        <ExpirySelect id="approval-days" value={days} onChange={setDays} days={[1, 7, 30]} />
        <Button onClick={() => links.create.mutate({ requestedBy: name, expiresInDays: Number(days), observed })} disabled={links.create.isPending || name.trim() === ''}>
          {links.create.isPending ? 'Creating…' : 'Ask an approver'}
        </Button>
      </div>
      <NewLink links={links} testId="approval-url" label="approval link" first="Send this link to the approver now: it is shown only once.">
        The link turns to “granted” when your next check of step 2 (or Wait for consent) sees the permissions.
      </NewLink>
      <LinksTable
        links={links}
        caption="Approval links of this setup"
        state={(a) => (a.grantedAt ? `Granted ${fmt(a.grantedAt)}` : a.state === 'revoked' ? `Revoked ${fmt(a.revokedAt)}` : a.state === 'expired' ? 'Expired' : 'Waiting')}
        revokeWhat="the approval link"
      />
    </section>
  );
}
