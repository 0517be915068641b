'use client';

import { useState } from 'react';
import { ExpirySelect, fmt, LinksTable, NewLink, useExpiringLinks, type LinkRow } from '@/components/links/expiring-links';
import { QueryProvider } from '@/components/query-provider';
import { Button } from '@/components/ui/button';

const stateWords = { active: 'Active', expired: 'Expired', revoked: 'Revoked' };

/** Read-only share links: created here, shown once (only a hash is kept), listed, and revocable. */
export function SharePanel({ setupId }: { setupId: string }) {
  return (
    <QueryProvider>
      <Shares setupId={setupId} />
    </QueryProvider>
  );
}

function Shares({ setupId }: { setupId: string }) {
  const [days, setDays] = useState('30');
  const links = useExpiringLinks<LinkRow>(setupId, 'shares');

  return (
    <section aria-labelledby="share-heading" className="no-print space-y-3 rounded-lg border border-slate-300 p-4 dark:border-slate-700">
      <h2 id="share-heading" className="text-lg font-semibold">
        Share a read-only link
      </h2>
      <p className="text-sm">Anyone with the link sees this summary and its validation results — never a secret — and cannot change or re-run anything.</p>
      <div className="flex flex-wrap items-end gap-2">
        <ExpirySelect id="share-days" value={days} onChange={setDays} days={[1, 7, 30, 90]} />
        <Button onClick={() => links.create.mutate({ expiresInDays: Number(days) })} disabled={links.create.isPending}>
          {links.create.isPending ? 'Creating…' : 'Share'}
        </Button>
      </div>
      <NewLink links={links} testId="share-url" label="share link" first="Copy the link now: it is shown only once (the server keeps only a fingerprint of it)." />
      <LinksTable links={links} caption="Links of this setup" state={(s) => (s.state === 'revoked' ? `Revoked ${fmt(s.revokedAt)}` : stateWords[s.state])} revokeWhat="the link" />
    </section>
  );
}
