import 'server-only';
import ical, { ICalAlarmType } from 'ical-generator';
import type { Setup } from '@/lib/setups/schema';

const DAY_MS = 86_400_000;
export const ROTATE_DAYS_BEFORE = 30;

/**
 * The secret's expiry and a "rotate the secret" reminder 30 days before, as an iCalendar file Outlook and
 * Google Calendar import. Event UIDs are stable per setup and date, so importing again updates them.
 */
export function expiryCalendar(setup: Setup, link: string): string {
  const name = setup.name.trim() || 'Untitled setup';
  const cal = ical({ name: `Entra Setup Wizard: ${name}`, prodId: { company: 'Entra Setup Wizard', product: 'notifications', language: 'EN' } });
  const expires = setup.secretExpiresOn;
  if (expires) {
    const day = new Date(`${expires}T00:00:00Z`);
    const tenant = setup.tenant || setup.tenantId || 'the tenant';
    cal.createEvent({
      id: `${setup.id}-secret-expires-${expires}@entra-setup-wizard`,
      start: day,
      allDay: true,
      summary: `Client secret expires: ${name}`,
      description: `The client secret Nexthink uses to reach Entra ID (${tenant}) expires today; Nexthink's connector stops until a new secret is entered.\n\nStatus page: ${link}`,
      url: link,
    });
    const rotate = cal.createEvent({
      id: `${setup.id}-rotate-secret-${expires}@entra-setup-wizard`,
      start: new Date(day.getTime() - ROTATE_DAYS_BEFORE * DAY_MS),
      allDay: true,
      summary: `Rotate the client secret: ${name}`,
      description: `The client secret for ${tenant} expires on ${expires}. Add a new secret in Entra (App registrations > Certificates & secrets), enter it in Nexthink, update the date in the wizard, then delete the old one.\n\nStatus page: ${link}`,
      url: link,
    });
    rotate.createAlarm({ type: ICalAlarmType.display, trigger: 0, description: `Rotate the client secret: ${name}` });
  }
  return cal.toString();
}
