'use client';

import Link from 'next/link';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { CodeSnippet } from '@/components/analysis/code-snippet';
import { NexthinkTestThinkletIllustration, NexthinkTestWorkflowDesignerIllustration, NexthinkTestWorkflowGeneralIllustration } from '@/components/illustrations';
import { Button } from '@/components/ui/button';
import { Callout } from '@/components/ui/callout';
import { Field, TextInput } from '@/components/ui/field';
import { StatusBadge } from '@/components/ui/status-badge';
import { useSecret } from '@/components/wizard/secret-context';
import { readNdjson } from '@/lib/api/read-ndjson';
import { formatDuration } from '@/lib/format';
import type { NexthinkRegion } from '@/lib/nexthink/nql';
import { NexthinkCredentialFields } from './credential-fields';
import { checkRunInput, defaultExecutionsQueryId, executionsQuery, TEST_WORKFLOW, TIME_LIMIT, type RunInputField } from '@/lib/nexthink/workflow-run';
import type { RunEvent, WorkflowRunResult } from '@/lib/nexthink/workflows-api';

type Inputs = { instance: string; region: NexthinkRegion; clientId: string; upn: string; workflowId: string; executionsQueryId: string; timeLimitSeconds: string };
type Phase =
  | { kind: 'idle' }
  | { kind: 'running'; message: string; waiting?: string }
  | { kind: 'done'; result: WorkflowRunResult }
  | { kind: 'stopped'; message: string }
  | { kind: 'error'; message: string };

const STEP_NAMES: Record<string, string> = { 'app-registration': 'step 1, App registration', 'certificates-secrets': 'step 2, Certificates & secrets', 'tenant-id': 'step 3, Tenant ID & token URL', 'field-mapping': 'step 4, Field mapping' };
const CHOSEN_STATE: Record<string, string> = {
  ready: 'installed, active and API-enabled',
  'not-installed': 'not installed (install it from the Nexthink Library)',
  inactive: 'installed but not active: activate its version',
  'not-api': 'not API-enabled: Workflows > Manage workflows > Edit > General tab, tick API',
};

/**
 * "Run it in Nexthink": Nexthink itself calls Graph with the credential stored in Nexthink, for a real user
 * through the real mapping. The API secret is read from its uncontrolled input when the run starts and sent
 * in that request's body only; a reload forgets it.
 */
