/**
 * Production servers for the multi-instance tests: `next start` (what `npm start` and the e2e suite run)
 * or `node .next/standalone/server.js` (what the container runs), with their output kept.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { prepareStandalone } from '../../scripts/build-if-needed.mjs';
import { freePort } from '../support/postgres.mjs';

export const ROOT = path.resolve(__dirname, '..', '..');

export type AppMode = 'next-start' | 'standalone';

export type App = {
  readonly url: string;
  readonly port: number;
  readonly proc: ChildProcess;
  /** Everything the server printed so far. */
  output(): string;
  /** The JSON log lines with this event name. */
  events(name: string): Record<string, unknown>[];
  /** Resolves with the exit code (or signal) once the process has ended. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

export function requireBuild(mode: AppMode) {
  if (!fs.existsSync(path.join(ROOT, '.next', 'BUILD_ID'))) throw new Error('No production build: run `node scripts/build-if-needed.mjs` (npm test builds first).');
  if (mode === 'standalone' && !prepareStandalone()) throw new Error('The build has no .next/standalone/server.js: next.config.js must set output: "standalone".');
}

/** Starts a server process on a free port; resolves once it has started listening (not yet healthy). */
export async function startApp(mode: AppMode, env: Record<string, string>, port?: number): Promise<App> {
  requireBuild(mode);
  const thePort = port ?? (await freePort());
  const common: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    LOG_LEVEL: 'info',
    ...env,
  };
  const proc: ChildProcess =
    mode === 'standalone'
      ? spawn(process.execPath, [path.join(ROOT, '.next', 'standalone', 'server.js')], {
          cwd: path.join(ROOT, '.next', 'standalone'),
          env: { ...common, PORT: String(thePort), HOSTNAME: '127.0.0.1' },
          stdio: ['ignore', 'pipe', 'pipe'],
        })
      : spawn(process.execPath, [path.join(ROOT, 'node_modules/next/dist/bin/next'), 'start', '-p', String(thePort), '-H', '127.0.0.1'], {
          cwd: ROOT,
          env: common,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
  const app: App = {
    url: `http://127.0.0.1:${thePort}`,
    port: thePort,
    proc,
    output: () => out,
    events: (name) =>
      out
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => {
          try {
            return JSON.parse(l) as Record<string, unknown>;
          } catch {
            return {};
          }
        })
        .filter((e) => e.event === name),
    exited,
    async stop(signal = 'SIGTERM') {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      return exited;
    },
  };
  return app;
}

/** Waits until GET /api/health answers `status` (default 200). */
export async function waitForHealth(app: App, { status = 200, timeoutMs = 90_000 } = {}): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (app.proc.exitCode !== null) throw new Error(`The server exited (${app.proc.exitCode}) before it was healthy:\n${app.output()}`);
    try {
      const res = await fetch(`${app.url}/api/health`);
      if (res.status === status) return (await res.json()) as Record<string, unknown>;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`${app.url}/api/health did not answer ${status} within ${timeoutMs / 1000} s:\n${app.output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A JSON API call; the body is parsed when there is one. */
export async function api(base: string, method: string, pathname: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${pathname}`, {
    method,
    headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json: json as Record<string, unknown> & { error?: { code: string; message: string } } };
}
