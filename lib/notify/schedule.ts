import 'server-only';
import { Cron } from 'croner';
import { getDb } from '@/lib/db/connection';
import { env } from '@/lib/env';
import type { Jobs } from '@/lib/jobs';
import { log } from '@/lib/log';
import { onShutdown } from '@/lib/shutdown';
import { deliverDue } from './deliver';
import { setDeliveryNudge } from './enqueue';
import { scanExpiry } from './expiry';

/** How often each instance looks for notices to send (due ones, retries, ones whose sender died). */
const POLL = '*/5 * * * * *';

/**
 * Every minute (once across instances) the expiry notices due are computed from the database and queued.
 * Every instance sends: it polls the outbox every few seconds and claims what is due, so one slow or dead
 * instance holds up nothing; a claim is exclusive, so two instances never send the same notice. A notice
 * queued by a request (a failing run) wakes this instance's sender at once.
 */
export function registerNotifySchedules(jobs: Jobs): void {
  if (env().NOTIFICATIONS === 'off') {
    log.info('notify.off', {});
    return;
  }
  let sending: Promise<void> | undefined;
  const send = () =>
    (sending ??= (async () => {
      try {
        await deliverDue(await getDb());
      } catch (err) {
        log.warn('notify.deliver_failed', { error: err instanceof Error ? err.message : String(err) });
      } finally {
        sending = undefined;
      }
    })());
  setDeliveryNudge(() => void send());
  jobs.every('notify-expiry', '* * * * *', async ({ at }) => {
    const added = await scanExpiry(await getDb(), at);
    if (added) log.info('notify.expiry_queued', { added });
    await send();
  });
  const poller = new Cron(POLL, { timezone: 'UTC', protect: true, unref: true, name: 'notify-deliver' }, send);
  onShutdown(async () => {
    poller.stop();
    setDeliveryNudge(undefined);
    await sending;
  });
}