export function WorkflowRunPanel({ setupId, step, sampleUpn, credentialName, scheduled }: { setupId: string; step: 'tenant-id' | 'field-mapping'; sampleUpn: string; credentialName: string; scheduled: boolean }) {
  const [inputs, setInputs] = useState<Inputs>({ instance: '', region: 'eu', clientId: '', upn: sampleUpn, workflowId: TEST_WORKFLOW.nqlId, executionsQueryId: defaultExecutionsQueryId, timeLimitSeconds: String(TIME_LIMIT.default) });
  const [errors, setErrors] = useState<Partial<Record<RunInputField, string>>>({});
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [schedule, setSchedule] = useState(scheduled);
  const secretRef = useRef<HTMLInputElement>(null);
  const abortRef = useRef<AbortController | null>(null);
  const { secret: entraSecret } = useSecret();
  const set = (k: keyof Inputs) => (v: string) => setInputs((s) => ({ ...s, [k]: v }));
  useEffect(() => () => abortRef.current?.abort(), []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const checked = checkRunInput({ ...inputs, clientSecret: secretRef.current?.value ?? '' });
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    const abort = new AbortController();
    abortRef.current = abort;
    setPhase({ kind: 'running', message: `Asking ${checked.value.instance} for its workflows…` });
    let finished = false;
    try {
      const res = await fetch(`/api/setups/${setupId}/steps/${step}/nexthink-run`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...checked.value, schedule }), signal: abort.signal });
      if (!res.ok || !res.body) {
        const json = (await res.json().catch(() => undefined)) as { error?: { message?: string; fields?: Record<string, string> } } | undefined;
        if (json?.error?.fields) setErrors(json.error.fields as Partial<Record<RunInputField, string>>);
        setPhase({ kind: 'error', message: json?.error?.message ?? `The server answered HTTP ${res.status}.` });
        return;
      }
      let message = '';
      await readNdjson(res.body, (event) => {
        const ev = event as RunEvent | { type: 'error'; message: string };
        if (ev.type === 'progress') {
          message = ev.message;
          setPhase({ kind: 'running', message });
        } else if (ev.type === 'waiting') setPhase({ kind: 'running', message, waiting: ev.message });
        else if (ev.type === 'done') {
          finished = true;
          setPhase({ kind: 'done', result: ev.result });
        } else if (ev.type === 'error') {
          finished = true;
          setPhase({ kind: 'error', message: ev.message });
        }
      });
      if (!finished) setPhase({ kind: 'error', message: 'The connection to the server was lost before the run finished. Run it again.' });
    } catch (err) {
      if (abort.signal.aborted) {
        setPhase({ kind: 'stopped', message: 'Cancelled: the wizard stopped reading the execution. Nexthink keeps running what was already triggered; its result shows in Workflows > Executions.' });
      } else setPhase({ kind: 'error', message: err instanceof Error ? err.message : String(err) });
    } finally {
      if (abortRef.current === abort) abortRef.current = null;
    }
  }

  const running = phase.kind === 'running';
  const result = phase.kind === 'done' ? phase.result : undefined;
  return (
    <section aria-labelledby={`nexthink-run-${step}`} className="space-y-4 rounded-lg border border-slate-300 p-4 dark:border-slate-700">
      <h2 id={`nexthink-run-${step}`} className="text-xl font-semibold">
        Run it in Nexthink
      </h2>
      <p className="text-sm">
        The checks above prove the values typed <strong>into this wizard</strong>. This run proves the values typed <strong>into Nexthink</strong>: Nexthink triggers a read-only test workflow for
        one user, its Service/API thinklet calls Graph with the credential stored in Nexthink and the user&apos;s mapped username, and the wizard reads back what Nexthink recorded. One run proves
        the stored secret, the permissions and the UPN mapping together. The wizard only ever triggers read-only workflows.
      </p>
      <details className="rounded-md border border-slate-300 p-3 dark:border-slate-700">
        <summary className="cursor-pointer font-semibold">Build the test workflow “{TEST_WORKFLOW.name}” (once)</summary>
        <ol className="mt-3 list-decimal space-y-4 pl-5 text-sm">
          <li className="space-y-2">
            <p>
              In Nexthink, <strong>Workflows &gt; Manage workflows &gt; New workflow</strong>. On the General tab name it {TEST_WORKFLOW.name}, target users, tick <strong>API</strong>.
            </p>
            <NexthinkTestWorkflowGeneralIllustration />
          </li>
          <li className="space-y-2">
            <p>
              In the Designer, add one <strong>Service/API</strong> thinklet named {TEST_WORKFLOW.thinklet}, a Condition on its status code, and two End thinklets.
            </p>
            <NexthinkTestWorkflowDesignerIllustration credentialName={credentialName} />
          </li>
          <li className="space-y-2">
            <p>
              Set the thinklet: credential <strong>{credentialName}</strong>, <code>GET</code> <code className="break-all">{TEST_WORKFLOW.path}</code>, input <code>upn</code> = user.ad.username.
              Save and activate the version.
            </p>
            <NexthinkTestThinkletIllustration credentialName={credentialName} />
          </li>
          <li className="space-y-1">
            <p>
              In <strong>Administration &gt; NQL API queries &gt; New NQL API query</strong>, create the query the wizard reads the execution with (its Query ID cannot be changed later):
            </p>
            <CodeSnippet value={inputs.executionsQueryId.trim() || defaultExecutionsQueryId} label="Query ID of the executions query" />
            <CodeSnippet value={executionsQuery} label="NQL of the executions query" />
          </li>
          <li>
            In <strong>Administration &gt; API credentials</strong>, give the API credential both <strong>Workflows</strong> and <strong>NQL API</strong>.
          </li>
        </ol>
      </details>
      <form onSubmit={submit} noValidate className="grid gap-3 sm:grid-cols-2">
        <NexthinkCredentialFields idPrefix={`wf-run-${step}`} values={inputs} errors={errors} onChange={(k, v) => set(k)(v)} secretRef={secretRef} clientIdHint="Needs Workflows and NQL API ticked." />
        <Field id={`wf-upn-${step}`} label="User to run it for (UPN)" hint="A user Nexthink has seen on a device." error={errors.upn}>
          {(aria) => <TextInput {...aria} value={inputs.upn} onChange={(e) => set('upn')(e.target.value)} className="font-mono" />}
        </Field>
        <Field id={`wf-workflow-${step}`} label="Workflow NQL ID" hint="Only read-only workflows are triggered." error={errors.workflowId}>
          {(aria) => <TextInput {...aria} value={inputs.workflowId} onChange={(e) => set('workflowId')(e.target.value)} className="font-mono" />}
        </Field>
        <Field id={`wf-query-${step}`} label="Executions query ID" error={errors.executionsQueryId}>
          {(aria) => <TextInput {...aria} value={inputs.executionsQueryId} onChange={(e) => set('executionsQueryId')(e.target.value)} className="font-mono" />}
        </Field>
        <Field id={`wf-limit-${step}`} label="Time limit (seconds)" error={errors.timeLimitSeconds}>
          {(aria) => <TextInput {...aria} inputMode="numeric" value={inputs.timeLimitSeconds} onChange={(e) => set('timeLimitSeconds')(e.target.value)} />}
        </Field>
        <label className="flex items-start gap-2 text-sm sm:col-span-2">
          <input type="checkbox" className="mt-1" checked={schedule} onChange={(e) => setSchedule(e.target.checked)} />
          <span>
            Re-run it every day and notify this setup&apos;s channels when the outcome changes. The API credential is then kept on this server, sealed (AES-256-GCM), never shown again;
            untick and run to delete it.
          </span>
        </label>
        <div className="flex gap-2 sm:col-span-2">
          <Button type="submit" disabled={running}>
            {running ? 'Running in Nexthink…' : 'Run in Nexthink'}
          </Button>
          {running && (
            <Button variant="secondary" onClick={() => abortRef.current?.abort()}>
              Cancel
            </Button>
          )}
        </div>
      </form>
      <div role="status" aria-live="polite" className="text-sm">
        {phase.kind === 'running' && (
          <p>
            {phase.message}
            {phase.waiting && <span className="block">{phase.waiting}</span>}
          </p>
        )}
        {phase.kind === 'stopped' && <p>{phase.message}</p>}
        {result && <p className="sr-only">Run finished: {result.summary}</p>}
      </div>
      {phase.kind === 'error' && (
        <Callout tone="danger" alert title="The run could not start.">
          <p>{phase.message}</p>
        </Callout>
      )}
      {result && <RunResult result={result} setupId={setupId} entraSecretHint={entraSecret.slice(0, 3)} />}
    </section>
  );
}

