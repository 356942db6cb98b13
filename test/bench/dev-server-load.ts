import { Agent, request } from 'node:http';

/**
 * A small keep-alive load generator (the fallback when wrk is not installed): each of
 * `connections` loops sends the next request as soon as the previous answer is read.
 * Returns requests per second over `seconds`. It shares this machine's cores with the
 * server, so compare servers measured with it in the same run only.
 */
export async function loadWithNode(url: string, seconds: number, connections: number): Promise<number> {
  const target = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const deadline = performance.now() + seconds * 1000;
  let completed = 0;
  const one = (): Promise<void> => new Promise((resolve, reject) => {
    const req = request({ host: target.hostname, port: target.port, path: target.pathname + target.search, agent }, (res) => {
      if (res.statusCode !== 200) reject(new Error(`status ${res.statusCode}`));
      res.on('data', () => {});
      res.on('end', () => resolve());
    });
    req.on('error', reject);
    req.end();
  });
  const started = performance.now();
  await Promise.all(Array.from({ length: connections }, async () => {
    while (performance.now() < deadline) {
      await one();
      completed++;
    }
  }));
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  return completed / elapsed;
}
