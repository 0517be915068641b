'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui/button';

export function NewSetupButton() {
  const router = useRouter();
  const [state, setState] = useState<'idle' | 'creating' | 'error'>('idle');
  async function create() {
    setState('creating');
    try {
      const res = await fetch('/api/setups', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      if (!res.ok) throw new Error(String(res.status));
      const setup = (await res.json()) as { id: string };
      router.push(`/setups/${setup.id}/app-registration`);
    } catch {
      setState('error');
    }
  }
  return (
    <div className="space-y-2">
      <Button onClick={create} disabled={state === 'creating'} className="px-6 py-3 text-base">
        {state === 'creating' ? 'Creating…' : 'New setup'}
      </Button>
      <p role="status" className="text-sm text-red-800 dark:text-red-300">
        {state === 'error' ? 'The setup could not be created. Check that the server is running and try again.' : ''}
      </p>
    </div>
  );
}
