import type { NotifyEvent, Severity } from './event';

/** A notice ready to render for any channel. `id` is the notice's own id (webhook-id, Message-ID), the same on every retry. */
export type NotifyMessage = {
  id: string;
  event: NotifyEvent;
  setup: { id: string; name: string; tenant: string; tenantId: string | null };
  /** The setup's status page, or the page the fix is on (event.page). */
  link: string;
  /** When this try is sent (ISO). */
  sentAt: string;
  /** Set when the notice fell due this long ago (the server was down). */
  lateMs: number | null;
};

/** What a channel answers: the receiver's own words, and whether trying again later may help. */
export type DeliveryResult = { ok: boolean; answer: string; retry: boolean };

export const severityWords: Record<Severity, string> = {
  info: 'Notice',
  warning: 'Warning',
  critical: 'Action needed',
  resolved: 'Resolved',
};

/** The words of the message's button or link. */
export function linkLabel(m: NotifyMessage): string {
  return m.event.page === 'rotate' ? 'Rotate the secret' : 'Open the status page';
}

export function setupLabel(m: NotifyMessage): string {
  return m.setup.name.trim() || 'Untitled setup';
}

export function tenantLabel(m: NotifyMessage): string {
  return m.setup.tenantId && m.setup.tenantId !== m.setup.tenant ? `${m.setup.tenant || m.setup.tenantId} (${m.setup.tenantId})` : m.setup.tenant || 'not entered yet';
}

export function subject(m: NotifyMessage): string {
  return `[${severityWords[m.event.severity]}] ${setupLabel(m)}: ${m.event.title}`;
}

function duration(ms: number): string {
  const hours = Math.round(ms / 3_600_000);
  if (hours < 1) return `${Math.max(1, Math.round(ms / 60_000))} minutes`;
  if (hours < 48) return `${hours} hour${hours === 1 ? '' : 's'}`;
  return `${Math.round(hours / 24)} days`;
}

/** Says how late a notice is, when it is: it fell due while the server was not running. */
export function lateNote(m: NotifyMessage): string | undefined {
  if (m.lateMs === null) return undefined;
  return `Sent ${duration(m.lateMs)} late: this notice fell due while the wizard's server was not running.`;
}

/** The facts every channel shows, in order. */
export function facts(m: NotifyMessage): { name: string; value: string }[] {
  return [
    { name: 'Setup', value: setupLabel(m) },
    { name: 'Tenant', value: tenantLabel(m) },
    ...(m.event.step ? [{ name: 'Step', value: m.event.step }] : []),
    ...(m.event.check ? [{ name: 'Check', value: m.event.check }] : []),
    { name: 'Severity', value: severityWords[m.event.severity] },
  ];
}

export function plainText(m: NotifyMessage): string {
  const late = lateNote(m);
  return [
    m.event.title,
    '',
    ...facts(m).map((f) => `${f.name}: ${f.value}`),
    '',
    `What happened: ${m.event.cause}`,
    ...(m.event.fix ? ['', `The fix: ${m.event.fix}`] : []),
    ...(late ? ['', late] : []),
    '',
    `${m.event.page === 'rotate' ? 'Rotate the secret' : 'Status page'}: ${m.link}`,
  ].join('\n');
}
