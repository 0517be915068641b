import 'server-only';
import type { NextRequest } from 'next/server';

/** Where share links point: PUBLIC_URL when the operator sets it (behind a proxy), else this request's origin. */
export function shareUrl(request: NextRequest, token: string): string {
  const base = process.env.PUBLIC_URL?.replace(/\/+$/, '') || request.nextUrl.origin;
  return `${base}/s/${token}`;
}
