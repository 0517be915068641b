import { z } from 'zod';
import { checkRunInput, type RunInput } from './workflow-run';

const str = z.string({ error: 'must be a string' });

/** The "Run it in Nexthink" request body: the same checks and words as the page (workflow-run.ts). */
export const runInputSchema: z.ZodType<RunInput> = z
  .object({
    instance: str,
    region: str,
    clientId: str,
    clientSecret: str,
    upn: str,
    executionsQueryId: str.optional(),
    workflowId: str.optional(),
    timeLimitSeconds: z.number({ error: 'must be a number' }).optional(),
  })
  .strict()
  .transform((raw, ctx) => {
    const checked = checkRunInput(raw);
    if (checked.ok) return checked.value;
    for (const [field, message] of Object.entries(checked.errors)) ctx.addIssue({ code: 'custom', path: [field], message });
    return z.NEVER;
  }) as unknown as z.ZodType<RunInput>;
