// Loopback ports for the servers the scripts start.
import net from 'node:net';

/** Whether `port` can be listened on at `host` right now. */
export function portAvailable(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(Number(port), host, () => s.close(() => resolve(true)));
  });
}

/** A port the system has just handed out as free. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}
