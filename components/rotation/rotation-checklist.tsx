'use client';

import { CopyButton } from '@/components/ui/copy-button';
import type { ChecklistItem } from '@/lib/rotation/checklist';
import { SecretOnce } from '@/components/signin/secret-once';

/** Every place in Nexthink that holds the old secret, with the screen path, the values to paste and a tick each. */
export function RotationChecklist({
  items,
  ticked,
  secret,
  busy,
  onTick,
}: {
  items: ChecklistItem[];
  ticked: Record<string, string>;
  secret: string;
  busy: boolean;
  onTick(id: string, done: boolean): void;
}) {
  return (
    <ol aria-label="Places in Nexthink that hold the secret" className="space-y-4">
      {items.map((item) => (
        <li key={item.id} className="space-y-2 rounded-md border border-slate-300 p-3 dark:border-slate-700">
          <p className="font-semibold">{item.title}</p>
          <p className="text-sm">Used by: {item.usedBy.join(', ')}.</p>
          <p className="text-sm">
            In Nexthink: <span className="font-mono">{item.path}</span>
          </p>
          {secret ? (
            <SecretOnce id={`rotation-copy-${item.id}`} value={secret} />
          ) : (
            <p className="text-sm">Client secret: paste the new secret’s Value (this tab no longer holds it after a reload).</p>
          )}
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
            {item.values.map((v) => (
              <div key={v.label} className="contents">
                <dt className="font-semibold">{v.label}</dt>
                <dd className="flex flex-wrap items-center gap-2">
                  <span className="font-mono break-all">{v.value ?? '—'}</span>
                  {v.copy && v.value && <CopyButton value={v.value} label={`${v.label} for ${item.title}`} />}
                  <span className="text-xs">(unchanged: check it)</span>
                </dd>
              </div>
            ))}
          </dl>
          <label className="flex items-center gap-2 text-sm font-medium">
            <input type="checkbox" checked={!!ticked[item.id]} disabled={busy} onChange={(e) => onTick(item.id, e.target.checked)} />
            Done: the new secret is saved in {item.title}
          </label>
        </li>
      ))}
    </ol>
  );
}
