import 'server-only';
import { ApiError } from '@/lib/api/errors';
import type { Db } from '@/lib/db/connection';
import { announce } from '@/lib/setups/announce';
import { changeRotation, type RotationChange } from '@/lib/db/rotations';
import type { Setup } from '@/lib/setups/schema';
import { validateStep } from '@/lib/steps/validate';
import { rotationChecklist } from './checklist';
import { quietVerdict, READING_MAX_AGE_MS } from './quiet';
import { rotationPhase, type LiveCheck, type Rotation, type RotationAction, type RotationPhase } from './schema';

/**
 * The rotation's rules, enforced here whatever the page does: the new secret is proven live by the server
 * (the step 3 checks: a token from the Access token URL and a thinklet-style call), the old secret may be retired
 * only once the credential activity says it is quiet or the admin explicitly confirms, and deletion is recorded only
 * after that. The delegated calls themselves (addPassword, removePassword, the report) run in the admin's browser.
 */

function secretMatchesNewKey(clientSecret: string, hint: string | null): void {
  if (hint && !clientSecret.startsWith(hint)) {
    throw new ApiError('bad_request:secret_not_new', `This secret does not start with ${hint}, as the new secret does: paste the new secret’s Value (the old one is proven already).`, {
      clientSecret: `must be the new secret (it starts with ${hint})`,
    });
  }
}

async function liveCheck(db: Db, setup: Setup, clientSecret: string, signal: AbortSignal | undefined): Promise<LiveCheck> {
  const run = await validateStep(db, setup, 'tenant-id', clientSecret, signal);
  const failed = run.checks.find((c) => c.status === 'fail') ?? run.checks.find((c) => c.status === 'warn');
  return {
    at: run.startedAt,
    status: run.status,
    summary: run.status === 'pass' ? 'The Access token URL issues a token with the new secret and a thinklet-style call (GET /v1.0/users/{UPN}) works.' : `${failed?.title ?? 'A check'}: ${failed?.summary ?? run.status}`,
  };
}

function need(ok: boolean, code: `${'bad_request' | 'conflict'}:${string}`, message: string): void {
  if (!ok) throw new ApiError(code, message);
}

