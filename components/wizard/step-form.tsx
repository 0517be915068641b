'use client';

import { useRouter } from 'next/navigation';
import { useState, type ReactNode } from 'react';
import { useConnectFormBridge } from '@/components/signin/form-bridge';
import { Button } from '@/components/ui/button';
import { Field, TextInput, inputClass } from '@/components/ui/field';
import { appRegistrationLink, clouds, getCloud, type CloudId } from '@/lib/entra/clouds';
import { parseClientIdInput, parseTenantInput } from '@/lib/entra/identifiers';
import { nexthinkUserFields, type Mapping, type NexthinkFieldKey } from '@/lib/nexthink/mapping';
import type { Setup, SetupPatch } from '@/lib/setups/schema';
import { getStep, type StepId } from '@/lib/steps/registry';
import { useSecret } from './secret-context';
import { SecretField } from './secret-field';
import { useAutosave } from './use-autosave';
import { ExtLink } from '@/components/ui/ext-link';

type Values = Pick<Setup, 'name' | 'tenant' | 'clientId' | 'cloud' | 'secretExpiresOn' | 'sampleUpn' | 'mapping'>;

/** A step's inputs: every change autosaves; Validate saves what is pending and opens the validation page. */
export function StepForm({ setup, step }: { setup: Setup; step: StepId }) {
  const router = useRouter();
  const { requestRun } = useSecret();
  const { state, save, flush } = useAutosave(setup.id);
  const [values, setValues] = useState<Values>({
    name: setup.name,
    tenant: setup.tenant,
    clientId: setup.clientId,
    cloud: setup.cloud,
    secretExpiresOn: setup.secretExpiresOn,
    sampleUpn: setup.sampleUpn,
    mapping: setup.mapping,
  });
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [validating, setValidating] = useState(false);

  function change(patch: SetupPatch & Partial<Values>) {
    setValues((v) => ({ ...v, ...patch, ...(patch.mapping && { mapping: { ...v.mapping, ...patch.mapping } }) }));
    save(patch);
  }
  const blur = (name: string) => () => setTouched((t) => ({ ...t, [name]: true }));
  useConnectFormBridge(values, change);

  async function validate() {
    setValidating(true);
    const ok = await flush();
    if (!ok) {
      setValidating(false);
      return;
    }
    requestRun();
    router.push(`/setups/${setup.id}/${step}/validate`);
  }

  const serverError = (field: string) => state.fieldErrors[field];
  const tenant = parseTenantInput(values.tenant);
  const clientId = parseClientIdInput(values.clientId, [tenant.ok && tenant.kind === 'guid' ? tenant.value : undefined]);
  const cloud = getCloud(values.cloud);

  let fields: ReactNode;
  switch (step) {
    case 'app-registration':
      fields = (
        <>
          <Field id="cloud" label="Cloud" hint="Where your tenant lives. Most tenants are Global; choose US Government or China only for those national clouds." error={serverError('cloud')}>
            {(aria) => (
              <select {...aria} value={values.cloud} onChange={(e) => change({ cloud: e.target.value as CloudId })} className={inputClass}>
                {clouds.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.label} — {c.description}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            id="tenant"
            label="Directory (tenant) ID"
            hint="From the app's Overview page: a GUID, or a verified domain such as contoso.onmicrosoft.com."
            error={serverError('tenant') ?? (touched.tenant && values.tenant !== '' && !tenant.ok ? tenant.message : undefined)}
          >
            {(aria) => <TextInput {...aria} value={values.tenant} onChange={(e) => change({ tenant: e.target.value })} onBlur={blur('tenant')} className="font-mono" />}
          </Field>
          <Field
            id="client-id"
            label="Application (client) ID"
            hint="The first ID on the app's Overview page — not the Object ID."
            error={serverError('clientId') ?? (touched.clientId && values.clientId !== '' && !clientId.ok ? clientId.message : undefined)}
          >
            {(aria) => <TextInput {...aria} value={values.clientId} onChange={(e) => change({ clientId: e.target.value })} onBlur={blur('clientId')} className="font-mono" />}
          </Field>
          <Field id="setup-name" label="Name this setup (optional)" hint="For your own list, e.g. “Contoso production”." error={serverError('name')}>
            {(aria) => <TextInput {...aria} value={values.name} onChange={(e) => change({ name: e.target.value })} />}
          </Field>
          {clientId.ok && (
            <nav aria-label="This app in the admin center" className="rounded-md border border-slate-300 p-3 text-sm dark:border-slate-700">
              <p className="font-semibold">Open this app in the {cloud.label} admin center:</p>
              <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
                <li>
                  <ExtLink href={appRegistrationLink(cloud, clientId.value, 'Overview')}>
                    Overview
                  </ExtLink>
                </li>
                <li>
                  <ExtLink href={appRegistrationLink(cloud, clientId.value, 'Credentials')}>
                    Certificates &amp; secrets
                  </ExtLink>
                </li>
                <li>
                  <ExtLink href={appRegistrationLink(cloud, clientId.value, 'CallAnAPI')}>
                    API permissions
                  </ExtLink>
                </li>
              </ul>
            </nav>
          )}
        </>
      );
      break;
    case 'certificates-secrets':
      fields = (
        <>
          <SecretField />
          <Field
            id="secret-expires-on"
            label="Secret expires on (optional)"
            hint="The Expires column in Certificates & secrets. The status view warns you 30 days before."
            error={serverError('secretExpiresOn')}
          >
            {(aria) => (
              <input
                {...aria}
                type="date"
                value={values.secretExpiresOn ?? ''}
                onChange={(e) => change({ secretExpiresOn: e.target.value === '' ? null : e.target.value })}
                className={`${inputClass} max-w-xs`}
              />
            )}
          </Field>
        </>
      );
      break;
    case 'tenant-id':
      fields = (
        <>
          <Field
            id="sample-upn"
            label="Test user (optional)"
            hint="A user principal name to look up as a thinklet would, e.g. adele.vance@contoso.com. Leave empty and the wizard picks the first user."
            error={serverError('sampleUpn')}
          >
            {(aria) => <TextInput {...aria} type="email" value={values.sampleUpn} onChange={(e) => change({ sampleUpn: e.target.value })} />}
          </Field>
          <SecretIfMissing />
        </>
      );
      break;
    case 'field-mapping':
      fields = (
        <>
          <MappingEditor mapping={values.mapping} onChange={(key, property) => change({ mapping: { [key]: property } as Mapping })} errors={state.fieldErrors} />
          <SecretIfMissing />
        </>
      );
      break;
  }

  return (
    <section aria-labelledby="inputs-heading" className="space-y-4 rounded-lg border border-slate-300 p-4 dark:border-slate-700">
      <h2 id="inputs-heading" className="text-lg font-semibold">
        Your values
      </h2>
      {fields}
      <div className="flex flex-wrap items-center gap-3 border-t border-slate-200 pt-4 dark:border-slate-800">
        {/* Keeping focus in the field on mousedown stops its blur-time hint from moving this button mid-click. */}
        <Button onMouseDown={(e) => e.preventDefault()} onClick={validate} disabled={validating}>
          {validating ? 'Saving…' : 'Validate'}
        </Button>
        <p role="status" className="text-sm text-slate-700 dark:text-slate-300">
          {state.status === 'saving' && 'Saving…'}
          {state.status === 'saved' && 'All changes saved.'}
          {state.status === 'error' && <span className="font-medium text-red-800 dark:text-red-300">{state.message}</span>}
        </p>
      </div>
      <p className="text-xs text-slate-700 dark:text-slate-300">
        Validate runs the checks of step {getStep(step).number} live against Microsoft.
        {step === 'app-registration' &&
          ' To prove the app exists, it asks Entra ID for a token with a deliberately wrong secret: that attempt shows in the tenant\u2019s sign-in logs (service principal sign-ins) as a failure.'}
      </p>
    </section>
  );
}

function SecretIfMissing() {
  const { secret } = useSecret();
  const [open] = useState(secret === '');
  if (!open) return <p className="text-sm text-slate-700 dark:text-slate-300">Using the client secret you entered earlier (kept in this tab&apos;s memory only).</p>;
  return <SecretField />;
}

function MappingEditor({ mapping, onChange, errors }: { mapping: Mapping; onChange: (key: NexthinkFieldKey, property: string) => void; errors: Record<string, string> }) {
  return (
    <fieldset className="space-y-3">
      <legend className="text-sm font-semibold">Field mapping (Nexthink field ← Entra ID property)</legend>
      <p className="text-xs text-slate-700 dark:text-slate-300">Type the property exactly as Nexthink will get it. Leave a box empty to not import that field.</p>
      <div className="grid gap-3 sm:grid-cols-2">
        {nexthinkUserFields.map((f) => (
          <Field
            key={f.key}
            id={`map-${f.key}`}
            label={
              <>
                {f.label} <span className="font-mono text-xs font-normal">{f.nqlField}</span>
                {f.required && <span className="text-xs font-normal"> (required)</span>}
              </>
            }
            hint={f.hint || undefined}
            error={errors[`mapping.${f.key}`]}
          >
            {(aria) => (
              <TextInput {...aria} value={mapping[f.key] ?? ''} placeholder={f.defaultProperty || 'not mapped'} onChange={(e) => onChange(f.key, e.target.value)} className="font-mono" />
            )}
          </Field>
        ))}
      </div>
    </fieldset>
  );
}
