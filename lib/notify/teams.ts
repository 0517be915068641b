import 'server-only';
import { facts, lateNote, linkLabel, severityWords, type DeliveryResult, type NotifyMessage } from './message';
import { postWebhook, type PostOptions } from './outbound';

const colors = { info: 'Accent', warning: 'Warning', critical: 'Attention', resolved: 'Good' } as const;

/** An Adaptive Card (1.4: what Teams renders from a Workflows webhook) wrapped in the message envelope the Workflows template expects. */
export function teamsPayload(m: NotifyMessage) {
  const late = lateNote(m);
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          msteams: { width: 'Full' },
          body: [
            { type: 'TextBlock', text: severityWords[m.event.severity], color: colors[m.event.severity], weight: 'Bolder', size: 'Small', wrap: true },
            { type: 'TextBlock', text: m.event.title, weight: 'Bolder', size: 'Medium', wrap: true },
            { type: 'FactSet', facts: facts(m).map((f) => ({ title: f.name, value: f.value })) },
            { type: 'TextBlock', text: 'What happened', weight: 'Bolder', wrap: true, spacing: 'Medium' },
            { type: 'TextBlock', text: m.event.cause, wrap: true },
            ...(m.event.fix
              ? [
                  { type: 'TextBlock', text: 'The fix', weight: 'Bolder', wrap: true, spacing: 'Medium' },
                  { type: 'TextBlock', text: m.event.fix, wrap: true },
                ]
              : []),
            ...(late ? [{ type: 'TextBlock', text: late, isSubtle: true, wrap: true, spacing: 'Medium' }] : []),
          ],
          actions: [{ type: 'Action.OpenUrl', title: linkLabel(m), url: m.link }],
        },
      },
    ],
  };
}

export function sendTeams(url: string, m: NotifyMessage, options: PostOptions = {}): Promise<DeliveryResult> {
  return postWebhook(url, JSON.stringify(teamsPayload(m)), {}, options);
}
