'use client';

import { useSyncExternalStore } from 'react';
import type { CloudId } from '@/lib/entra/clouds';
import type { SignedInAccount } from './msal-client';

/**
 * Who is signed in, in this tab's memory, for the pages of the wizard to share while the admin moves between
 * steps (client navigation keeps it; a reload forgets it, as msal's memory cache does). Never the token.
 */
export type Session = { cloud: CloudId; account: SignedInAccount } | null;

let current: Session = null;
const listeners = new Set<() => void>();

export function setSession(next: Session): void {
  current = next;
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useSession(): Session {
  return useSyncExternalStore(
    subscribe,
    () => current,
    () => null,
  );
}
