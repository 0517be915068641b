import { createHash, randomBytes, randomUUID } from 'node:crypto';

export const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(value: string): boolean {
  return GUID_RE.test(value);
}

export function newGuid(): string {
  return randomUUID();
}

/** Entra trace ids end in "00" (every captured one does). */
export function newTraceId(): string {
  return `${randomUUID().slice(0, 34)}00`;
}

/** A stable GUID derived from its inputs, so scenario objects without ids keep the same id across resets. */
export function deterministicGuid(...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  const variant = ((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function base64url(input: Buffer | string): string {
  return Buffer.from(input).toString('base64url');
}

export function randomBase64url(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

export function randomBase64(bytes: number): string {
  return randomBytes(bytes).toString('base64');
}

/** Entra's `timestamp`: "YYYY-MM-DD HH:MM:SSZ". */
export function entraTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, 'Z');
}

/** Graph's innerError.date: "YYYY-MM-DDTHH:MM:SS". */
export function graphDate(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '');
}

/** A GUID's bytes in Microsoft's mixed-endian layout (as in `rh` and binary GUIDs). */
export function guidBytes(guid: string): Buffer {
  const hex = guid.replace(/-/g, '');
  const b = Buffer.from(hex, 'hex');
  const out = Buffer.alloc(16);
  out[0] = b[3] ?? 0; out[1] = b[2] ?? 0; out[2] = b[1] ?? 0; out[3] = b[0] ?? 0;
  out[4] = b[5] ?? 0; out[5] = b[4] ?? 0; out[6] = b[7] ?? 0; out[7] = b[6] ?? 0;
  b.copy(out, 8, 8, 16);
  return out;
}

/** Fast 32-bit integer hash (murmur3 finaliser over two inputs). */
export function hash32(a: number, b: number): number {
  let x = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ b;
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

export function hashString32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i += 1) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const HEX_BYTES = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Hot path of generated users: Number#toString(16) is far slower than a table. */
export function hex8(n: number): string {
  return (
    (HEX_BYTES[(n >>> 24) & 255] as string) +
    (HEX_BYTES[(n >>> 16) & 255] as string) +
    (HEX_BYTES[(n >>> 8) & 255] as string) +
    (HEX_BYTES[n & 255] as string)
  );
}
