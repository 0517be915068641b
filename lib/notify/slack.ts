import 'server-only';
import { facts, lateNote, linkLabel, severityWords, subject, type DeliveryResult, type NotifyMessage } from './message';
import { postWebhook, type PostOptions } from './outbound';

/** Slack's mrkdwn treats &, < and > as markup. */
function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const emoji = { info: ':information_source:', warning: ':warning:', critical: ':rotating_light:', resolved: ':white_check_mark:' } as const;

/** A Block Kit message for an incoming webhook; `text` is the fallback notifications show. */
export function slackPayload(m: NotifyMessage) {
  const late = lateNote(m);
  return {
    text: subject(m).slice(0, 3000),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: m.event.title.slice(0, 150), emoji: true } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `${emoji[m.event.severity]} *${severityWords[m.event.severity]}*` }] },
      { type: 'section', fields: facts(m).map((f) => ({ type: 'mrkdwn', text: `*${f.name}*\n${esc(f.value)}`.slice(0, 2000) })) },
      { type: 'section', text: { type: 'mrkdwn', text: `*What happened*\n${esc(m.event.cause)}`.slice(0, 3000) } },
      ...(m.event.fix ? [{ type: 'section', text: { type: 'mrkdwn', text: `*The fix*\n${esc(m.event.fix)}`.slice(0, 3000) } }] : []),
      ...(late ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: esc(late) }] }] : []),
      { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: linkLabel(m) }, url: m.link }] },
    ],
  };
}

export function sendSlack(url: string, m: NotifyMessage, options: PostOptions = {}): Promise<DeliveryResult> {
  return postWebhook(url, JSON.stringify(slackPayload(m)), {}, options);
}
