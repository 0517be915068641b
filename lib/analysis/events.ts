import { z } from 'zod';
import { checkStatusSchema, evidenceSchema } from '@/lib/checks/result-schema';

/**
 * What the analysis stream carries, one JSON object per line (NDJSON), for the page and for scripts
 * alike. The last line is `done` (with the totals), `error` or nothing at all when the caller went away.
 */

export const userTotalsSchema = z.object({
  total: z.number(),
  guests: z.number(),
  disabled: z.number(),
  onmicrosoft: z.number(),
  synced: z.number(),
  missing: z.record(z.string(), z.number()),
});

export const userExamplesSchema = z.object({
  guests: z.array(z.string()),
  disabled: z.array(z.string()),
  onmicrosoft: z.array(z.string()),
  synced: z.array(z.string()),
  missing: z.record(z.string(), z.array(z.string())),
});

export const storedAnalysisSchema = z.object({
  id: z.string(),
  setupId: z.string(),
  startedAt: z.string(),
  durationMs: z.number(),
  status: checkStatusSchema,
  /** The Graph $select the analysis read. */
  select: z.array(z.string()),
  /** Mapped property for Nexthink's username, when mapped. */
  usernameProperty: z.string().optional(),
  pages: z.number(),
  totals: userTotalsSchema,
  examples: userExamplesSchema,
});
export type StoredAnalysis = z.infer<typeof storedAnalysisSchema>;

export const analysisEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start'), startedAt: z.string(), select: z.array(z.string()) }),
  z.object({
    type: z.literal('progress'),
    users: z.number(),
    pages: z.number(),
    elapsedMs: z.number(),
    /** From @odata.count (ConsistencyLevel: eventual); null until known. */
    expected: z.number().nullable(),
    remainingMs: z.number().nullable(),
    totals: userTotalsSchema,
  }),
  /** Only when asked for (includeUpns): the page's UPNs, for a join that happens where the admin is. */
  z.object({ type: z.literal('upns'), upns: z.array(z.string()) }),
  z.object({
    type: z.literal('waiting'),
    page: z.number(),
    seconds: z.number(),
    reason: z.enum(['slow', 'throttled', 'unavailable']),
    retryAfterSeconds: z.number().optional(),
    message: z.string(),
  }),
  /** A page needed more than one try; `detail` reads like "429, waited 2 s (Retry-After); 200". */
  z.object({ type: z.literal('retried'), page: z.number(), detail: z.string() }),
  z.object({ type: z.literal('done'), totals: userTotalsSchema, analysis: storedAnalysisSchema }),
  z.object({
    type: z.literal('error'),
    message: z.string(),
    remediation: z.string().optional(),
    evidence: evidenceSchema.optional(),
    users: z.number(),
    pages: z.number(),
  }),
]);
export type AnalysisEvent = z.infer<typeof analysisEventSchema>;
