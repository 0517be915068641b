import path from 'node:path';

const num = (v: string | undefined, d: number) => (v ? Number(v) : d);

/** Where the e2e run's app and emulator listen, and where the run keeps its files. */
export const E2E = {
  appPort: num(process.env.E2E_APP_PORT, 3100),
  loginPort: num(process.env.E2E_LOGIN_PORT, 4510),
  graphPort: num(process.env.E2E_GRAPH_PORT, 4511),
  get appUrl() {
    return `http://127.0.0.1:${this.appPort}`;
  },
  get loginUrl() {
    return `http://127.0.0.1:${this.loginPort}`;
  },
  get graphUrl() {
    return `http://127.0.0.1:${this.graphPort}`;
  },
  runDir: path.resolve(__dirname, '..', '.run'),
  get serverLog() {
    return path.join(this.runDir, 'server.log');
  },
  get databasePath() {
    return path.join(this.runDir, 'e2e.db');
  },
};
