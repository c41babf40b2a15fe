// A TCP proxy in front of the gateway whose connections the tests cut abruptly (no close frame, like a lost network).
import { connect, createServer } from 'node:net';

export async function startProxy(targetPort) {
  const pairs = new Set();
  const server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    const pair = { client, upstream };
    pairs.add(pair);
    const drop = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `ws://127.0.0.1:${server.address().port}`,
    /** Cuts every connection at once; returns how many were cut. */
    cutAll() {
      const n = pairs.size;
      for (const { client, upstream } of [...pairs]) {
        client.resetAndDestroy?.() ?? client.destroy();
        upstream.destroy();
      }
      pairs.clear();
      return n;
    },
    get open() {
      return pairs.size;
    },
    close: () => new Promise((done) => {
      for (const { client, upstream } of pairs) { client.destroy(); upstream.destroy(); }
      server.close(() => done());
    }),
  };
}
