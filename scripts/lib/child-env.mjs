/**
 * The environment for the servers and emulators that scripts start: telemetry off, no TypeScript loader
 * (NODE_OPTIONS), and none of the caller's DATABASE_URL or proxy settings, so a demo, a benchmark or a long
 * test never writes into a real database nor sends its loopback calls through a corporate proxy.
 */
export function childEnv(extra = {}) {
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...extra };
  delete env.NODE_OPTIONS;
  for (const k of ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy', 'DATABASE_URL']) delete env[k];
  return env;
}
