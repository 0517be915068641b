/** One error type for the API. Codes read `<kind>:<subject>`; the kind decides the HTTP status. */
export type ErrorKind = 'bad_request' | 'unauthorized' | 'forbidden' | 'not_found' | 'conflict' | 'payload_too_large' | 'unsupported_media_type' | 'method_not_allowed' | 'rate_limited' | 'unavailable';

const statusByKind: Record<ErrorKind, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  method_not_allowed: 405,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
};

export class ApiError extends Error {
  readonly kind: ErrorKind;
  readonly code: string;
  readonly fields?: Record<string, string>;
  /** Seconds, for 429 and 503 answers. */
  readonly retryAfter?: number;

  constructor(code: `${ErrorKind}:${string}`, message: string, fields?: Record<string, string>, retryAfter?: number) {
    super(message);
    this.code = code;
    this.kind = code.split(':')[0] as ErrorKind;
    if (fields) this.fields = fields;
    if (retryAfter !== undefined) this.retryAfter = retryAfter;
  }

  get status(): number {
    return statusByKind[this.kind];
  }

  toJSON() {
    return { error: { code: this.code, message: this.message, ...(this.fields && { fields: this.fields }) } };
  }
}
