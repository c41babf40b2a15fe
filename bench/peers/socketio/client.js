// Socket.IO 4 clients: N members join one room, then sequential fan-outs are triggered by one more client and
// timed from the trigger to each member's receipt (the same measure as the order-room fan-out in Java).
// Usage: node client.js URL MEMBERS FANOUTS WARMUP   → one JSON line with the figures.
const { io } = require("socket.io-client");

const [url, members, fanouts, warmup] = [process.argv[2], ...process.argv.slice(3, 6).map(Number)];
const room = "order_bench";
const options = { transports: ["websocket"], reconnection: false, forceNew: true };

function connect() {
  return new Promise((resolve, reject) => {
    const socket = io(url, options);
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", reject);
  });
}

async function main() {
  const sockets = [];
  for (let i = 0; i < members; i += 50) {
    sockets.push(...(await Promise.all(Array.from({ length: Math.min(50, members - i) }, connect))));
  }
  await Promise.all(sockets.map((s) => new Promise((resolve) => s.emit("join", room, resolve))));
  let round = null;
  for (const socket of sockets) {
    socket.on("order:status_update", (payload) => {
      const now = process.hrtime.bigint();
      if (round && payload.n === round.n) {
        round.latencies.push(Number(now - round.start) / 1e6);
        round.last = now;
        if (++round.count === members) round.done();
      }
    });
  }
  const trigger = await connect();
  const latencies = [];
  let deliveries = 0;
  let busyMs = 0;
  for (let n = 0; n < warmup + fanouts; n++) {
    await new Promise((resolve) => {
      round = { n, count: 0, latencies: [], start: process.hrtime.bigint(), done: resolve };
      trigger.emit("fanout", {
        room,
        payload: { order_id: "ord-bench", status: "preparing", updated_at: new Date().toISOString(), n },
      }, () => {});
    });
    if (n >= warmup) {
      latencies.push(...round.latencies);
      deliveries += round.count;
      busyMs += Number(round.last - round.start) / 1e6;
    }
  }
  latencies.sort((a, b) => a - b);
  const q = (p) => latencies[Math.min(latencies.length - 1, Math.max(0, Math.ceil(p * latencies.length) - 1))];
  console.log(JSON.stringify({
    members, fanouts, deliveries, per_second: Math.round(deliveries / (busyMs / 1000)),
    p50: q(0.5), p90: q(0.9), p99: q(0.99), max: q(1),
  }));
  for (const socket of [...sockets, trigger]) socket.close();
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
