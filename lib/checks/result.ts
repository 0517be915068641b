/**
 * What a check reports. Shared by the server (runs, store, API) and the browser (validation pages);
 * plain types here so the browser bundle stays free of the schema library (the schemas that read stored
 * runs back are in result-schema.ts).
 */
export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip';
export const checkStatuses: readonly CheckStatus[] = ['pass', 'warn', 'fail', 'skip'];

/** Worst first: Failed, Warning, not run yet ('none'), Skipped, Passed (for sorting and for a setup's health). */
export const severityRank: Record<CheckStatus | 'none', number> = { fail: 0, warn: 1, none: 2, skip: 3, pass: 4 };

export type Evidence = {
  code?: string;
  httpStatus?: number;
  traceId?: string;
  correlationId?: string;
  requestId?: string;
  timestamp?: string;
  /** Microsoft's own words, when they help (never raw bodies). */
  message?: string;
  /** e.g. "429, waited 2 s (Retry-After); 200" */
  retries?: string;
};

export type CheckTable = { caption: string; columns: string[]; rows: (string | null)[][] };

export type CheckResult = {
  id: string;
  title: string;
  status: CheckStatus;
  summary: string;
  detail?: string;
  remediation?: string;
  evidence?: Evidence;
  table?: CheckTable;
  durationMs: number;
};

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
