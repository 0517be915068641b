import 'server-only';
import { getDb } from '@/lib/db/connection';
import { env } from '@/lib/env';
import type { Jobs } from '@/lib/jobs';
import { log } from '@/lib/log';
import { deliverDue } from './deliver';
import { setDeliveryNudge } from './enqueue';
import { scanExpiry } from './expiry';

/**
 * Every minute (once across instances) the expiry notices due are computed from the database and queued;
 * queued notices (retries included) are sent by whichever instance claims them. A notice queued by a
 * request (a failing run) wakes this instance's sender at once.
 */
export function registerNotifySchedules(jobs: Jobs): void {
  if (env().NOTIFICATIONS === 'off') {
    log.info('notify.off', {});
    return;
  }
  let sending: Promise<unknown> | undefined;
  const send = async () => {
    if (sending) return;
    sending = (async () => {
      try {
        await deliverDue(await getDb());
      } catch (err) {
        log.warn('notify.deliver_failed', { error: err instanceof Error ? err.message : String(err) });
      } finally {
        sending = undefined;
      }
    })();
    await sending;
  };
  setDeliveryNudge(() => void send());
  jobs.every('notify-expiry', '* * * * *', async ({ at }) => {
    const added = await scanExpiry(await getDb(), at);
    if (added) log.info('notify.expiry_queued', { added });
  });
  jobs.every('notify-deliver', '* * * * *', send);
}