function RunResult({ result, setupId, entraSecretHint }: { result: WorkflowRunResult; setupId: string; entraSecretHint: string }) {
  const execution = result.execution;
  return (
    <div className="space-y-3" role="region" aria-label="Result of the run in Nexthink">
      <div className="rounded-lg border border-slate-300 p-4 dark:border-slate-700">
        <div className="flex flex-wrap items-start justify-between gap-2">
          <h3 className="text-base font-semibold">
            {result.workflow.name ?? result.workflow.id} for {result.upn}
          </h3>
          <StatusBadge status={result.status} />
        </div>
        <p className="mt-1 text-sm">{result.summary}</p>
        {result.remediation && result.status !== 'pass' && (
          <div className="mt-2 rounded-md bg-slate-100 px-3 py-2 text-sm dark:bg-slate-800">
            <span className="font-semibold">How to fix: </span>
            {result.remediation}
            {result.cause === 'old-secret' && entraSecretHint.length === 3 && (
              <span className="block">
                The secret validated in this wizard starts with <code className="font-mono">{entraSecretHint}</code>.
              </span>
            )}
          </div>
        )}
        {result.step && result.status !== 'pass' && (
          <p className="mt-2 text-sm">
            <Link className="font-semibold text-brand-700 underline dark:text-brand-100" href={`/setups/${setupId}/${result.step}`}>
              Fix it in {STEP_NAMES[result.step] ?? result.step}
            </Link>
          </p>
        )}
        {(execution || result.requestId) && (
          <dl className="mt-3 grid grid-cols-[max-content_1fr] gap-x-3 gap-y-0.5 text-xs" aria-label="What Nexthink recorded">
            {result.requestId && <Row k="Request ID" v={result.requestId} />}
            {execution && <Row k="Status" v={execution.status} />}
            {execution?.statusDetails && <Row k="Status details" v={execution.statusDetails} />}
            {execution?.outcome && <Row k="Outcome" v={execution.outcome} />}
            {execution?.outcomeDetails && <Row k="Outcome details" v={execution.outcomeDetails} />}
          </dl>
        )}
        <p className="mt-2 text-xs text-slate-700 dark:text-slate-300">Took {formatDuration(result.durationMs)}</p>
      </div>
      {result.chosen.length > 0 && (
        <div className="text-sm">
          <h4 className="font-semibold">Library workflows chosen in step 1</h4>
          <ul className="list-disc pl-5">
            {result.chosen.map((c) => (
              <li key={c.catalogId}>
                {c.label}: {CHOSEN_STATE[c.state]}
                {!c.readOnly && ' — it writes, so the wizard lists it but never triggers it'}
              </li>
            ))}
          </ul>
        </div>
      )}
      {result.workflows.length > 0 && (
        <div className="overflow-auto rounded border border-slate-300 dark:border-slate-700" tabIndex={0} role="region" aria-label="Workflows in this Nexthink instance">
          <table className="w-full border-collapse text-left text-xs">
            <caption className="sr-only">Workflows in this Nexthink instance</caption>
            <thead className="bg-slate-100 dark:bg-slate-800">
              <tr>
                {['Workflow', 'NQL ID', 'Active', 'API', 'Run by the wizard'].map((h) => (
                  <th key={h} scope="col" className="px-2 py-1">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {result.workflows.map((w) => (
                <tr key={w.id} className="border-t border-slate-200 dark:border-slate-700">
                  <th scope="row" className="px-2 py-1 font-normal">
                    {w.name}
                  </th>
                  <td className="px-2 py-1 font-mono">{w.id}</td>
                  <td className="px-2 py-1">{w.active ? 'Yes' : 'No'}</td>
                  <td className="px-2 py-1">{w.apiEnabled ? 'Yes' : 'No'}</td>
                  <td className="px-2 py-1">{w.triggerable ? `Yes — ${w.why}` : `Never — ${w.why}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function Row({ k, v }: { k: string; v: string }) {
  return (
    <div className="contents">
      <dt className="font-semibold">{k}</dt>
      <dd className="break-all font-mono">{v}</dd>
    </div>
  );
}
