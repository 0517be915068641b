import 'server-only';
import nodemailer from 'nodemailer';
import { env } from '@/lib/env';
import { redact } from '@/lib/log';
import { facts, lateNote, linkLabel, plainText, severityWords, subject, type DeliveryResult, type NotifyMessage } from './message';

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function emailHtml(m: NotifyMessage): string {
  const late = lateNote(m);
  const rows = facts(m)
    .map((f) => `<tr><th align="left" style="padding:2px 12px 2px 0">${esc(f.name)}</th><td>${esc(f.value)}</td></tr>`)
    .join('');
  return [
    '<!doctype html><html><body style="font-family:Segoe UI,Arial,sans-serif;font-size:14px;color:#1b1b1b">',
    `<p style="margin:0;font-weight:600">${esc(severityWords[m.event.severity])}</p>`,
    `<h1 style="font-size:18px;margin:4px 0 12px">${esc(m.event.title)}</h1>`,
    `<table>${rows}</table>`,
    `<h2 style="font-size:15px;margin:16px 0 4px">What happened</h2><p style="margin:0">${esc(m.event.cause)}</p>`,
    m.event.fix ? `<h2 style="font-size:15px;margin:16px 0 4px">The fix</h2><p style="margin:0">${esc(m.event.fix)}</p>` : '',
    late ? `<p style="color:#555">${esc(late)}</p>` : '',
    `<p style="margin-top:16px"><a href="${esc(m.link)}">${esc(linkLabel(m))}</a></p>`,
    '</body></html>',
  ].join('');
}

export type EmailOptions = { smtpUrl?: string; from?: string; timeoutMs?: number };

/**
 * Sends over SMTP (SMTP_URL): STARTTLS when the server offers it, or TLS from the start with smtps://. The
 * Message-ID is the notice's id, the same on every retry. 4xx answers and lost connections are retried;
 * a 5xx answer is final.
 */
export async function sendEmail(recipients: readonly string[], m: NotifyMessage, options: EmailOptions = {}): Promise<DeliveryResult> {
  const smtpUrl = options.smtpUrl ?? env().SMTP_URL;
  if (!smtpUrl) return { ok: false, answer: 'No mail server: the operator sets SMTP_URL (e.g. smtp://user:password@mail.example.com:587).', retry: false };
  const timeoutMs = options.timeoutMs ?? 15_000;
  const transport = nodemailer.createTransport({ url: smtpUrl, connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs });
  try {
    const info = await transport.sendMail({
      from: options.from ?? env().SMTP_FROM,
      to: [...recipients],
      subject: subject(m),
      text: plainText(m),
      html: emailHtml(m),
      messageId: `<${m.id}@entra-setup-wizard>`,
      headers: { 'X-Wizard-Setup': m.setup.id, 'X-Wizard-Event': m.event.kind },
    });
    return { ok: true, answer: redact(String(info.response ?? 'accepted')).slice(0, 300), retry: false };
  } catch (err) {
    const e = err as { responseCode?: number; response?: string; code?: string; message?: string };
    const answer = redact(e.response ?? `${e.code ?? ''} ${e.message ?? String(err)}`.trim()).slice(0, 300);
    if (e.responseCode && e.responseCode >= 500) return { ok: false, answer, retry: false };
    if (e.code === 'EAUTH') return { ok: false, answer: `The mail server refused the sign-in in SMTP_URL: ${answer}`, retry: false };
    return { ok: false, answer, retry: true };
  } finally {
    transport.close();
  }
}
