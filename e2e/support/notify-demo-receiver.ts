/**
 * `npm run demo`'s notification receivers: an HTTPS endpoint that plays a Teams Workflows / Slack / generic
 * webhook receiver, and an SMTP server that plays the mail server. Each arrival is printed in a few lines.
 * Prints one line `receivers ready {json}` with the URLs and the CA file the wizard's server must trust.
 */
import fs from 'node:fs';
import path from 'node:path';
import { startHttpsReceiver, startSmtpReceiver } from './notify-receivers';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
};

function summarize(body: string): string {
  try {
    const j = JSON.parse(body) as Record<string, unknown>;
    const card = (j.attachments as { content?: { body?: { text?: string }[] } }[] | undefined)?.[0]?.content;
    if (card) {
      const [severity, title, , cause] = (card.body ?? []).map((b) => b.text).filter(Boolean);
      return `Teams Adaptive Card: [${severity}] ${title}: ${cause}`;
    }
    if (Array.isArray(j.blocks)) return `Slack Block Kit: ${String(j.text)}`;
    const data = j.data as { title?: string; setup?: { name?: string } } | undefined;
    if (data) return `Webhook ${String(j.type)}: ${data.setup?.name ?? ''}: ${data.title ?? ''}`;
  } catch {
    /* not JSON */
  }
  return body.slice(0, 200);
}

async function main() {
  const dir = arg('dir', path.resolve('data'));
  fs.mkdirSync(dir, { recursive: true });
  const https = await startHttpsReceiver({ port: Number(arg('https-port', '0')), answer: (r) => {
    console.log(`\n[notification] ${new Date().toISOString()} POST ${r.path}\n  ${summarize(r.body)}${r.headers['webhook-signature'] ? `\n  signed: webhook-id ${String(r.headers['webhook-id'])}` : ''}`);
    return { status: 202, body: 'demo receiver: received' };
  } });
  const smtp = await startSmtpReceiver();
  const ca = path.join(dir, 'demo-receiver-ca.pem');
  fs.writeFileSync(ca, https.ca);
  let seen = 0;
  setInterval(() => {
    for (; seen < smtp.messages.length; seen++) {
      const m = smtp.messages[seen]!;
      console.log(`\n[notification] ${new Date().toISOString()} email to ${m.envelopeTo.join(', ')}\n  Subject: ${m.subject}\n  ${(m.text ?? '').split('\n').slice(0, 4).join('\n  ')}`);
    }
  }, 500).unref();
  console.log(`receivers ready ${JSON.stringify({ webhookUrl: https.url('/demo/teams-workflow'), smtpUrl: smtp.url, ca })}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
