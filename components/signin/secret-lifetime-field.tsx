import { Field, inputClass } from '@/components/ui/field';
import { secretLifetimes } from '@/lib/signin/graph-requests';

/** How long a client secret the wizard creates lives (default 180 days, at most 24 months). */
export function SecretLifetimeField({ id, label, hint, days, onChange }: { id: string; label: string; hint?: string; days: number; onChange: (days: number) => void }) {
  return (
    <Field id={id} label={label} hint={hint}>
      {(aria) => (
        <select {...aria} value={days} onChange={(e) => onChange(Number(e.target.value))} className={`${inputClass} max-w-xs`}>
          {secretLifetimes.map((l) => (
            <option key={l.days} value={l.days}>
              {l.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
