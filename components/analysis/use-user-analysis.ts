'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { readNdjson } from '@/lib/api/read-ndjson';
import type { AnalysisEvent, StoredAnalysis } from '@/lib/analysis/events';
import { UpnIndex } from '@/lib/analysis/reconcile';
import { statusWords } from '@/lib/checks/result';
import { formatCount } from '@/lib/format';

type Progress = Extract<AnalysisEvent, { type: 'progress' }>;
type Waiting = Extract<AnalysisEvent, { type: 'waiting' }>;
type Failure = Extract<AnalysisEvent, { type: 'error' }>;

export type AnalysisRun =
  | { phase: 'idle' }
  | { phase: 'running'; progress?: Progress; waiting?: Waiting; retried: string[] }
  | { phase: 'done'; result: StoredAnalysis; retried: string[] }
  | { phase: 'cancelled'; progress?: Progress }
  | { phase: 'error'; error: Pick<Failure, 'message' | 'remediation' | 'evidence' | 'users' | 'pages'>; progress?: Progress };

type Milestones = { phase: string; decile: number; at: number; waiting: string };

/** What a screen reader hears: the start, every tenth of the way (or 15 s), waits, and the end — not every page. */
function announcementFor(run: AnalysisRun, m: Milestones, describe: (p: Progress) => string): string | undefined {
  const now = Date.now();
  if (run.phase === 'running') {
    if (m.phase !== 'running') {
      Object.assign(m, { phase: 'running', decile: -1, at: now, waiting: '' });
      return 'Analysis started: reading all users from Microsoft Graph.';
    }
    if (run.waiting && run.waiting.reason !== 'slow' && m.waiting !== run.waiting.reason) {
      m.waiting = run.waiting.reason;
      return run.waiting.message;
    }
    const p = run.progress;
    if (!p) return undefined;
    const decile = p.expected ? Math.floor((p.users / p.expected) * 10) : -1;
    if ((p.expected && decile > m.decile) || now - m.at > 15_000) {
      Object.assign(m, { decile, at: now, waiting: '' });
      return describe(p);
    }
    return undefined;
  }
  if (run.phase === m.phase) return undefined;
  m.phase = run.phase;
  if (run.phase === 'done') return `Analysis finished: ${formatCount(run.result.totals.total)} users, ${statusWords[run.result.status]}.`;
  if (run.phase === 'cancelled') return 'Analysis cancelled. Nothing was saved.';
  if (run.phase === 'error') return `The analysis stopped: ${run.error.message}`;
  return undefined;
}

export const analysisQueryKey = (setupId: string) => ['analysis', setupId] as const;

/**
 * Runs the tenant-wide analysis through the streaming API and keeps Entra's UPNs — for the export
 * reconciliation only — in this tab's memory (a ref), never in state, storage or the server. They are
 * dropped when a new analysis starts and when the page goes away.
 */
export function useUserAnalysis(setupId: string, describe: (p: Progress) => string) {
  const queryClient = useQueryClient();
  const [run, setRunState] = useState<AnalysisRun>({ phase: 'idle' });
  const [announcement, setAnnouncement] = useState('');
  const milestones = useRef<Milestones>({ phase: 'idle', decile: -1, at: 0, waiting: '' });
  const setRun = useCallback(
    (next: AnalysisRun) => {
      setRunState(next);
      const said = announcementFor(next, milestones.current, describe);
      if (said !== undefined) setAnnouncement(said);
    },
    [describe],
  );
  const [upnCount, setUpnCount] = useState(0);
  const abortRef = useRef<AbortController | undefined>(undefined);
  const upnsRef = useRef<UpnIndex | undefined>(undefined);

  useEffect(
    () => () => {
      abortRef.current?.abort();
      upnsRef.current = undefined;
    },
    [],
  );

  const start = useCallback(
    async (clientSecret: string) => {
      abortRef.current?.abort();
      const abort = new AbortController();
      abortRef.current = abort;
      upnsRef.current = undefined;
      setUpnCount(0);
      const index = new UpnIndex();
      let progress: Progress | undefined;
      const retried: string[] = [];
      setRun({ phase: 'running', retried });
      let finished = false;
      try {
        const res = await fetch(`/api/setups/${setupId}/steps/field-mapping/analyse`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ clientSecret, includeUpns: true }),
          signal: abort.signal,
        });
        if (!res.ok || !res.body) {
          const json = (await res.json().catch(() => undefined)) as { error?: { message?: string } } | undefined;
          setRun({ phase: 'error', error: { message: json?.error?.message ?? `The server answered HTTP ${res.status}.`, users: 0, pages: 0 } });
          return;
        }
        const handle = (event: unknown) => {
          // Our own server's events (lib/analysis/events.ts); shapes are trusted, kinds are checked.
          const e = event as AnalysisEvent;
          if (e.type === 'upns') {
            if (Array.isArray(e.upns)) for (const u of e.upns) if (typeof u === 'string') index.add(u);
            return;
          }
          if (e.type === 'progress') {
            progress = e;
            setRun({ phase: 'running', progress: e, retried });
          } else if (e.type === 'waiting') {
            setRun({ phase: 'running', ...(progress && { progress }), waiting: e, retried });
          } else if (e.type === 'retried') {
            retried.push(`page ${e.page}: ${e.detail}`);
            setRun({ phase: 'running', ...(progress && { progress }), retried: [...retried] });
          } else if (e.type === 'done') {
            finished = true;
            upnsRef.current = index;
            setUpnCount(index.size);
            queryClient.setQueryData(analysisQueryKey(setupId), { analysis: e.analysis });
            setRun({ phase: 'done', result: e.analysis, retried });
          } else if (e.type === 'error') {
            finished = true;
            setRun({ phase: 'error', error: e, ...(progress && { progress }) });
          }
        };
        await readNdjson(res.body, handle);
        if (!finished) {
          setRun({ phase: 'error', error: { message: 'The connection to the server was lost before the analysis finished.', remediation: 'Run it again.', users: progress?.users ?? 0, pages: progress?.pages ?? 0 }, ...(progress && { progress }) });
        }
      } catch (err) {
        if (abort.signal.aborted) {
          setRun({ phase: 'cancelled', ...(progress && { progress }) });
          return;
        }
        setRun({ phase: 'error', error: { message: err instanceof Error ? `The analysis could not run: ${err.message}` : 'The analysis could not run.', users: progress?.users ?? 0, pages: progress?.pages ?? 0 } });
      } finally {
        if (abortRef.current === abort) abortRef.current = undefined;
      }
    },
    [queryClient, setupId, setRun],
  );

  const cancel = useCallback(() => abortRef.current?.abort(), []);

  return { run, announcement, start, cancel, upnIndex: () => upnsRef.current, upnCount };
}
