'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, ApiFailure, post } from '@/components/api';
import { QueryProvider } from '@/components/query-provider';
import { Button, buttonClass } from '@/components/ui/button';
import { Callout } from '@/components/ui/callout';
import { CopyButton } from '@/components/ui/copy-button';
import { Field, inputClass, TextInput } from '@/components/ui/field';
import { TableHead } from '@/components/ui/table-head';
import { channelTypeWords as typeWords, type ChannelType } from '@/lib/notify/channel-types';
import type { NotificationsView } from '@/lib/notify/view';
import { formatUtc } from '@/lib/time/expiry';

type Channel = NotificationsView['channels'][number];
type View = NotificationsView;

const urlHints: Record<Exclude<ChannelType, 'email'>, string> = {
  teams: 'In Teams, add the Workflows template \u201cPost to a channel when a webhook request is received\u201d and paste the URL it gives.',
  slack: 'A Slack incoming webhook URL (https://hooks.slack.com/services/\u2026).',
  webhook: 'Any https endpoint the server\u2019s operator allows (WEBHOOK_ALLOWED_HOSTS). Requests are signed per the Standard Webhooks specification.',
};

function late(ms: number | null): string {
  if (ms === null) return '';
  const hours = Math.round(ms / 3_600_000);
  return hours >= 48 ? ` (sent ${Math.round(hours / 24)} days late)` : ` (sent ${Math.max(1, hours)} h late)`;
}

/** Where a setup's notices go (email, Teams, Slack, signed webhook), when expiry notices go out, and every notice sent. */
export function NotificationsPanel({ setupId, hasExpiry }: { setupId: string; hasExpiry: boolean }) {
  return (
    <QueryProvider>
      <Notifications setupId={setupId} hasExpiry={hasExpiry} />
    </QueryProvider>
  );
}

