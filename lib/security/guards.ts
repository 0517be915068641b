import 'server-only';
import type { Db } from '@/lib/db/connection';
import { clientIp } from './client-ip';
import { limits } from './limits';
import { enforce, hit } from './rate-limit';

/** Validations reach Microsoft with a secret: limited per client, per setup and for the whole server. */
export function limitValidation(db: Db, headers: Headers, setupId: string) {
  const l = limits();
  return enforce(db, [
    { key: `validate:setup:${setupId}`, max: l.RATE_LIMIT_VALIDATIONS_PER_SETUP, what: 'validations of this setup' },
    { key: `validate:ip:${clientIp(headers)}`, max: l.RATE_LIMIT_VALIDATIONS_PER_IP, what: 'validations from your address' },
    { key: 'validate:all', max: l.RATE_LIMIT_VALIDATIONS_TOTAL, what: 'validations on this server' },
  ]);
}

export function limitSetupCreation(db: Db, headers: Headers) {
  const l = limits();
  return enforce(db, [
    { key: `create:ip:${clientIp(headers)}`, max: l.RATE_LIMIT_SETUPS_PER_IP, what: 'new setups from your address' },
    { key: 'create:all', max: l.RATE_LIMIT_SETUPS_TOTAL, what: 'new setups on this server' },
  ]);
}

export function limitShareCreation(db: Db, headers: Headers, setupId: string) {
  return enforce(db, [{ key: `share:setup:${setupId}`, max: limits().RATE_LIMIT_SETUPS_PER_IP, what: 'share links for this setup' }]);
}

export function limitAdminLogin(db: Db, headers: Headers) {
  const l = limits();
  return enforce(db, [
    { key: `admin:ip:${clientIp(headers)}`, max: l.RATE_LIMIT_ADMIN_LOGINS_PER_IP, what: 'admin sign-in attempts' },
    { key: 'admin:all', max: l.RATE_LIMIT_ADMIN_LOGINS_TOTAL, what: 'admin sign-in attempts on this server' },
  ]);
}

export function shareLookupAllowed(db: Db, headers: Headers) {
  return hit(db, [{ key: `share-lookup:ip:${clientIp(headers)}`, max: limits().RATE_LIMIT_SHARE_LOOKUPS_PER_IP, what: 'share link lookups' }]);
}

/** Sign-in nonces and ID-token exchanges (WIZARD_AUTH=entra): per address, like new setups. */
export function limitSignIn(db: Db, headers: Headers) {
  return enforce(db, [{ key: `signin:ip:${clientIp(headers)}`, max: limits().RATE_LIMIT_SETUPS_PER_IP, what: 'sign-in attempts from your address' }]);
}
