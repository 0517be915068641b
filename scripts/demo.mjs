// `npm run demo`: the whole flow without a tenant. Starts the Entra ID / Graph emulator with a demo
// tenant, points the wizard at it, and prints what to type.
//   PORT             the wizard's port (default 3000; a free one when 3000 is taken and PORT is not set)
//   DEMO_LOGIN_PORT  the emulated login.microsoftonline.com (default: a free port)
//   DEMO_GRAPH_PORT  the emulated graph.microsoft.com (default: a free port)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buildIfNeeded, prepareStandalone } from './build-if-needed.mjs';
import { childEnv } from './lib/child-env.mjs';
import { loadDotEnv } from './lib/dotenv.mjs';
import { freePort, portAvailable } from './lib/ports.mjs';

const root = path.resolve(import.meta.dirname, '..');
loadDotEnv(root);
const scenarioPath = path.join(root, 'e2e/emulator/scenarios/demo.json');
const bind = process.env.HOSTNAME_BIND || '127.0.0.1';

/** A port the user chose (and that is free), else the default when free, else any free one. */
async function choosePort(variable, fallback, host) {
  const chosen = process.env[variable];
  if (chosen) {
    if (!/^\d+$/.test(chosen) || Number(chosen) > 65535) {
      console.error(`${variable}=${chosen} is not a port number.`);
      process.exit(1);
    }
    if (!(await portAvailable(chosen, host))) {
      console.error(`Port ${chosen} (${variable}) is already in use: set ${variable} to a free port, or unset it to let the demo pick one.`);
      process.exit(1);
    }
    return chosen;
  }
  if (fallback && (await portAvailable(fallback, host))) return fallback;
  return String(await freePort());
}

const port = await choosePort('PORT', '3000', bind);
const loginPort = await choosePort('DEMO_LOGIN_PORT', undefined, '127.0.0.1');
const graphPort = await choosePort('DEMO_GRAPH_PORT', undefined, '127.0.0.1');
const nexthinkPort = await choosePort('DEMO_NEXTHINK_PORT', undefined, '127.0.0.1');

buildIfNeeded();
prepareStandalone();

const children = [];
function stopAll(code = 0) {
  for (const c of children) c.kill('SIGTERM');
  process.exit(code);
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

const emulator = spawn(
  process.execPath,
  [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'e2e/emulator/main.ts', '--scenario', scenarioPath, '--login-port', loginPort, '--graph-port', graphPort, '--nexthink-port', nexthinkPort],
  { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
);
children.push(emulator);
emulator.on('exit', (code) => {
  console.error(`The emulator stopped (exit ${code}).`);
  stopAll(1);
});

await new Promise((resolve) => {
  let buffer = '';
  emulator.stdout.on('data', (chunk) => {
    buffer += chunk;
    if (buffer.includes('emulator ready')) resolve();
  });
});

// Notifications: local receivers (HTTPS webhook + SMTP) that print what arrives, and the server set up to reach them.
const receivers = spawn(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'e2e/support/notify-demo-receiver.ts', '--dir', path.join(root, 'data')], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'inherit'],
  env: childEnv(),
});
children.push(receivers);
receivers.on('exit', (code) => {
  console.error(`The notification receivers stopped (exit ${code}).`);
  stopAll(1);
});
const notify = await new Promise((resolve) => {
  let buffer = '';
  const onData = (chunk) => {
    buffer += chunk;
    const m = /receivers ready (\{.*\})\n/.exec(buffer);
    if (m) {
      receivers.stdout.off('data', onData);
      receivers.stdout.pipe(process.stdout);
      resolve(JSON.parse(m[1]));
    }
  };
  receivers.stdout.on('data', onData);
});

