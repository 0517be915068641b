import { NextRequest } from 'next/server';

/** A Next.js route handler as exported by app/api/**\/route.ts (the context type varies by route). */
export type RouteHandler = (request: NextRequest, ctx: never) => Promise<Response>;

export type RouteAnswer = { status: number; headers: Headers; text: string; json: unknown };

export type RouteCall = {
  method: string;
  path: string;
  params?: Record<string, string>;
  body?: string | Uint8Array | ReadableStream<Uint8Array>;
  headers?: Record<string, string>;
};

/**
 * Calls a route handler in-process, as Next.js would after routing: a NextRequest and `{ params }` as a
 * Promise. Lets unit tests drive the real handlers (parsing, limits, error mapping) without a server.
 */
export async function callRoute(handler: RouteHandler, call: RouteCall): Promise<RouteAnswer> {
  const headers = new Headers(call.headers);
  if (call.body !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
  const request = new NextRequest(new URL(call.path, 'http://127.0.0.1:3000'), {
    method: call.method,
    headers,
    ...(call.body !== undefined && { body: call.body as BodyInit }),
    ...(call.body instanceof ReadableStream && { duplex: 'half' }),
  } as ConstructorParameters<typeof NextRequest>[1]);
  const res = await handler(request, { params: Promise.resolve(call.params ?? {}) } as never);
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

export const jsonBody = (value: unknown) => JSON.stringify(value);
