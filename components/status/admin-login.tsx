'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Field, inputClass } from '@/components/ui/field';

export function AdminLogin() {
  const router = useRouter();
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const res = await fetch('/api/admin/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
    if (res.ok) {
      setToken('');
      router.refresh();
    } else {
      const body = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
      setError(body.error?.message ?? `HTTP ${res.status}`);
    }
  }
  return (
    <form onSubmit={submit} className="max-w-md space-y-3 rounded-lg border border-slate-300 p-4 dark:border-slate-700">
      <p className="text-sm">Every setup on this server is listed for the operator. Enter the ADMIN_TOKEN the server was started with.</p>
      <Field id="admin-token" label="Admin token" error={error}>
        {(aria) => <input {...aria} type="password" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} className={inputClass} />}
      </Field>
      <Button type="submit">Show all setups</Button>
    </form>
  );
}
