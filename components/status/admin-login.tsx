'use client';

import { useRouter } from 'next/navigation';
import { useRef, useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { SecretInput } from '@/components/ui/secret-input';

/** The operator's ADMIN_TOKEN, read from the input on submit only (never held in state nor in the HTML). */
export function AdminLogin() {
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | undefined>(undefined);
  async function submit(e: FormEvent) {
    e.preventDefault();
    try {
      const res = await fetch('/api/admin/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: input.current?.value ?? '' }) });
      if (res.ok) {
        if (input.current) input.current.value = '';
        router.refresh();
      } else {
        const body = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
        setError(body.error?.message ?? `HTTP ${res.status}`);
      }
    } catch {
      setError('The wizard’s server could not be reached. Check the connection and try again.');
    }
  }
  return (
    <form onSubmit={submit} className="max-w-md space-y-3 rounded-lg border border-slate-300 p-4 dark:border-slate-700">
      <p className="text-sm">Every setup on this server is listed for the operator. Enter the ADMIN_TOKEN the server was started with.</p>
      <Field id="admin-token" label="Admin token" error={error}>
        {(aria) => <SecretInput {...aria} ref={input} what="admin token" />}
      </Field>
      <Button type="submit">Show all setups</Button>
    </form>
  );
}
