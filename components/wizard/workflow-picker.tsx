'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import type { PermissionRow, WorkflowChoice } from '@/lib/nexthink/picker';
import type { CustomCallLookup, WorkflowId } from '@/lib/nexthink/workflows';
import { useAutosave } from './use-autosave';
import { TableHead } from '@/components/ui/table-head';
import { ExtLink } from '@/components/ui/ext-link';

const groups = [
  { id: 'connector', title: 'Connector' },
  { id: 'thinklet', title: 'Microsoft Entra ID connector thinklet' },
  { id: 'library-pack', title: 'Library packs' },
  { id: 'custom', title: 'Your own Service/API thinklets' },
] as const;

/**
 * "What will you run with this app?" — the choices decide the least Graph application permissions to add,
 * which the checks of step 2 then compare with what the token really carries. The catalog stays on the
 * server: the page gets the choices and the current permission list, and asks /api/workflows on a change.
 */
export function WorkflowPicker({
  setupId,
  choices,
  initial,
  rows: required,
}: {
  setupId: string;
  choices: WorkflowChoice[];
  initial: WorkflowId[];
  /** The permissions the saved choices need, computed by the server; refreshed after each saved change. */
  rows: PermissionRow[];
}) {
  const router = useRouter();
  const normalize = (ids: readonly WorkflowId[]) => choices.filter((c) => c.alwaysOn || ids.includes(c.id)).map((c) => c.id);
  const [selected, setSelected] = useState<WorkflowId[]>(() => normalize(initial));
  const { state, save } = useAutosave(setupId, { onSaved: () => router.refresh() });
  const labelOf = (id: WorkflowId) => choices.find((c) => c.id === id)?.label ?? id;

  function toggle(id: WorkflowId, on: boolean) {
    const next = normalize(on ? [...selected, id] : selected.filter((x) => x !== id));
    setSelected(next);
    save({ workflows: next });
  }

  return (
    <section aria-labelledby="workflows-heading" className="space-y-4 rounded-lg border border-slate-300 p-4 dark:border-slate-700">
      <div>
        <h2 id="workflows-heading" className="text-lg font-semibold">
          What will you run with this app?
        </h2>
        <p className="text-sm text-slate-800 dark:text-slate-200">
          Pick what Nexthink will do with this app registration. The wizard works out the least Microsoft Graph permissions for it — no guessing, no
          Directory.ReadWrite.All “to be safe”.
        </p>
      </div>
      {groups.map((g) => (
        <fieldset key={g.id} className="space-y-2">
          <legend className="text-sm font-semibold">{g.title}</legend>
          {choices
            .filter((w) => w.group === g.id)
            .map((w) => {
              const alwaysOn = w.alwaysOn;
              const descId = `wf-${w.id}-desc`;
              return (
                <div key={w.id} className="flex items-start gap-2 text-sm">
                  <input
                    id={`wf-${w.id}`}
                    type="checkbox"
                    className="mt-1 h-4 w-4"
                    checked={selected.includes(w.id)}
                    disabled={alwaysOn}
                    aria-describedby={descId}
                    onChange={(e) => toggle(w.id, e.target.checked)}
                  />
                  <div>
                    <label htmlFor={`wf-${w.id}`} className="font-medium">
                      {w.label}
                      {alwaysOn && ' (always on)'}
                    </label>
                    <p id={descId} className="text-slate-700 dark:text-slate-300">
                      {w.description}
                      {!w.publicPermissionList && <span className="font-medium"> Its permission list is not public: the wizard asks for the least set its calls need.</span>}
                    </p>
                  </div>
                </div>
              );
            })}
        </fieldset>
      ))}
      <p role="status" className="text-xs text-slate-700 dark:text-slate-300">
        {state.status === 'saving' ? 'Saving…' : state.status === 'saved' ? 'Choices saved.' : state.status === 'error' ? state.message : ''}
      </p>

      <table className="w-full border-collapse text-left text-sm">
        <caption className="mb-1 text-left font-semibold">Microsoft Graph permissions to add ({required.length})</caption>
        <TableHead columns={['Permission', 'Type', 'Why']} />
        <tbody>
          {required.map((r) => (
            <tr key={r.permission} className="border-b border-slate-200 align-top dark:border-slate-800">
              <th scope="row" className="py-1 pr-2 font-mono font-semibold">
                {r.permission}
              </th>
              <td className="py-1 pr-2">Application</td>
              <td className="py-1">
                {r.neededBy.map(labelOf).join(', ')}
                {r.access === 'write' && <span className="block text-xs text-slate-700 dark:text-slate-300">Changes your directory: verified from the token only.</span>}
                {r.inferred && (
                  <span className="block text-xs text-slate-700 dark:text-slate-300">Partly inferred: see the note on the choice.</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="text-sm">
        In <strong>API permissions</strong>: <strong>Add a permission</strong> &gt; <strong>Microsoft Graph</strong> &gt; <strong>Application permissions</strong> &gt; tick{' '}
        {required.map((r, i) => (
          <span key={r.permission}>
            {i > 0 && (i === required.length - 1 ? ' and ' : ', ')}
            <code className="font-mono">{r.permission}</code>
          </span>
        ))}{' '}
        &gt; <strong>Add permissions</strong>, then <strong>Grant admin consent for {'<your tenant>'}</strong>. Only a{' '}
        <strong>Privileged Role Administrator</strong> or <strong>Global Administrator</strong> can consent to Microsoft Graph application permissions; Cloud Application
        Administrators and Application Administrators cannot.
      </p>
      <CustomCallLookup />
    </section>
  );
}

function CustomCallLookup() {
  const [method, setMethod] = useState('GET');
  const [path, setPath] = useState('');
  const [result, setResult] = useState<CustomCallLookup | { error: string } | undefined>(undefined);
  async function submit(e: FormEvent) {
    e.preventDefault();
    try {
      const res = await fetch(`/api/workflows?call=${encodeURIComponent(`${method} ${path}`)}`);
      const body = (await res.json()) as { lookup?: CustomCallLookup; error?: { message?: string } };
      setResult(body.lookup ?? { error: body.error?.message ?? `HTTP ${res.status}` });
    } catch {
      setResult({ error: 'The server could not be reached.' });
    }
  }
  return (
    <form onSubmit={submit} className="space-y-2 rounded-md border border-slate-300 p-3 dark:border-slate-700" aria-labelledby="custom-call-heading">
      <h3 id="custom-call-heading" className="text-sm font-semibold">
        Which permission does my own thinklet call need?
      </h3>
      <div className="flex flex-wrap gap-2">
        <label className="sr-only" htmlFor="custom-method">
          HTTP method
        </label>
        <select id="custom-method" value={method} onChange={(e) => setMethod(e.target.value)} className={`${inputClass} w-28`}>
          {['GET', 'POST', 'PATCH', 'PUT', 'DELETE'].map((m) => (
            <option key={m}>{m}</option>
          ))}
        </select>
        <label className="sr-only" htmlFor="custom-path">
          Graph path
        </label>
        <input
          id="custom-path"
          value={path}
          onChange={(e) => setPath(e.target.value)}
          placeholder="/groups/{id}/members/$ref"
          className={`${inputClass} min-w-0 flex-1 font-mono`}
          autoComplete="off"
          spellCheck={false}
        />
        <Button type="submit" variant="secondary">
          Look up
        </Button>
      </div>
      <div aria-live="polite" className="text-sm">
        {result && 'error' in result && <p>{result.error}</p>}
        {result && 'match' in result && result.match && (
          <p>
            <strong className="font-mono">{result.permission}</strong> (Application){result.alsoNeeds.length > 0 && <> plus {result.alsoNeeds.join(', ')}</>} — {result.what}.{' '}
            {result.source === 'inferred' ? 'Inferred from related Graph documentation.' : 'As documented by Microsoft.'}{' '}
            <ExtLink href={result.docsUrl}>
              Graph reference
            </ExtLink>
            {result.warning && <span className="block text-amber-900 dark:text-amber-200">{result.warning}</span>}
          </p>
        )}
        {result && 'match' in result && !result.match && (
          <p>
            {result.reason}:{' '}
            <ExtLink href={result.docsUrl}>
              Microsoft Graph API reference
            </ExtLink>
            .
          </p>
        )}
      </div>
    </form>
  );
}
