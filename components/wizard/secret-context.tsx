'use client';

import { createContext, useContext, useMemo, useRef, useState, type ReactNode } from 'react';

/**
 * The client secret, held in this tab's memory only while the admin moves between the steps of one
 * setup. It is never written to storage, a URL or the server's database: a reload forgets it.
 * `runRequested` carries the Validate button's intent to the validation page across client navigation.
 */
type SecretState = {
  secret: string;
  setSecret(value: string): void;
  requestRun(): void;
  takeRunRequest(): boolean;
};

const SecretContext = createContext<SecretState | undefined>(undefined);

export function SecretProvider({ children }: { children: ReactNode }) {
  const [secret, setSecret] = useState('');
  const runRequested = useRef(false);
  const value = useMemo<SecretState>(
    () => ({
      secret,
      setSecret,
      requestRun: () => {
        runRequested.current = true;
      },
      takeRunRequest: () => {
        const was = runRequested.current;
        runRequested.current = false;
        return was;
      },
    }),
    [secret],
  );
  return <SecretContext.Provider value={value}>{children}</SecretContext.Provider>;
}

export function useSecret(): SecretState {
  const ctx = useContext(SecretContext);
  if (!ctx) throw new Error('useSecret outside SecretProvider');
  return ctx;
}
