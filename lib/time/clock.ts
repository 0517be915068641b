/**
 * The server's notion of "now". Tests may move it per request with the `x-test-now` header, but only
 * when the server runs with WIZARD_TEST_HOOKS=1 (the e2e suite); production ignores the header.
 */
export const TEST_NOW_HEADER = 'x-test-now';

export function nowFor(headers?: Headers | { get(name: string): string | null }): Date {
  if (process.env.WIZARD_TEST_HOOKS === '1' && headers) {
    const value = headers.get(TEST_NOW_HEADER);
    const t = value ? Date.parse(value) : NaN;
    if (!Number.isNaN(t)) return new Date(t);
  }
  return new Date();
}
