import { z } from 'zod';

/** What a check reports. Shared by the server (runs, store, API) and the browser (validation pages). */
export const checkStatusSchema = z.enum(['pass', 'warn', 'fail', 'skip']);
export type CheckStatus = z.infer<typeof checkStatusSchema>;

export const evidenceSchema = z.object({
  code: z.string().optional(),
  httpStatus: z.number().optional(),
  traceId: z.string().optional(),
  correlationId: z.string().optional(),
  requestId: z.string().optional(),
  timestamp: z.string().optional(),
  /** Microsoft's own words, when they help (never raw bodies). */
  message: z.string().optional(),
  /** e.g. "429, waited 2 s (Retry-After); 200" */
  retries: z.string().optional(),
});
export type Evidence = z.infer<typeof evidenceSchema>;

export const checkTableSchema = z.object({
  caption: z.string(),
  columns: z.array(z.string()),
  rows: z.array(z.array(z.string().nullable())),
});
export type CheckTable = z.infer<typeof checkTableSchema>;

export const checkResultSchema = z.object({
  id: z.string(),
  title: z.string(),
  status: checkStatusSchema,
  summary: z.string(),
  detail: z.string().optional(),
  remediation: z.string().optional(),
  evidence: evidenceSchema.optional(),
  table: checkTableSchema.optional(),
  durationMs: z.number(),
});
export type CheckResult = z.infer<typeof checkResultSchema>;

export const statusWords: Record<CheckStatus, string> = {
  pass: 'Passed',
  warn: 'Warning',
  fail: 'Failed',
  skip: 'Skipped',
};

/** A step's overall status: the worst of its checks; Skipped only when nothing ran. */
export function rollUp(statuses: readonly CheckStatus[]): CheckStatus {
  if (statuses.includes('fail')) return 'fail';
  if (statuses.includes('warn')) return 'warn';
  if (statuses.includes('pass')) return 'pass';
  return 'skip';
}
