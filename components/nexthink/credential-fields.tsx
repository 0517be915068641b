'use client';

import type { RefObject } from 'react';
import { Field, inputClass, TextInput } from '@/components/ui/field';
import { SecretInput } from '@/components/ui/secret-input';
import { nexthinkRegions, type NexthinkRegion } from '@/lib/nexthink/nql';

export type NexthinkCredential = { instance: string; region: NexthinkRegion; clientId: string };

/**
 * The Nexthink instance, region and API credential, as every check that calls Nexthink's API asks for them. The
 * secret is an uncontrolled input read through `secretRef` when the check runs: never in React state, the
 * page's HTML, storage or a URL.
 */
export function NexthinkCredentialFields({
  idPrefix,
  values,
  errors,
  onChange,
  secretRef,
  clientIdHint,
}: {
  idPrefix: string;
  values: NexthinkCredential;
  errors: Partial<Record<keyof NexthinkCredential | 'clientSecret', string>>;
  onChange: (field: keyof NexthinkCredential, value: string) => void;
  secretRef: RefObject<HTMLInputElement | null>;
  clientIdHint?: string;
}) {
  return (
    <>
      <Field id={`${idPrefix}-instance`} label="Nexthink instance" hint="The first part of your Nexthink address: acme for https://acme.eu.nexthink.cloud" error={errors.instance}>
        {(aria) => <TextInput {...aria} value={values.instance} onChange={(e) => onChange('instance', e.target.value)} placeholder="acme" />}
      </Field>
      <Field id={`${idPrefix}-region`} label="Region" error={errors.region}>
        {(aria) => (
          <select {...aria} value={values.region} onChange={(e) => onChange('region', e.target.value)} className={inputClass}>
            {nexthinkRegions.map((r) => (
              <option key={r.id} value={r.id}>
                {r.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id={`${idPrefix}-client-id`} label="API credential client ID" {...(clientIdHint && { hint: clientIdHint })} error={errors.clientId}>
        {(aria) => <TextInput {...aria} value={values.clientId} onChange={(e) => onChange('clientId', e.target.value)} className="font-mono" />}
      </Field>
      <Field id={`${idPrefix}-client-secret`} label="API credential client secret" hint="Kept in this tab's memory only and sent only to run this check. Never saved." error={errors.clientSecret}>
        {(aria) => <SecretInput {...aria} ref={secretRef} what="API credential client secret" />}
      </Field>
    </>
  );
}
