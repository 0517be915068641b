// `npm start`: builds when needed, then serves the wizard with embedded SQLite on PORT (default 3000), on this
// machine only (127.0.0.1) unless HOSTNAME_BIND names another address (0.0.0.0: every interface), which needs
// WIZARD_AUTH (entra or none) said explicitly. It runs what the container runs, Next.js's standalone server
// (next.config.js has output: 'standalone', which `next start` warns about).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { buildIfNeeded, prepareStandalone } from './build-if-needed.mjs';
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
if (!prepareStandalone()) {
  console.error('The build has no .next/standalone/server.js: next.config.js must keep output: "standalone". Run `npm run build`.');
  process.exit(1);
}

const standalone = path.join(root, '.next', 'standalone');
const child = spawn(process.execPath, [path.join(standalone, 'server.js')], {
  // The standalone server runs in its own folder: a relative DATABASE_PATH still means the repository's.
  cwd: standalone,
  stdio: 'inherit',
  env: {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: '1',
    NODE_ENV: 'production',
    PORT: process.env.PORT || '3000',
    HOSTNAME: bind,
    DATABASE_PATH: path.resolve(root, process.env.DATABASE_PATH || './data/wizard.db'),
  },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
