import { z } from 'zod';
import { checkCredential, checkInstance, checkQueryId, checkRegion, type NqlCheckInput } from './nql';

/** The NQL check's request body for the API: the same checks and words as the page (nql.ts). */
function fromCheck<T>(check: (s: string) => { ok: true; value: T } | { ok: false; message: string }) {
  return z.string({ error: 'must be a string' }).transform((s, ctx) => {
    const r = check(s);
    if (r.ok) return r.value;
    ctx.addIssue({ code: 'custom', message: r.message });
    return z.NEVER;
  });
}

export const instanceSchema = fromCheck(checkInstance);
export const regionSchema = fromCheck(checkRegion);
export const queryIdSchema = fromCheck(checkQueryId);

export const nqlCheckInputSchema: z.ZodType<NqlCheckInput> = z
  .object({
    instance: instanceSchema,
    region: regionSchema,
    clientId: fromCheck((s) => checkCredential(s, 'API credential client ID')),
    clientSecret: fromCheck((s) => checkCredential(s, 'API credential client secret')),
    coverageQueryId: queryIdSchema,
    sampleQueryId: queryIdSchema.optional(),
  })
  .strict() as unknown as z.ZodType<NqlCheckInput>;
