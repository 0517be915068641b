'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { SetupPatch } from '@/lib/setups/schema';

export type SaveState = { status: 'idle' | 'saving' | 'saved' | 'error'; message?: string; fieldErrors: Record<string, string> };

function merge(a: SetupPatch, b: SetupPatch): SetupPatch {
  return { ...a, ...b, ...((a.mapping || b.mapping) && { mapping: { ...a.mapping, ...b.mapping } }) };
}

/**
 * Saves every change as it is typed, sending only the fields that changed (so two tabs editing
 * different fields never overwrite each other). One request at a time: changes typed meanwhile are
 * merged and sent next. Requests use `keepalive`, so a reload or a closed tab does not cancel them.
 */
export function useAutosave(setupId: string, options: { onSaved?: () => void } = {}) {
  const onSaved = useRef(options.onSaved);
  useEffect(() => {
    onSaved.current = options.onSaved;
  });
  const [state, setState] = useState<SaveState>({ status: 'idle', fieldErrors: {} });
  const pending = useRef<SetupPatch>({});
  const inFlight = useRef<Promise<boolean> | undefined>(undefined);

  const sendOne = useCallback(
    async (patch: SetupPatch): Promise<boolean> => {
      setState((s) => ({ ...s, status: 'saving' }));
      try {
        const res = await fetch(`/api/setups/${setupId}`, {
          method: 'PATCH',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(patch),
          keepalive: true,
        });
        const json = (await res.json().catch(() => ({}))) as { error?: { message?: string; fields?: Record<string, string> } };
        if (!res.ok) {
          setState({ status: 'error', message: json.error?.message ?? `Saving failed (HTTP ${res.status}).`, fieldErrors: json.error?.fields ?? {} });
          return false;
        }
        return true;
      } catch {
        pending.current = merge(patch, pending.current);
        setState({ status: 'error', message: 'Could not reach the server. Your changes stay on this page and are saved with the next change or Validate.', fieldErrors: {} });
        return false;
      }
    },
    [setupId],
  );

  const drain = useCallback(async (): Promise<boolean> => {
    let ok = true;
    while (Object.keys(pending.current).length > 0) {
      const patch = pending.current;
      pending.current = {};
      ok = await sendOne(patch);
      if (!ok) break;
    }
    if (ok) {
      setState({ status: 'saved', fieldErrors: {} });
      onSaved.current?.();
    }
    return ok;
  }, [sendOne]);

  const flush = useCallback(async (): Promise<boolean> => {
    if (inFlight.current) await inFlight.current;
    if (Object.keys(pending.current).length === 0) return state.status !== 'error';
    const run = drain();
    inFlight.current = run;
    const ok = await run;
    inFlight.current = undefined;
    return ok;
  }, [drain, state.status]);

  const save = useCallback(
    (patch: SetupPatch) => {
      pending.current = merge(pending.current, patch);
      if (!inFlight.current) void flush();
    },
    [flush],
  );

  useEffect(() => {
    const onPageHide = () => {
      if (Object.keys(pending.current).length === 0) return;
      void fetch(`/api/setups/${setupId}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(pending.current), keepalive: true });
      pending.current = {};
    };
    window.addEventListener('pagehide', onPageHide);
    return () => window.removeEventListener('pagehide', onPageHide);
  }, [setupId]);

  return { state, save, flush };
}