// The demo keeps to its own SQLite file and talks to the emulator directly: a configured DATABASE_URL or proxy
// is left out (childEnv), so demo setups never land in a real database.
// The standalone server, as `npm start` and the container run it.
const standalone = path.join(root, '.next', 'standalone');
const server = spawn(process.execPath, [path.join(standalone, 'server.js')], {
  cwd: standalone,
  stdio: 'inherit',
  env: childEnv({
    NODE_ENV: 'production',
    PORT: port,
    HOSTNAME: bind,
    DATABASE_PATH: path.join(root, 'data/demo.db'),
    ENTRA_LOGIN_URL: `http://127.0.0.1:${loginPort}`,
    GRAPH_API_URL: `http://127.0.0.1:${graphPort}`,
    SMTP_URL: notify.smtpUrl,
    SMTP_FROM: 'Entra Setup Wizard (demo) <wizard@demo.invalid>',
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.1,*.logic.azure.com,*.api.powerplatform.com,hooks.slack.com',
    NODE_EXTRA_CA_CERTS: notify.ca,
    PUBLIC_URL: `http://localhost:${port}`,
    NEXTHINK_API_URL: `http://127.0.0.1:${nexthinkPort}`,
  }),
});
children.push(server);
server.on('exit', (code) => stopAll(code ?? 0));

const scenario = JSON.parse(fs.readFileSync(scenarioPath, 'utf8'));
const contoso = scenario.tenants[0];
const [good, noConsent] = contoso.apps;
const monitor = contoso.apps.find((a) => a.displayName.startsWith('Nexthink setup monitor'));
const fed = scenario.tenants.find((t) => t.cloud === 'usgov');
const [nexthink, stale, sam] = scenario.nexthink.instances;
console.log(`
Demo: open http://localhost:${port} and select "New setup". The wizard talks to an emulator of Entra ID and Graph.

  Directory (tenant) ID      ${contoso.id}   (or the domain ${contoso.domains[0]})
  Application (client) ID    ${good.appId}
  Client secret value        ${good.secrets[0].value}
  Secret expires on          ${good.secrets[0].endDateTime.slice(0, 10)}

Mistakes to try:
  Object ID instead of the client ID    ${good.objectId}
  A Secret ID instead of the Value      ${good.secrets[0].keyId ?? '(any GUID)'}
  An expired secret                     ${good.secrets[1]?.value ?? '-'}
  An app without admin consent          client ID ${noConsent.appId}, secret ${noConsent.secrets[0].value}
  A tenant of another cloud             ${fed?.id} (US Government) with cloud "Global"
  An unknown mapped property            map Department to favouriteColour

Watch a notification arrive: open a setup's status page (Status), and under "Notifications" add a channel
  Microsoft Teams (Workflows) or Webhook   ${notify.webhookUrl}
  Email                                    any address, e.g. it-ops@contoso.com (a local mail server takes it)
then press "Send test notification". What arrives is printed here, below, as "[notification] …".
Set the secret's expiry date within 90 days and the expiry notices follow within a minute.

Run it in Nexthink (validation of step 3 or 4; the emulated Nexthink holds its own credential and mapping):
  Nexthink instance / region   ${nexthink.instance} / ${nexthink.region}
  API credential               client ID ${nexthink.credentials[0].clientId}, secret ${nexthink.credentials[0].clientSecret}
  User (UPN)                   ${nexthink.users[0].upn}
  Instance ${stale?.instance ?? '-'} holds an old secret in its connector credential; ${sam?.instance ?? '-'} maps SAM account names.
  Workflow NQL ID #license_reclamation is listed but refused: it writes.
Keep watching (Status page > Monitoring): choose "Set up monitoring", download the .pem, then play the admin
uploading it on the monitoring app, paste its client ID ${monitor?.appId ?? '-'} and select "Check now":
  curl -s -X POST http://127.0.0.1:${loginPort}/_emulator/tenants/${contoso.id}/apps/${monitor?.appId ?? '-'}/certificates --data-binary @nexthink-setup-monitor-XXXXXXXX.pem
  Then make drift: curl -s -X POST http://127.0.0.1:${loginPort}/_emulator/tenants/${contoso.id}/apps/${good.appId}/roles -H 'content-type: application/json' -d '{"remove":["User.Read.All"]}'

Stop with Ctrl+C.`);
