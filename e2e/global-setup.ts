import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startEmulator } from './emulator/server';
import { selfSignedTlsCertificate } from './emulator/tls-certificate';
import { startHttpsReceiver } from './support/notify-receivers';
import { E2E } from './support/ports';
import { SIGNIN } from './support/signin';

async function waitFor(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`${url} did not come up within ${timeoutMs / 1000} s; see ${E2E.serverLog}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Starts the emulator (in this process) and the production server (a child process, output kept). */
export default async function globalSetup() {
  fs.rmSync(E2E.runDir, { recursive: true, force: true });
  fs.mkdirSync(E2E.runDir, { recursive: true });
  // The Nexthink NQL API listener (analysis.spec.ts adds its instances through /_emulator/nexthink).
  const nexthinkPort = Number(process.env.E2E_NEXTHINK_PORT ?? 4512);
  // "Sign in with Microsoft": msal-browser needs an https authority, so the emulator also listens over HTTPS with a
  // certificate made now (the browser context ignores HTTPS errors); the server keeps calling the http listeners.
  const emulator = await startEmulator({
    scenario: { tenants: [], signinClients: [{ clientId: SIGNIN.clientId, displayName: 'Entra Setup Wizard (e2e)', redirectUris: [`${E2E.appUrl}/redirect`] }] },
    loginPort: E2E.loginPort,
    graphPort: E2E.graphPort,
    nexthinkPort,
    https: { ...selfSignedTlsCertificate(['127.0.0.1', 'localhost']), loginPort: SIGNIN.loginPort, graphPort: SIGNIN.graphPort },
  });

  // Notifications: a real HTTPS receiver on a free port plays the Teams Workflows endpoint; the server trusts its
  // certificate (NODE_EXTRA_CA_CERTS) and the operator allowlist names its address (it is private).
  const receiver = await startHttpsReceiver({ answer: () => ({ status: 202, body: 'e2e receiver: card accepted' }) });
  const receiverCa = path.join(E2E.runDir, 'notify-receiver-ca.pem');
  fs.writeFileSync(receiverCa, receiver.ca);
  process.env.E2E_WEBHOOK_URL = receiver.url('/workflows/e2e/triggers/manual/paths/invoke');

  const log = fs.createWriteStream(E2E.serverLog);
  const root = path.resolve(__dirname, '..');
  const server = spawn(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'start', '-p', String(E2E.appPort), '-H', '127.0.0.1'], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      DATABASE_PATH: E2E.databasePath,
      ENTRA_LOGIN_URL: E2E.loginUrl,
      GRAPH_API_URL: E2E.graphUrl,
      NEXTHINK_API_URL: emulator.nexthinkUrl,
      ENTRA_SIGNIN_CLIENT_ID: SIGNIN.clientId,
      ENTRA_SIGNIN_AUTHORITY_URL: emulator.httpsLoginUrl,
      ENTRA_SIGNIN_GRAPH_URL: emulator.httpsGraphUrl,
      UPSTREAM_TIMEOUT_MS: '4000',
      LOG_LEVEL: 'debug',
      WIZARD_TEST_HOOKS: '1',
      // Many tests share 127.0.0.1; security.spec.ts tests the limits with addresses of its own.
      RATE_LIMIT_VALIDATIONS_PER_IP: '400',
      RATE_LIMIT_VALIDATIONS_TOTAL: '100000',
      RATE_LIMIT_SETUPS_PER_IP: '400',
      RATE_LIMIT_SHARE_LOOKUPS_PER_IP: '400',
      ADMIN_TOKEN: 'e2e-admin-token-not-a-secret',
      NODE_EXTRA_CA_CERTS: receiverCa,
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1,*.logic.azure.com,*.api.powerplatform.com,hooks.slack.com',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout.pipe(log);
  server.stderr.pipe(log);
  await waitFor(`${E2E.appUrl}/api/health`, 60_000);

  return async () => {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    log.end();
    await emulator.close();
    await receiver.close();
  };
}
