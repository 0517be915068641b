// `npm run demo`: the whole flow without a tenant. Starts the Entra ID / Graph emulator with a demo
// tenant, points the wizard at it, and prints what to type.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buildIfNeeded } from './build-if-needed.mjs';
import { childEnv } from './lib/child-env.mjs';
import { loadDotEnv } from './lib/dotenv.mjs';

const root = path.resolve(import.meta.dirname, '..');
loadDotEnv(root);
const scenarioPath = path.join(root, 'e2e/emulator/scenarios/demo.json');
const port = process.env.PORT || '3000';
const loginPort = process.env.DEMO_LOGIN_PORT || '4410';
const graphPort = process.env.DEMO_GRAPH_PORT || '4411';

buildIfNeeded();

const children = [];
function stopAll(code = 0) {
  for (const c of children) c.kill('SIGTERM');
  process.exit(code);
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

const emulator = spawn(
  process.execPath,
  [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'e2e/emulator/main.ts', '--scenario', scenarioPath, '--login-port', loginPort, '--graph-port', graphPort],
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

// The demo keeps to its own SQLite file and talks to the emulator directly: a configured DATABASE_URL or proxy
// is left out (childEnv), so demo setups never land in a real database.
const server = spawn(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'start', '-p', port, '-H', process.env.HOSTNAME_BIND || '127.0.0.1'], {
  cwd: root,
  stdio: 'inherit',
  env: childEnv({
    DATABASE_PATH: path.join(root, 'data/demo.db'),
    ENTRA_LOGIN_URL: `http://127.0.0.1:${loginPort}`,
    GRAPH_API_URL: `http://127.0.0.1:${graphPort}`,
  }),
});
children.push(server);
server.on('exit', (code) => stopAll(code ?? 0));

const scenario = JSON.parse(fs.readFileSync(scenarioPath, 'utf8'));
const contoso = scenario.tenants[0];
const [good, noConsent] = contoso.apps;
const monitor = contoso.apps.find((a) => a.displayName.startsWith('Nexthink setup monitor'));
const fed = scenario.tenants.find((t) => t.cloud === 'usgov');
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

Keep watching (Status page > Monitoring): choose "Set up monitoring", download the .pem, then play the admin
uploading it on the monitoring app, paste its client ID ${monitor?.appId ?? '-'} and select "Check now":
  curl -s -X POST http://127.0.0.1:${loginPort}/_emulator/tenants/${contoso.id}/apps/${monitor?.appId ?? '-'}/certificates --data-binary @nexthink-setup-monitor-XXXXXXXX.pem
  Then make drift: curl -s -X POST http://127.0.0.1:${loginPort}/_emulator/tenants/${contoso.id}/apps/${good.appId}/roles -H 'content-type: application/json' -d '{"remove":["User.Read.All"]}'

Stop with Ctrl+C.`);
