import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { cloudSchema } from './scenario';
import { startEmulator } from './server';

function fail(message: string): never {
  console.error(`emulator: ${message}`);
  process.exit(2);
}

function intOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) fail(`${name} must be a non-negative integer, got '${value}'`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scenario: { type: 'string' },
      'login-port': { type: 'string' },
      'graph-port': { type: 'string' },
      'nexthink-port': { type: 'string' },
      latency: { type: 'string' },
      host: { type: 'string' },
      cloud: { type: 'string' },
      'tls-key': { type: 'string' },
      'tls-cert': { type: 'string' },
      'public-login-url': { type: 'string' },
      'public-graph-url': { type: 'string' },
      'trust-proxy-hops': { type: 'string' },
    },
    strict: true,
  });
  const env = process.env;
  const scenarioPath = values.scenario ?? env['EMULATOR_SCENARIO'];
  if (!scenarioPath) fail('--scenario <file.json> (or EMULATOR_SCENARIO) is required');
  let scenario: Record<string, unknown>;
  try {
    scenario = JSON.parse(readFileSync(scenarioPath, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    fail(`cannot read scenario ${scenarioPath}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const latency = intOption('--latency', values.latency ?? env['EMULATOR_LATENCY_MS']);
  if (latency !== undefined) scenario = { ...scenario, latencyMs: latency };
  const cloud = values.cloud ?? env['EMULATOR_CLOUD'];
  const servedCloud = cloud === undefined ? undefined : cloudSchema.safeParse(cloud).data;
  if (cloud !== undefined && servedCloud === undefined) fail(`--cloud must be one of ${cloudSchema.options.join(', ')}`);
  const keyPath = values['tls-key'] ?? env['EMULATOR_TLS_KEY'];
  const certPath = values['tls-cert'] ?? env['EMULATOR_TLS_CERT'];
  if ((keyPath === undefined) !== (certPath === undefined)) fail('--tls-key and --tls-cert go together');
  const publicLoginUrl = values['public-login-url'] ?? env['EMULATOR_PUBLIC_LOGIN_URL'];
  const publicGraphUrl = values['public-graph-url'] ?? env['EMULATOR_PUBLIC_GRAPH_URL'];

  const trustProxyHops = intOption('--trust-proxy-hops', values['trust-proxy-hops'] ?? env['EMULATOR_TRUST_PROXY_HOPS']);

  const emulator = await startEmulator({
    scenario,
    host: values.host ?? env['EMULATOR_HOST'] ?? '127.0.0.1',
    loginPort: intOption('--login-port', values['login-port'] ?? env['EMULATOR_LOGIN_PORT']) ?? 0,
    graphPort: intOption('--graph-port', values['graph-port'] ?? env['EMULATOR_GRAPH_PORT']) ?? 0,
    nexthinkPort: intOption('--nexthink-port', values['nexthink-port'] ?? env['EMULATOR_NEXTHINK_PORT']) ?? 0,
    ...(servedCloud ? { servedCloud } : {}),
    ...(keyPath && certPath ? { tls: { key: readFileSync(keyPath), cert: readFileSync(certPath) } } : {}),
    ...(publicLoginUrl ? { publicLoginUrl } : {}),
    ...(publicGraphUrl ? { publicGraphUrl } : {}),
    ...(trustProxyHops !== undefined && { trustProxyHops }),
  });
  console.log(`emulator ready login=${emulator.loginUrl} graph=${emulator.graphUrl}`);
  console.log(`emulator nexthink=${emulator.nexthinkUrl}`);

  let closing = false;
  const shutdown = () => {
    if (closing) return;
    closing = true;
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((e: unknown) => fail(e instanceof Error ? e.message : String(e)));
