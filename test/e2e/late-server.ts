import { createServer } from 'node:http';

/** A server on 127.0.0.1 that answers 200 "late but fine" after `delayMs`: a send that ends while the test looks on. */
export async function lateServer(delayMs: number): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((_req, res) => {
    setTimeout(() => res.writeHead(200, { 'content-type': 'text/plain' }).end('late but fine'), delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the late server has no port');
  return {
    url: `http://127.0.0.1:${address.port}/late`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
