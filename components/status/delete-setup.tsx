'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { api } from '@/components/api';
import { Button } from '@/components/ui/button';

/** Deletes the setup after an explicit second click; its runs, analyses, share links and history go with it. */
export function DeleteSetup({ setupId, name }: { setupId: string; name: string }) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  async function remove() {
    setBusy(true);
    setError('');
    try {
      await api(`/api/setups/${setupId}`, { method: 'DELETE' });
      router.replace('/setups');
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="delete-heading" className="no-print space-y-3 rounded-lg border border-red-300 p-4 dark:border-red-800">
      <h2 id="delete-heading" className="text-lg font-semibold">
        Delete this setup
      </h2>
      {!confirming ? (
        <Button variant="secondary" onClick={() => setConfirming(true)}>
          Delete setup…
        </Button>
      ) : (
        <div role="group" aria-labelledby="delete-confirm" className="space-y-3">
          <p id="delete-confirm" className="text-sm">
            Delete “{name}” for good? Its validation history, user analyses, event log and share links are removed from this server; open share links stop
            working. Nothing changes in Entra ID or Nexthink.
          </p>
          <div className="flex flex-wrap gap-2">
            <Button variant="danger" onClick={remove} disabled={busy}>
              {busy ? 'Deleting…' : 'Delete for good'}
            </Button>
            <Button variant="secondary" onClick={() => setConfirming(false)} disabled={busy}>
              Cancel
            </Button>
          </div>
        </div>
      )}
      <p role="alert" className="text-sm text-red-700 dark:text-red-300">
        {error}
      </p>
    </section>
  );
}
