import 'server-only';
import type { NextRequest } from 'next/server';
import { env } from '@/lib/env';

/** Where share links point: PUBLIC_URL when the operator sets it (behind a proxy), else this request's origin. */
export function shareUrl(request: NextRequest, token: string): string {
  return `${env().PUBLIC_URL ?? request.nextUrl.origin}/s/${token}`;
}

/** Consent approval links (/a/{token}), on the same base as share links. */
export function approvalUrl(request: NextRequest, token: string): string {
  return `${env().PUBLIC_URL ?? request.nextUrl.origin}/a/${token}`;
}