export async function applyRotationAction(db: Db, setup: Setup, action: RotationAction, now: Date, signal?: AbortSignal): Promise<Rotation> {
  const checklistIds = rotationChecklist(setup).map((i) => i.id);
  const before: { phase?: RotationPhase } = {};
  // changeRotation runs its callback again when another save got there first: the live check (a token request,
  // a Graph call and a stored run) must happen once, whatever the number of tries.
  let checked: Promise<LiveCheck> | undefined;
  const rotation = await changeRotation(db, setup.id, now, async (r): Promise<RotationChange> => {
    const s = structuredClone(r.state);
    before.phase = rotationPhase(r, checklistIds);
    switch (action.action) {
      case 'new-secret': {
        need(!s.deleted, 'conflict:rotation_retired', 'The old secret is already deleted: this rotation has its new secret.');
        need(!s.oldKeys.some((k) => k.keyId === action.key.keyId), 'bad_request:secret_not_new', 'This is one of the old secrets: add a new one.');
        s.newKey = { ...action.key, source: action.source };
        s.proof = null;
        return { state: s, events: [{ what: 'new-secret', ...(action.key.hint && { hint: action.key.hint }) }] };
      }
      case 'prove':
      case 'final': {
        need(!!s.newKey, 'conflict:rotation_no_new_secret', 'Add the new secret first.');
        if (action.action === 'final') need(!!s.deleted, 'conflict:rotation_not_retired', 'The final check runs after the old secret is deleted.');
        secretMatchesNewKey(action.clientSecret, s.newKey?.hint ?? null);
        const check = await (checked ??= liveCheck(db, setup, action.clientSecret, signal));
        if (action.action === 'prove') s.proof = check;
        else s.finalCheck = check;
        const done = action.action === 'final' && check.status === 'pass';
        return { state: s, ...(done && { end: 'done' as const }), events: [{ what: action.action === 'prove' ? 'proved' : 'final-check', status: check.status }] };
      }
      case 'check': {
        need(checklistIds.includes(action.item as (typeof checklistIds)[number]), 'bad_request:checklist_item', `No such place in the checklist: ${checklistIds.join(', ')}.`);
        need(!!s.newKey, 'conflict:rotation_no_new_secret', 'Add the new secret first.');
        if (action.done) s.checklist[action.item] = now.toISOString();
        else delete s.checklist[action.item];
        return { state: s, events: [{ what: action.done ? `ticked ${action.item}` : `unticked ${action.item}` }] };
      }
      case 'activity': {
        need(!!s.newKey, 'conflict:rotation_no_new_secret', 'Add the new secret first.');
        if (action.reading.source !== 'unavailable') {
          const age = now.getTime() - Date.parse(action.reading.readAt);
          need(age < READING_MAX_AGE_MS && age > -60_000, 'bad_request:reading_stale', 'This reading of the credential activity is too old: read the report again.');
        }
        s.activity = quietVerdict(action.reading, s.oldKeys, s.newKey!, now.getTime());
        return { state: s, events: [{ what: 'activity', status: s.activity.state }] };
      }
      case 'retire': {
        need(before.phase === 'retire', 'conflict:rotation_not_ready', 'Prove the new secret and tick every place in the checklist before retiring the old one.');
        const fresh = s.activity && now.getTime() - Date.parse(s.activity.at) < READING_MAX_AGE_MS ? s.activity : null;
        if (fresh?.state === 'safe') s.retire = { at: now.toISOString(), basis: 'quiet' };
        else if (action.confirm) s.retire = { at: now.toISOString(), basis: 'confirmed' };
        else
          throw new ApiError(
            'conflict:rotation_in_use',
            fresh
              ? `${fresh.message} To delete it anyway, confirm explicitly.`
              : 'Nothing recent shows that the old secret is unused: read the credential activity, or confirm explicitly that every place in Nexthink has the new secret.',
          );
        return { state: s, events: [{ what: `retire-${s.retire.basis}` }] };
      }
      case 'deleted': {
        need(!!s.retire, 'conflict:rotation_not_retired', 'The old secret may be deleted only once it is quiet or you confirmed.');
        const old = new Set(s.oldKeys.map((k) => k.keyId));
        need(action.keyIds.every((k) => old.has(k)), 'bad_request:keyIds', 'Only the old secrets of this rotation may be recorded as deleted.');
        s.deleted = { at: now.toISOString(), keyIds: action.keyIds };
        return { state: s, events: [{ what: 'old-deleted', ...(s.oldKeys[0]?.hint && { hint: s.oldKeys[0].hint }) }] };
      }
      case 'cancel':
        return { state: s, end: 'cancelled', events: [{ what: 'cancelled' }] };
    }
  });
  if (!rotation) throw new ApiError('not_found:rotation', 'No rotation is running for this setup: start one.');
  const after = rotationPhase(rotation, checklistIds);
  if (after !== before.phase) {
    const words: Partial<Record<RotationPhase, [string, 'info' | 'resolved', string]>> = {
      retire: ['Rotation: the new secret works everywhere', 'info', 'Retire the old secret once it is quiet (the rotation page tells when).'],
      final: ['Rotation: the old secret is deleted', 'info', 'Run the final live check on the rotation page.'],
      done: ['Rotation finished', 'resolved', 'Nothing to do: the new secret is the only one and it works.'],
    };
    const w = words[after];
    if (w) await announce(db, setup.id, { kind: `rotation-${after}`, severity: w[1], title: w[0], cause: `The secret rotation reached: ${after}.`, fix: w[2], key: `rotation:${rotation.id}:${after}` });
  }
  return rotation;
}
