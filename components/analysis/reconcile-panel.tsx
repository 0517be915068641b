'use client';

import { useRef, useState, type DragEvent } from 'react';
import { Button } from '@/components/ui/button';
import { StatusBadge } from '@/components/ui/status-badge';
import { CsvHeaderError, reconcileCategories, reconcileStream, type ReconcileResult, type UpnIndex } from '@/lib/analysis/reconcile';
import { exportQuery } from '@/lib/nexthink/nql';
import { formatCount, formatDuration, percent } from '@/lib/format';
import { CodeSnippet } from './code-snippet';
import { Examples } from './examples';
import { TableHead } from '@/components/ui/table-head';
import { Callout } from '@/components/ui/callout';

type State =
  | { phase: 'idle' }
  | { phase: 'reading'; file: string; rows: number }
  | { phase: 'done'; file: string; result: ReconcileResult; ms: number }
  | { phase: 'error'; file: string; message: string };

/** File chunks as text, decoded as they arrive: the file is never held whole. */
async function* textChunks(file: File, signal: AbortSignal): AsyncGenerator<string> {
  const reader = file.stream().pipeThrough(new TextDecoderStream('utf-8')).getReader();
  try {
    for (;;) {
      if (signal.aborted) throw new DOMException('cancelled', 'AbortError');
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

function reconcileStatus(r: ReconcileResult): 'pass' | 'warn' | 'fail' {
  const populated = r.rows - r.counts.empty;
  if (r.rows === 0 || populated === 0) return 'fail';
  const matched = r.counts.exact + r.counts.caseOnly;
  if (matched === populated && r.counts.empty / r.rows < 0.2) return 'pass';
  return 'warn';
}

export function ReconcilePanel({ getIndex, upnCount }: { getIndex(): UpnIndex | undefined; upnCount: number }) {
  const [state, setState] = useState<State>({ phase: 'idle' });
  const [dragging, setDragging] = useState(false);
  const abortRef = useRef<AbortController | undefined>(undefined);
  const inputRef = useRef<HTMLInputElement>(null);
  const ready = upnCount > 0;

  async function read(file: File) {
    const index = getIndex();
    if (!index) return;
    abortRef.current?.abort();
    const abort = new AbortController();
    abortRef.current = abort;
    setState({ phase: 'reading', file: file.name, rows: 0 });
    const started = performance.now();
    try {
      const result = await reconcileStream(textChunks(file, abort.signal), index, {
        signal: abort.signal,
        onProgress: (rows) => setState({ phase: 'reading', file: file.name, rows }),
      });
      setState({ phase: 'done', file: file.name, result, ms: Math.round(performance.now() - started) });
    } catch (err) {
      if (abort.signal.aborted) {
        setState({ phase: 'idle' });
        return;
      }
      setState({
        phase: 'error',
        file: file.name,
        message: err instanceof CsvHeaderError ? err.message : `The file could not be read: ${err instanceof Error ? err.message : String(err)}`,
      });
    } finally {
      if (inputRef.current) inputRef.current.value = '';
    }
  }

  function onDrop(e: DragEvent<HTMLDivElement>) {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (file && ready) void read(file);
  }

  return (
    <section aria-labelledby="reconcile-heading" className="space-y-3">
      <h3 id="reconcile-heading" className="text-lg font-semibold">
        2. Reconcile with a Nexthink export (offline proof)
      </h3>
      <ol className="list-decimal space-y-2 pl-5 text-sm">
        <li>
          In Nexthink, open <strong>Investigations</strong>, start a new investigation and run this NQL:
          <div className="mt-1">
            <CodeSnippet value={exportQuery} label="NQL for the users export" />
          </div>
        </li>
        <li>
          Export the results as <strong>CSV</strong> (the export keeps the columns <code className="font-mono">user.name</code>,{' '}
          <code className="font-mono">user.sid</code>, <code className="font-mono">user.ad.username</code>).
        </li>
        <li>Drop the file below or choose it. It is read in this browser, a piece at a time; it is not uploaded.</li>
      </ol>
      <div
        onDragOver={(e) => {
          e.preventDefault();
          if (ready) setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        className={`space-y-2 rounded-lg border-2 border-dashed p-4 ${dragging ? 'border-brand-600 bg-brand-50 dark:bg-slate-900' : 'border-slate-400 dark:border-slate-600'}`}
      >
        <label htmlFor="nexthink-export" className="block text-sm font-semibold">
          Nexthink users export (CSV)
        </label>
        <input
          ref={inputRef}
          id="nexthink-export"
          type="file"
          accept=".csv,text/csv"
          disabled={!ready || state.phase === 'reading'}
          aria-describedby="nexthink-export-hint"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void read(file);
          }}
          className="block w-full text-sm file:mr-3 file:rounded-md file:border file:border-slate-500 file:bg-white file:px-3 file:py-1.5 file:text-sm file:font-semibold file:text-slate-900 disabled:opacity-60 dark:file:bg-slate-900 dark:file:text-slate-100"
        />
        <p id="nexthink-export-hint" className="text-xs text-slate-700 dark:text-slate-300">
          {ready
            ? `Compared with the ${formatCount(upnCount)} UPNs the analysis read, case-insensitively. Or drop the file here.`
            : 'Run “Analyse all users” in this tab first: the comparison needs Entra ID’s UPNs, which this page keeps in this tab’s memory only.'}
        </p>
      </div>
      <div role="status" aria-live="polite" className="text-sm">
        {state.phase === 'reading' && `Reading ${state.file}: ${formatCount(state.rows)} rows so far…`}
        {state.phase === 'done' && `Read ${formatCount(state.result.rows)} Nexthink users from ${state.file}.`}
      </div>
      {state.phase === 'reading' && (
        <Button variant="secondary" onClick={() => abortRef.current?.abort()}>
          Stop reading
        </Button>
      )}
      {state.phase === 'error' && (
        <Callout tone="danger" alert title={<>{state.file} could not be compared.</>}>
          <p>{state.message}</p>
        </Callout>
      )}
      {state.phase === 'done' && <ReconcileResultView result={state.result} ms={state.ms} />}
    </section>
  );
}

function ReconcileResultView({ result, ms }: { result: ReconcileResult; ms: number }) {
  const { rows, counts } = result;
  const populated = rows - counts.empty;
  const matched = counts.exact + counts.caseOnly;
  const none = populated - matched;
  const status = reconcileStatus(result);
  return (
    <div className="space-y-3 rounded-lg border border-slate-300 p-4 dark:border-slate-700" role="group" aria-labelledby="reconcile-result-heading">
      <div className="flex flex-wrap items-center gap-3">
        <h4 id="reconcile-result-heading" className="text-base font-semibold">
          Reconciliation: {formatCount(rows)} Nexthink users
        </h4>
        <StatusBadge status={status} />
      </div>
      <p className="text-sm">
        user.ad.username populated for {formatCount(populated)} ({percent(populated, rows)}); of those, {formatCount(matched)} match an Entra UPN (
        {percent(matched, populated)}: {formatCount(counts.exact)} exactly, {formatCount(counts.caseOnly)} only when case is ignored) and {formatCount(none)} match
        none ({percent(none, populated)}). Compared with {formatCount(result.entraUpns)} Entra UPNs in {formatDuration(ms)}; columns used:{' '}
        {[result.columns.username, result.columns.name, result.columns.sid].filter(Boolean).join(', ')}.
      </p>
      <div className="overflow-x-auto">
        <table className="w-full border-collapse text-left text-sm">
          <caption className="sr-only">Nexthink users by how their user.ad.username compares with Entra ID</caption>
          <TableHead columns={['Category', { label: 'Users', align: 'right' }, { label: 'Share', align: 'right' }, 'Likely cause']} cellClassName="py-1 pr-3" />
          <tbody>
            {reconcileCategories.map((c) => (
              <tr key={c.id} className="border-b border-slate-200 align-top dark:border-slate-800" data-category={c.id}>
                <th scope="row" className="py-1 pr-3 font-medium">
                  {c.label}
                </th>
                <td className="py-1 pr-3 text-right tabular-nums">{formatCount(counts[c.id])}</td>
                <td className="py-1 pr-3 text-right tabular-nums">{percent(counts[c.id], rows)}</td>
                <td className="py-1">
                  {counts[c.id] > 0 ? c.cause : '—'}
                  {c.id === 'localSuffix' && result.localRewritten > 0 && (
                    <> {formatCount(result.localRewritten)} of them exist in Entra ID under the same name @…onmicrosoft.com.</>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ul className="space-y-1 text-sm">
        {reconcileCategories
          .filter((c) => result.examples[c.id].length > 0)
          .map((c) => (
            <li key={c.id}>
              <Examples
                label={c.label}
                items={result.examples[c.id]}
                total={counts[c.id]}
                render={(e) => `${e.name ? `${e.name}: ` : ''}${e.username || '(empty)'}${e.entra ? ` — Entra: ${e.entra}` : ''}`}
              />
            </li>
          ))}
      </ul>
    </div>
  );
}