function Notifications({ setupId, hasExpiry }: { setupId: string; hasExpiry: boolean }) {
  const queryClient = useQueryClient();
  const key = ['notifications', setupId];
  const base = `/api/setups/${setupId}/notifications`;
  const view = useQuery({ queryKey: key, queryFn: () => api<View>(base) });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: key });

  const [type, setType] = useState<ChannelType>('teams');
  const [target, setTarget] = useState('');
  const [secret, setSecret] = useState<string | undefined>(undefined);
  const [tested, setTested] = useState<Record<string, { delivered: boolean; answer: string }>>({});
  const [thresholds, setThresholds] = useState<string | undefined>(undefined);

  const add = useMutation({
    mutationFn: () => api<{ channel: Channel; signingSecret?: string }>(`${base}/channels`, post(type === 'email' ? { type, recipients: target } : { type, url: target })),
    onSuccess: (r) => {
      setSecret(r.signingSecret);
      setTarget('');
      refresh();
    },
  });
  const test = useMutation({
    mutationFn: (id: string) => api<{ delivered: boolean; answer: string }>(`${base}/channels/${id}/test`, post({})),
    onSuccess: (r, id) => {
      setTested((t) => ({ ...t, [id]: r }));
      refresh();
    },
  });
  const remove = useMutation({ mutationFn: (id: string) => api<void>(`${base}/channels/${id}`, { method: 'DELETE' }), onSuccess: refresh });
  const saveThresholds = useMutation({
    mutationFn: (text: string) =>
      api<{ thresholds: number[] }>(`${base}/thresholds`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ thresholds: text.split(/[,\s]+/).filter(Boolean).map(Number) }),
      }),
    onSuccess: () => {
      setThresholds(undefined);
      refresh();
    },
  });

  const data = view.data;
  const fieldError = add.error instanceof ApiFailure ? (add.error.fields.url ?? add.error.fields.recipients ?? add.error.fields.type ?? add.error.message) : add.error?.message;
  const thresholdError = saveThresholds.error instanceof ApiFailure ? (Object.values(saveThresholds.error.fields)[0] ?? saveThresholds.error.message) : saveThresholds.error?.message;

  return (
    <section aria-labelledby="notifications-heading" className="no-print space-y-4 rounded-lg border border-slate-300 p-4 dark:border-slate-700">
      <h2 id="notifications-heading" className="text-lg font-semibold">
        Notifications
      </h2>
      <p className="text-sm">
        The server tells these channels before the setup breaks: the client secret expiring, a step that passed now failing or warning, and when it
        passes again. Every message names the setup, the tenant, the cause, the fix and links back here.
      </p>
      {data && !data.enabled && (
        <Callout tone="warning" title="Notifications are off on this server">
          <p>The operator set NOTIFICATIONS=off: nothing is queued or sent.</p>
        </Callout>
      )}
      {data && data.channels.length === 0 && <p className="text-sm font-medium text-amber-900 dark:text-amber-200">No channel yet: nobody will hear about this setup.</p>}
      {data && data.channels.length > 0 && (
        <ul className="space-y-2" aria-label="Notification channels">
          {data.channels.map((c) => (
            <li key={c.id} className="space-y-1 rounded-md bg-slate-100 p-3 text-sm dark:bg-slate-800">
              <div className="flex flex-wrap items-center gap-2">
                <span className="font-semibold">{typeWords[c.type]}</span>
                <span className="break-all">{c.label}</span>
                <span className="ml-auto flex gap-2">
                  <Button variant="secondary" className="px-2 py-1 text-xs" onClick={() => test.mutate(c.id)} disabled={test.isPending}>
                    Send test notification<span className="sr-only"> to {c.label}</span>
                  </Button>
                  <Button variant="ghost" className="px-2 py-1 text-xs" onClick={() => remove.mutate(c.id)} disabled={remove.isPending}>
                    Remove<span className="sr-only"> {c.label}</span>
                  </Button>
                </span>
              </div>
              <p aria-live="polite" className={tested[c.id]?.delivered === false ? 'text-red-800 dark:text-red-300' : ''}>
                {tested[c.id] && `${tested[c.id]!.delivered ? 'Delivered' : 'Not delivered'}. The receiver answered: ${tested[c.id]!.answer}`}
              </p>
            </li>
          ))}
        </ul>
      )}
      {test.isError && <p className="text-sm text-red-800 dark:text-red-300">The test could not be sent: {test.error.message}</p>}

      <form
        className="space-y-2"
        onSubmit={(e) => {
          e.preventDefault();
          add.mutate();
        }}
      >
        <h3 className="text-base font-semibold">Add a channel</h3>
        <div className="grid gap-2 sm:grid-cols-[16rem_1fr]">
          <div className="space-y-1">
            <label htmlFor="channel-type" className="block text-sm font-semibold">
              Channel
            </label>
            <select id="channel-type" className={inputClass} value={type} onChange={(e) => setType(e.target.value as ChannelType)}>
              <option value="teams">{typeWords.teams}</option>
              <option value="slack">{typeWords.slack}</option>
              <option value="webhook">{typeWords.webhook}</option>
              <option value="email" disabled={data ? !data.email : false}>
                {typeWords.email}
                {data && !data.email ? ' (needs SMTP_URL on the server)' : ''}
              </option>
            </select>
          </div>
          <Field
            id="channel-target"
            label={type === 'email' ? 'Recipients' : 'Webhook URL'}
            hint={type === 'email' ? 'Email addresses, separated by commas.' : `${urlHints[type]} It is stored encrypted and never shown again, only its host.`}
            error={fieldError}
          >
            {(aria) => <TextInput {...aria} value={target} onChange={(e) => setTarget(e.target.value)} placeholder={type === 'email' ? 'it-ops@contoso.com' : 'https://'} />}
          </Field>
        </div>
        <Button type="submit" disabled={add.isPending || target.trim() === ''}>
          {add.isPending ? 'Checking the address…' : 'Add channel'}
        </Button>
      </form>
      <div aria-live="polite">
        {secret && (
          <div className="space-y-1 rounded-md bg-slate-100 p-3 text-sm dark:bg-slate-800">
            <p className="font-semibold">The webhook signing secret, shown this once: copy it to your receiver to verify the webhook-signature header.</p>
            <div className="flex items-start gap-2">
              <code className="min-w-0 break-all font-mono" data-testid="signing-secret">
                {secret}
              </code>
              <CopyButton value={secret} label="signing secret" />
            </div>
          </div>
        )}
      </div>

      {data && (
        <form
          className="space-y-2"
          onSubmit={(e) => {
            e.preventDefault();
            saveThresholds.mutate(thresholds ?? data.thresholds.join(', '));
          }}
        >
          <Field id="expiry-thresholds" label="Secret expiry notices (days before it expires)" hint="0 is the day it expires. Default: 90, 30, 14, 7, 1, 0." error={thresholdError}>
            {(aria) => <TextInput {...aria} className="max-w-xs" value={thresholds ?? data.thresholds.join(', ')} onChange={(e) => setThresholds(e.target.value)} />}
          </Field>
          <div className="flex flex-wrap gap-2">
            <Button type="submit" variant="secondary" disabled={saveThresholds.isPending}>
              Save thresholds
            </Button>
            {hasExpiry && (
              <a href={`/api/setups/${setupId}/calendar.ics`} className={buttonClass('secondary')} download>
                Add the expiry to a calendar (.ics)
              </a>
            )}
          </div>
        </form>
      )}

      {data && data.history.length > 0 && (
        <table className="w-full border-collapse text-left text-sm">
          <caption className="text-left font-semibold">Notification history</caption>
          <TableHead columns={['When', 'Channel', 'What', 'Result', 'Receiver\u2019s answer']} />
          <tbody>
            {data.history.map((h) => (
              <tr key={h.id} className="border-b border-slate-200 align-top dark:border-slate-800">
                <td className="py-1 pr-2">{formatUtc(h.finishedAt ?? h.dueAt)}</td>
                <td className="py-1 pr-2">
                  {typeWords[h.channelType]}: <span className="break-all">{h.channelLabel}</span>
                </td>
                <td className="py-1 pr-2">{h.title}</td>
                <td className="py-1 pr-2">
                  {h.state === 'delivered' && `Delivered${late(h.lateMs)}`}
                  {h.state === 'failed' && `Failed after ${h.attempts} ${h.attempts === 1 ? 'try' : 'tries'}`}
                  {(h.state === 'pending' || h.state === 'sending') && (h.attempts === 0 ? 'Waiting' : `Try ${h.attempts} failed; next ${h.nextAttemptAt ? formatUtc(h.nextAttemptAt) : 'soon'}`)}
                </td>
                <td className="break-all py-1">{h.answer ?? '\u2014'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {view.isError && <p className="text-sm text-red-800 dark:text-red-300">Notifications could not be loaded: {view.error.message}</p>}
    </section>
  );
}
