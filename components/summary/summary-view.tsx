import { StatusBadge } from '@/components/ui/status-badge';
import { ValuesTable } from '@/components/wizard/values-table';
import type { Summary } from '@/lib/summary/build';
import { TableHead } from '@/components/ui/table-head';
import { statusWords } from '@/lib/checks/result';
import { formatUtc } from '@/lib/time/expiry';

const sectionClass = 'space-y-3 rounded-lg border border-slate-300 p-4 break-inside-avoid dark:border-slate-700';

/** The config summary: what to type into Nexthink, in order, and how each step validated. Never a secret. */
export function SummaryView({ summary }: { summary: Summary }) {
  const s = summary;
  return (
    <div className="space-y-6">
      <dl className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
        <dt className="font-semibold">Tenant</dt>
        <dd className="break-all">
          {s.tenant.display}
          {s.tenant.id && s.tenant.id !== s.tenant.display && <span className="font-mono"> ({s.tenant.id})</span>}
        </dd>
        <dt className="font-semibold">Cloud</dt>
        <dd>{s.cloud}</dd>
        <dt className="font-semibold">Client secret</dt>
        <dd className="flex flex-wrap items-center gap-2">
          <StatusBadge status={s.secret.state === 'expired' ? 'fail' : s.secret.state === 'expiring' ? 'warn' : s.secret.state === 'ok' ? 'pass' : 'none'} label={s.secret.text} />
          <span className="text-xs text-slate-700 dark:text-slate-300">The secret itself is never shown or kept.</span>
        </dd>
        {s.monitoring && (
          <>
            <dt className="font-semibold">Monitoring</dt>
            <dd className="space-y-1">
              <span className="flex flex-wrap items-center gap-2">
                <StatusBadge
                  status={s.monitoring.state === 'watching' ? s.monitoring.health : 'none'}
                  label={s.monitoring.state === 'not-set-up' ? 'Not set up' : s.monitoring.state === 'off' ? 'Schedule off' : `Watched ${s.monitoring.schedule ?? ''}`.trim()}
                />
                <span>{s.monitoring.lastCheck ? `Last live check ${formatUtc(s.monitoring.lastCheck)}` : 'No live check yet'}</span>
              </span>
              {s.monitoring.openFindings.length > 0 && (
                <ul className="list-disc pl-5" aria-label="Open monitoring findings">
                  {s.monitoring.openFindings.map((f) => (
                    <li key={f}>{f}</li>
                  ))}
                </ul>
              )}
            </dd>
          </>
        )}
        <dt className="font-semibold">Validation</dt>
        <dd>
          <StatusBadge status={s.overall} label={s.overall === 'none' ? 'Not all steps validated' : `Overall: ${statusWords[s.overall]}`} />
        </dd>
      </dl>

      <section aria-labelledby="sum-credentials" className={sectionClass}>
        <h2 id="sum-credentials" className="text-lg font-semibold">
          1. Connector credentials
        </h2>
        <p className="text-sm">
          In Nexthink: <strong>{s.connectorCredentials.menus[0]}</strong> (newer releases: <strong>{s.connectorCredentials.menus[1]}</strong>).
        </p>
        <ValuesTable caption="Connector credentials entry" rows={s.connectorCredentials.rows} />
      </section>

      <section aria-labelledby="sum-inbound" className={sectionClass}>
        <h2 id="sum-inbound" className="text-lg font-semibold">
          2. Inbound connector
        </h2>
        <p className="text-sm">
          In Nexthink: <strong>{s.inboundConnector.menu}</strong>.
        </p>
        <ValuesTable caption="General tab" rows={s.inboundConnector.general} />
        <ValuesTable caption="Field mapping tab (Common): Nexthink field ← Entra ID property" rows={s.inboundConnector.fieldMapping} />
      </section>

      <section aria-labelledby="sum-thinklets" className={sectionClass}>
        <h2 id="sum-thinklets" className="text-lg font-semibold">
          3. Workflows: set the Credentials drop-down
        </h2>
        <p className="text-sm">After installing a workflow from the Library, the Credentials drop-down of its thinklets is blank: set it on every one.</p>
        <ul className="space-y-2 text-sm">
          {s.thinklets.items.map((i) => (
            <li key={i.workflow} className="flex gap-2">
              <input type="checkbox" id={`todo-${i.workflow}`} className="mt-1 h-4 w-4 shrink-0" />
              <label htmlFor={`todo-${i.workflow}`}>
                <strong>{i.label}</strong>: {i.text}
              </label>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="sum-permissions" className={sectionClass}>
        <h2 id="sum-permissions" className="text-lg font-semibold">
          Microsoft Graph permissions
        </h2>
        <table className="w-full border-collapse text-left text-sm">
          <caption className="sr-only">Application permissions the app registration needs</caption>
          <TableHead columns={['Permission', 'Type', 'Needed by']} />
          <tbody>
            {s.permissions.map((p) => (
              <tr key={p.permission} className="border-b border-slate-200 dark:border-slate-800">
                <th scope="row" className="py-1 pr-2 font-mono">
                  {p.permission}
                </th>
                <td className="py-1 pr-2">{p.type}</td>
                <td className="py-1">{p.neededBy.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="sum-validation" className={sectionClass}>
        <h2 id="sum-validation" className="text-lg font-semibold">
          Latest validation of each step
        </h2>
        <ol className="space-y-2">
          {s.steps.map((st) => (
            <li key={st.id} className="rounded-md border border-slate-200 p-3 dark:border-slate-800">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <h3 className="font-semibold">
                  {st.number}. {st.title}
                </h3>
                <StatusBadge status={st.status} />
              </div>
              <p className="text-xs text-slate-700 dark:text-slate-300">
                {st.startedAt ? (
                  <>
                    Validated <time dateTime={st.startedAt}>{new Date(st.startedAt).toUTCString()}</time>
                  </>
                ) : (
                  'Not validated yet'
                )}
              </p>
              {st.checks.length > 0 && (
                <details className="mt-1 text-sm">
                  <summary className="cursor-pointer font-medium">{st.checks.length} checks</summary>
                  <ul className="mt-1 space-y-1">
                    {st.checks.map((c, i) => (
                      <li key={i} className="flex flex-wrap items-start gap-2">
                        <StatusBadge status={c.status} />
                        <span>
                          <strong>{c.title}</strong>: {c.summary}
                        </span>
                      </li>
                    ))}
                  </ul>
                </details>
              )}
            </li>
          ))}
        </ol>
      </section>

      {s.nexthinkRun && <NexthinkRunSection run={s.nexthinkRun} className={sectionClass} />}
    </div>
  );
}

/** The latest "Run it in Nexthink", as Nexthink recorded it. */
export function NexthinkRunSection({ run, className }: { run: NonNullable<Summary['nexthinkRun']>; className: string }) {
  return (
    <section aria-labelledby="sum-nexthink-run" className={className}>
      <h2 id="sum-nexthink-run" className="text-lg font-semibold">
        Run in Nexthink
      </h2>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="font-semibold">
          {run.workflow} for {run.upn} on {run.instance}
        </p>
        <StatusBadge status={run.status} />
      </div>
      <p className="text-xs text-slate-700 dark:text-slate-300">
        Ran <time dateTime={run.startedAt}>{new Date(run.startedAt).toUTCString()}</time>
      </p>
      <p className="text-sm">{run.summary}</p>
      {run.remediation && run.status !== 'pass' && <p className="text-sm">How to fix: {run.remediation}</p>}
      {run.execution && (
        <p className="text-sm">
          Nexthink recorded: status {run.execution.status}
          {run.execution.statusDetails && ` (${run.execution.statusDetails})`}
          {run.execution.outcome && `, outcome ${run.execution.outcome}`}
          {run.execution.outcomeDetails && ` (${run.execution.outcomeDetails})`}.
        </p>
      )}
    </section>
  );
}
