'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { SetupPatch } from '@/lib/setups/schema';

export type SaveState = { status: 'idle' | 'saving' | 'saved' | 'error'; message?: string; fieldErrors: Record<string, string> };

const DEBOUNCE_MS = 400;

/**
 * Saves each change shortly after it is typed, sending only the fields that changed (so two tabs
 * editing different fields never overwrite each other). `flush()` saves what is pending now.
 */
export function useAutosave(setupId: string, onSaved?: (json: unknown) => void) {
  const [state, setState] = useState<SaveState>({ status: 'idle', fieldErrors: {} });
  const pending = useRef<SetupPatch>({});
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const inFlight = useRef<Promise<boolean> | undefined>(undefined);

  const send = useCallback(async (): Promise<boolean> => {
    if (inFlight.current) await inFlight.current;
    const patch = pending.current;
    if (Object.keys(patch).length === 0) return true;
    pending.current = {};
    setState((s) => ({ ...s, status: 'saving' }));
    const run = (async () => {
      try {
        const res = await fetch(`/api/setups/${setupId}`, {
          method: 'PATCH',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(patch),
        });
        const json = (await res.json().catch(() => ({}))) as { error?: { message?: string; fields?: Record<string, string> } };
        if (!res.ok) {
          setState({ status: 'error', message: json.error?.message ?? `Saving failed (HTTP ${res.status}).`, fieldErrors: json.error?.fields ?? {} });
          return false;
        }
        setState({ status: 'saved', fieldErrors: {} });
        onSaved?.(json);
        return true;
      } catch {
        pending.current = { ...patch, ...pending.current };
        setState({ status: 'error', message: 'Could not reach the server: your changes are kept on this page and will be saved with the next change.', fieldErrors: {} });
        return false;
      }
    })();
    inFlight.current = run;
    const ok = await run;
    inFlight.current = undefined;
    return ok;
  }, [setupId, onSaved]);

  const save = useCallback(
    (patch: SetupPatch) => {
      pending.current = { ...pending.current, ...patch, ...(patch.mapping && { mapping: { ...pending.current.mapping, ...patch.mapping } }) };
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void send(), DEBOUNCE_MS);
    },
    [send],
  );

  const flush = useCallback(async () => {
    clearTimeout(timer.current);
    return send();
  }, [send]);

  useEffect(() => () => clearTimeout(timer.current), []);
  useEffect(() => {
    // A reload or tab close within the debounce window still saves the last keystrokes.
    const beforeUnload = () => {
      if (Object.keys(pending.current).length === 0) return;
      void fetch(`/api/setups/${setupId}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(pending.current),
        keepalive: true,
      });
      pending.current = {};
    };
    window.addEventListener('pagehide', beforeUnload);
    return () => window.removeEventListener('pagehide', beforeUnload);
  }, [setupId]);

  return { state, save, flush };
}
