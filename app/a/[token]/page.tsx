import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { Callout } from '@/components/ui/callout';
import { buttonClass } from '@/components/ui/button';
import { TableHead } from '@/components/ui/table-head';
import { approverView } from '@/lib/approvals/view';
import { lookupApproval } from '@/lib/db/approvals';
import { getDb } from '@/lib/db/connection';
import { latestRuns } from '@/lib/db/runs';
import { getSetup } from '@/lib/db/setups';
import { nowFor } from '@/lib/time/clock';
import { formatUtc } from '@/lib/time/expiry';

export const metadata: Metadata = { title: 'Admin consent requested', robots: { index: false, follow: false }, referrer: 'no-referrer' };

/** The approver's read-only page behind a consent approval link (proxy.ts turned away unknown, expired and revoked ones). */
export default async function ApprovalPage({ params }: PageProps<'/a/[token]'>) {
  const { token } = await params;
  const now = nowFor(await headers());
  const db = await getDb();
  const found = await lookupApproval(db, token, now);
  if (found.state !== 'active') notFound();
  const setup = await getSetup(db, found.approval.setupId);
  if (!setup) notFound();
  const v = approverView(setup, found.approval, (await latestRuns(db, setup.id))['certificates-secrets']);
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm font-semibold text-brand-700 dark:text-brand-100">Admin consent requested · read-only</p>
        <h1 className="text-2xl font-bold">{v.appName}</h1>
        <p className="text-sm">
          {v.requestedBy} asks a Global Administrator or Privileged Role Administrator of this tenant to grant admin consent, so Nexthink’s workflows and
          Entra ID connector can call Microsoft Graph. This page contains no secret; the link expires {formatUtc(v.expiresAt)}.
        </p>
      </div>
      {v.grantedAt ? (
        <Callout title="Granted">
          <p role="status">Admin consent was granted: the wizard saw every permission in the app’s token on {formatUtc(v.grantedAt)}. Nothing left to do.</p>
        </Callout>
      ) : (
        <p role="status" className="text-sm">
          Not granted yet (as of {formatUtc(now.toISOString())}).
        </p>
      )}
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm" aria-label="The app">
        <dt className="font-semibold">Application (client) ID</dt>
        <dd className="font-mono">{v.clientId ?? '—'}</dd>
        <dt className="font-semibold">Directory (tenant) ID</dt>
        <dd className="font-mono">{v.tenantId ?? '—'}</dd>
        <dt className="font-semibold">Cloud</dt>
        <dd>{v.cloud}</dd>
        <dt className="font-semibold">Requested by</dt>
        <dd>
          {v.requestedBy}, {formatUtc(v.createdAt)}
        </dd>
      </dl>
      <section aria-labelledby="approval-permissions" className="space-y-2">
        <h2 id="approval-permissions" className="text-lg font-semibold">
          Microsoft Graph application permissions requested
        </h2>
        <table className="w-full border-collapse text-left text-sm">
          <caption className="sr-only">Each permission, who needs it and why it is the least</caption>
          <TableHead columns={['Permission', 'Needed by', 'Calls', 'Why this one']} />
          <tbody>
            {v.permissions.map((p) => (
              <tr key={p.permission} className="border-b border-slate-200 align-top dark:border-slate-800">
                <td className="py-1 pr-2">
                  <span className="font-mono">{p.permission}</span> ({p.displayName}
                  {p.access === 'write' ? ', writes' : ', read only'})
                </td>
                <td className="py-1 pr-2">{p.neededBy.join(', ')}</td>
                <td className="py-1 pr-2">
                  <ul>
                    {p.calls.map((c) => (
                      <li key={c}>{c}</li>
                    ))}
                  </ul>
                </td>
                <td className="py-1">{p.why}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="approval-unusual" className="space-y-2">
        <h2 id="approval-unusual" className="text-lg font-semibold">
          Anything unusual
        </h2>
        {v.unusual.length === 0 ? (
          <p className="text-sm">Nothing: single-tenant, read-only permissions, each needed by a chosen workflow.</p>
        ) : (
          <ul className="list-disc space-y-1 pl-5 text-sm">
            {v.unusual.map((u) => (
              <li key={u}>{u}</li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="approval-grant" className="space-y-2">
        <h2 id="approval-grant" className="text-lg font-semibold">
          Grant it
        </h2>
        {v.consentUrl ? (
          <>
            <p className="text-sm">
              Microsoft’s tenant-wide admin-consent page ({v.cloud} cloud) lists the same permissions; sign in there as a Global Administrator or Privileged
              Role Administrator and accept. The person who asked sees the grant at their next check.
            </p>
            <a href={v.consentUrl} target="_blank" rel="noreferrer noopener" className={buttonClass('primary', 'inline-block')}>
              Grant admin consent in Microsoft Entra<span className="sr-only"> (opens in a new tab)</span>
            </a>
          </>
        ) : (
          <p className="text-sm">{v.consentMissing} Ask {v.requestedBy} to finish step 1 first.</p>
        )}
      </section>
    </div>
  );
}
