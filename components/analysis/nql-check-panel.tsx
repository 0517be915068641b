'use client';

import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { CheckItem } from '@/components/checks/check-item';
import { Button } from '@/components/ui/button';
import { Field, TextInput } from '@/components/ui/field';
import { NexthinkCredentialFields } from '@/components/nexthink/credential-fields';
import type { CheckResult } from '@/lib/checks/result';
import { checkNqlInput, coverageQuery, defaultCoverageQueryId, defaultSampleQueryId, sampleQuery, type NexthinkRegion, type NqlInputField } from '@/lib/nexthink/nql';
import { CodeSnippet } from './code-snippet';
import { Callout } from '@/components/ui/callout';

type Inputs = { instance: string; region: NexthinkRegion; clientId: string; coverageQueryId: string; sampleQueryId: string };

async function runCheck(setupId: string, body: unknown): Promise<CheckResult> {
  const res = await fetch(`/api/setups/${setupId}/steps/field-mapping/nql-check`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await res.json().catch(() => undefined)) as (CheckResult & { error?: { message?: string } }) | undefined;
  if (!res.ok || !json || typeof json.status !== 'string') throw new Error(json?.error?.message ?? `The server answered HTTP ${res.status}.`);
  return json;
}

/**
 * The optional live check through Nexthink's NQL API. The API credential's secret is read from its
 * (uncontrolled) input when the check runs and sent in that request's body only: it is never in React
 * state, the page's HTML, storage or a URL, and a reload forgets it.
 */
export function NqlCheckPanel({ setupId }: { setupId: string }) {
  const [inputs, setInputs] = useState<Inputs>({ instance: '', region: 'eu', clientId: '', coverageQueryId: defaultCoverageQueryId, sampleQueryId: defaultSampleQueryId });
  const [errors, setErrors] = useState<Partial<Record<NqlInputField, string>>>({});
  const secretRef = useRef<HTMLInputElement>(null);
  const mutation = useMutation({ mutationFn: (body: unknown) => runCheck(setupId, body) });
  const set = (k: keyof Inputs) => (v: string) => setInputs((s) => ({ ...s, [k]: v }));

  function submit(e: FormEvent) {
    e.preventDefault();
    const checked = checkNqlInput({ ...inputs, clientSecret: secretRef.current?.value ?? '' });
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    mutation.mutate(checked.value);
  }

  const coverageId = inputs.coverageQueryId.trim() || defaultCoverageQueryId;
  const sampleId = inputs.sampleQueryId.trim() || defaultSampleQueryId;
  return (
    <section aria-labelledby="nql-heading" className="space-y-3">
      <h3 id="nql-heading" className="text-lg font-semibold">
        3. Live check through the NQL API (optional)
      </h3>
      <p className="text-sm">
        Asks Nexthink itself how many users have <code className="font-mono">user.ad.username</code>. It needs an API credential with <strong>NQL API</strong>{' '}
        ticked (Administration &gt; API credentials) and these queries, created once in <strong>Administration &gt; NQL API queries &gt; New NQL API query</strong>{' '}
        with exactly these Query IDs (they cannot be changed later):
      </p>
      <dl className="space-y-2 text-sm">
        <div>
          <dt className="font-semibold">Coverage query — Query ID</dt>
          <dd className="mt-1 space-y-1">
            <CodeSnippet value={coverageId} label="Query ID of the coverage query" />
            <CodeSnippet value={coverageQuery} label="NQL of the coverage query" />
          </dd>
        </div>
        <div>
          <dt className="font-semibold">Sample query (optional) — Query ID</dt>
          <dd className="mt-1 space-y-1">
            <CodeSnippet value={sampleId} label="Query ID of the sample query" />
            <CodeSnippet value={sampleQuery} label="NQL of the sample query" />
          </dd>
        </div>
      </dl>
      <form onSubmit={submit} noValidate className="grid gap-3 rounded-lg border border-slate-300 p-4 sm:grid-cols-2 dark:border-slate-700">
        <NexthinkCredentialFields idPrefix="nql" values={inputs} errors={errors} onChange={(k, v) => set(k)(v)} secretRef={secretRef} />
        <Field id="nql-coverage-id" label="Coverage query ID" error={errors.coverageQueryId}>
          {(aria) => <TextInput {...aria} value={inputs.coverageQueryId} onChange={(e) => set('coverageQueryId')(e.target.value)} className="font-mono" />}
        </Field>
        <Field id="nql-sample-id" label="Sample query ID (optional)" hint="Leave empty to skip the sample." error={errors.sampleQueryId}>
          {(aria) => <TextInput {...aria} value={inputs.sampleQueryId} onChange={(e) => set('sampleQueryId')(e.target.value)} className="font-mono" />}
        </Field>
        <div className="sm:col-span-2">
          <Button type="submit" disabled={mutation.isPending}>
            {mutation.isPending ? 'Running the NQL check…' : 'Run NQL check'}
          </Button>
        </div>
      </form>
      <div role="status" aria-live="polite" className="sr-only">
        {mutation.isPending ? 'Running the NQL check.' : mutation.isSuccess ? `NQL check finished: ${mutation.data.summary}` : ''}
      </div>
      {mutation.isError && (
        <Callout tone="danger" alert title="The NQL check could not run.">
          <p>{mutation.error.message}</p>
        </Callout>
      )}
      {mutation.isSuccess && (
        <ol aria-label="NQL API check" className="space-y-3">
          <CheckItem check={mutation.data} />
        </ol>
      )}
    </section>
  );
}
