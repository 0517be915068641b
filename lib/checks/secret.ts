import 'server-only';
import { appRegistrationLink } from '@/lib/entra/clouds';
import { describeDays, expiryState } from '@/lib/time/expiry';
import { type CheckDef } from './runner';

export const secretFormat: CheckDef = {
  id: 'secret-format',
  title: 'Client secret is a secret Value (not the Secret ID)',
  async run(ctx) {
    const s = ctx.secret;
    if (!s) {
      return {
        status: 'fail',
        summary: 'No client secret was entered.',
        remediation: 'Paste the secret\'s Value. The wizard never stores it, so type it again after a reload.',
      };
    }
    if (!s.ok) {
      const where = ctx.clientId.ok ? ` Certificates & secrets: ${appRegistrationLink(ctx.cloud, ctx.clientId.value, 'Credentials')}` : '';
      return { status: 'fail', summary: `${s.message} It was not sent to Microsoft.`, remediation: `Copy the Value column.${where}` };
    }
    return { status: s.note ? 'warn' : 'pass', summary: s.note ?? 'It has the shape of a secret Value.' };
  },
};

export const secretExpiry: CheckDef = {
  id: 'secret-expiry',
  title: 'Client secret expiry',
  async run(ctx) {
    const date = ctx.setup.secretExpiresOn;
    const e = expiryState(date, ctx.now);
    if (e.state === 'unknown') {
      return {
        status: 'skip',
        summary: 'Skipped: no expiry date entered. Enter "Secret expires on" (the Expires column) so the status view can warn you before it runs out.',
      };
    }
    const rotate = 'Create a new secret before then, update it in Nexthink (connector credentials and inbound connector), then delete the old one.';
    if (e.state === 'expired') {
      return { status: 'fail', summary: `The secret expired ${describeDays(e.days)} (${date}).`, remediation: `Create a new client secret, paste its Value here, and update it in Nexthink. ${rotate}` };
    }
    if (e.state === 'expiring') {
      return { status: 'warn', summary: `The secret expires ${describeDays(e.days)} (${date}).`, remediation: rotate };
    }
    return {
      status: 'pass',
      summary: `The secret expires ${describeDays(e.days)} (${date}).`,
      ...(e.days > 365 && { detail: 'Microsoft recommends secret lifetimes under 12 months. Next time, choose a shorter lifetime and a calendar reminder to rotate.' }),
    };
  },
};
