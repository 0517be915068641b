// `npm start`: builds when needed, then serves the wizard with embedded SQLite on PORT (default 3000), on this
// machine only (127.0.0.1) unless HOSTNAME_BIND names another address (0.0.0.0: every interface), which needs
// WIZARD_AUTH (entra or none) said explicitly.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { buildIfNeeded } from './build-if-needed.mjs';
import { bindRefusal } from './lib/bind-check.mjs';
import { loadDotEnv } from './lib/dotenv.mjs';

const root = path.resolve(import.meta.dirname, '..');
loadDotEnv(root);
const bind = process.env.HOSTNAME_BIND || '127.0.0.1';
const refusal = bindRefusal(bind, process.env.WIZARD_AUTH);
if (refusal) {
  console.error(refusal);
  process.exit(1);
}
buildIfNeeded();

const port = process.env.PORT || '3000';
const args = [path.join(root, 'node_modules/next/dist/bin/next'), 'start', '-p', port, '-H', bind];
const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
