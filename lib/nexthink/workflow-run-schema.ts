import { z } from 'zod';
import { checkRunInput, type RunInput } from './workflow-run';

const str = z.string({ error: 'must be a string' });

/**
 * The "Run it in Nexthink" request body: the same checks and words as the page (workflow-run.ts). `schedule`
 * true opts in to the scheduled re-run (the input is then kept sealed), false opts out, absent leaves it.
 */
export const runInputSchema: z.ZodType<RunInput & { schedule?: boolean }> = z
  .object({
    instance: str,
    region: str,
    clientId: str,
    clientSecret: str,
    upn: str,
    executionsQueryId: str.optional(),
    workflowId: str.optional(),
    timeLimitSeconds: z.number({ error: 'must be a number' }).optional(),
    schedule: z.boolean({ error: 'must be true or false' }).optional(),
  })
  .strict()
  .transform(({ schedule, ...raw }, ctx) => {
    const checked = checkRunInput(raw);
    if (checked.ok) return { ...checked.value, ...(schedule !== undefined && { schedule }) };
    for (const [field, message] of Object.entries(checked.errors)) ctx.addIssue({ code: 'custom', path: [field], message });
    return z.NEVER;
  }) as unknown as z.ZodType<RunInput & { schedule?: boolean }>;
