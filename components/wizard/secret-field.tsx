'use client';

import { useEffect, useRef, useState } from 'react';
import { Field } from '@/components/ui/field';
import { SecretInput } from '@/components/ui/secret-input';
import { parseSecretInput } from '@/lib/entra/identifiers';
import { useSecret } from './secret-context';

/**
 * The Client secret value: kept in this tab's memory (the setup's SecretProvider) and sent only in the
 * body of a validation request. Checked here, before anything is sent, for the Secret-ID mistake.
 */
export function SecretField({ id = 'client-secret' }: { id?: string }) {
  const { secret, setSecret } = useSecret();
  const [touched, setTouched] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  // Uncontrolled on purpose: a controlled input mirrors its value into the DOM's value attribute,
  // and the secret must not sit in the page's HTML. The value is set as a property only.
  useEffect(() => {
    if (input.current && input.current.value !== secret) input.current.value = secret;
  }, [secret]);
  const parsed = secret === '' ? undefined : parseSecretInput(secret);
  const error = parsed && !parsed.ok ? parsed.message : touched && secret === '' ? 'Paste the client secret Value.' : undefined;
  const warning = parsed?.ok ? parsed.note : undefined;
  return (
    <Field
      id={id}
      label="Client secret value"
      hint="Kept in this browser tab's memory only and sent only to validate. It is never saved: after a reload, paste it again."
      error={error}
      warning={warning}
    >
      {(aria) => <SecretInput {...aria} ref={input} what="client secret" onChange={(e) => setSecret(e.target.value)} onBlur={() => setTouched(true)} />}
    </Field>
  );
}
