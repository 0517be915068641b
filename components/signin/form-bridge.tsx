'use client';

import { createContext, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Setup, SetupPatch } from '@/lib/setups/schema';

/**
 * Lets the sign-in panel (in the page's content) fill the step's inputs (in "Your values") through the form's
 * own autosave, and read what is typed there now. The form connects itself; without a provider nothing happens.
 */

export type FormValues = Pick<Setup, 'tenant' | 'clientId' | 'cloud' | 'secretExpiresOn'>;
export type FormBridge = { values: FormValues; fill(patch: SetupPatch): void };

type Ctx = { bridge: FormBridge | null; connect(bridge: FormBridge | null): void };

const BridgeContext = createContext<Ctx | null>(null);

export function FormBridgeProvider({ children }: { children: ReactNode }) {
  const [bridge, connect] = useState<FormBridge | null>(null);
  const value = useMemo(() => ({ bridge, connect }), [bridge]);
  return <BridgeContext.Provider value={value}>{children}</BridgeContext.Provider>;
}

/** Called by the step form with its current values and its change-and-autosave function. */
export function useConnectFormBridge(values: FormValues, change: (patch: SetupPatch) => void): void {
  const connect = useContext(BridgeContext)?.connect;
  const changeRef = useRef(change);
  useEffect(() => {
    changeRef.current = change;
  });
  // Only the four fields the sign-in panel reads: typing a name or a mapping does not re-render it.
  const { tenant, clientId, cloud, secretExpiresOn } = values;
  const picked = useMemo(() => ({ tenant, clientId, cloud, secretExpiresOn }), [tenant, clientId, cloud, secretExpiresOn]);
  useEffect(() => {
    connect?.({ values: picked, fill: (patch) => changeRef.current(patch) });
  }, [connect, picked]);
  useEffect(() => () => connect?.(null), [connect]);
}

export function useFormBridge(): FormBridge | null {
  return useContext(BridgeContext)?.bridge ?? null;
}
