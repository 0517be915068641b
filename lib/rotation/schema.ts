import { z } from 'zod';
import { isGuid } from '@/lib/entra/identifiers';

/**
 * A secret rotation's saved state and the changes the page asks for. Shared by the route (zod) and the page
 * (types). What is kept about a secret is what Entra shows anyone who may read the app: keyId, description, the
 * first three characters (`hint`) and the expiry — never the value.
 */

const guid = z.string().refine(isGuid, 'must be a GUID').transform((s) => s.toLowerCase());
const isoDateTime = z.string().max(40).refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO date-time');

export const rotationKeySchema = z
  .object({
    keyId: guid,
    hint: z.string().max(3).nullable(),
    displayName: z.string().max(200).nullable(),
    endDateTime: isoDateTime.nullable(),
  })
  .strict();
export type RotationKey = z.infer<typeof rotationKeySchema>;

/** Where the credential activity came from. The monitoring identity (application AuditLog.Read.All) can be another source. */
export const activitySourceSchema = z.enum(['delegated-report']);

export const activityReadingSchema = z.discriminatedUnion('source', [
  z
    .object({
      source: activitySourceSchema,
      readAt: isoDateTime,
      credentials: z.array(z.object({ keyId: guid, lastSignInDateTime: isoDateTime.nullable() }).strict()).max(100),
    })
    .strict(),
  z.object({ source: z.literal('unavailable'), reason: z.string().min(1).max(500) }).strict(),
]);
export type ActivityReading = z.infer<typeof activityReadingSchema>;

const secretSchema = z.string({ error: 'must be a string' }).min(1, 'is required').max(1024, 'at most 1024 characters');

export const rotationActionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('new-secret'), key: rotationKeySchema, source: z.enum(['wizard', 'pasted']) }).strict(),
  z.object({ action: z.literal('prove'), clientSecret: secretSchema }).strict(),
  z.object({ action: z.literal('check'), item: z.string().min(1).max(60), done: z.boolean() }).strict(),
  z.object({ action: z.literal('activity'), reading: activityReadingSchema }).strict(),
  z.object({ action: z.literal('retire'), confirm: z.boolean().default(false) }).strict(),
  z.object({ action: z.literal('deleted'), keyIds: z.array(guid).min(1).max(20) }).strict(),
  z.object({ action: z.literal('final'), clientSecret: secretSchema }).strict(),
  z.object({ action: z.literal('cancel') }).strict(),
]);
export type RotationAction = z.infer<typeof rotationActionSchema>;

export const startRotationSchema = z.object({ oldKeys: z.array(rotationKeySchema).max(20) }).strict();

export type LiveCheck = { at: string; status: 'pass' | 'warn' | 'fail' | 'skip'; summary: string };

export type QuietVerdict = {
  /** safe: the old secret is unused; in-use: something signed in with it lately; unknown: nothing proves either. */
  state: 'safe' | 'in-use' | 'new-unused' | 'unknown';
  message: string;
  at: string;
  source: ActivityReading['source'];
};

export type RotationState = {
  oldKeys: RotationKey[];
  newKey: (RotationKey & { source: 'wizard' | 'pasted' }) | null;
  proof: LiveCheck | null;
  /** Checklist item id → when it was ticked. */
  checklist: Record<string, string>;
  activity: QuietVerdict | null;
  retire: { at: string; basis: 'quiet' | 'confirmed' } | null;
  deleted: { at: string; keyIds: string[] } | null;
  finalCheck: LiveCheck | null;
};

export type RotationPhase = 'add' | 'prove' | 'retire' | 'final' | 'done' | 'cancelled';

export type Rotation = { id: string; setupId: string; startedAt: string; updatedAt: string; endedAt: string | null; cancelled: boolean; state: RotationState };

export function emptyRotationState(oldKeys: RotationKey[]): RotationState {
  return { oldKeys, newKey: null, proof: null, checklist: {}, activity: null, retire: null, deleted: null, finalCheck: null };
}

/** Where a rotation stands: phase 1 (add, prove, checklist) until the new secret works and every place is ticked. */
export function rotationPhase(r: Pick<Rotation, 'cancelled' | 'state'>, checklistIds: readonly string[]): RotationPhase {
  const s = r.state;
  if (r.cancelled) return 'cancelled';
  if (!s.newKey) return 'add';
  if (s.proof?.status !== 'pass' || checklistIds.some((id) => !s.checklist[id])) return 'prove';
  if (!s.deleted) return 'retire';
  if (s.finalCheck?.status !== 'pass') return 'final';
  return 'done';
}
