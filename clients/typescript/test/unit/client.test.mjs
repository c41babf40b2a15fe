import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RidewireClient, MemoryStorage } from '../../dist/index.js';

/** A socket the test drives: it opens, receives frames and closes when told to. */
class FakeSocket {
  constructor(url) {
    this.url = url;
    this.readyState = 0;
    this.sent = [];
    this.closed = false;
    this.onopen = this.onmessage = this.onclose = this.onerror = null;
  }
  send(data) {
    this.sent.push(JSON.parse(data));
  }
  close(code = 1000, reason = '') {
    if (this.closed) return;
    this.closed = true;
    this.readyState = 3;
    setTimeout(() => this.onclose?.({ code, reason }));
  }
  open() {
    if (this.closed) return;
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(frame) {
    if (!this.closed) this.onmessage?.({ data: JSON.stringify(frame) });
  }
  acks() {
    return this.sent.filter((f) => f.type === 'ack').map((f) => f.payload.id);
  }
}

function fakeClient(options = {}) {
  const sockets = [];
  const client = new RidewireClient({
    url: 'ws://127.0.0.1:1',
    token: 'header.e30.signature',
    storage: new MemoryStorage(),
    webSocket: (url) => {
      const ws = new FakeSocket(url);
      sockets.push(ws);
      return ws;
    },
    ...options,
  });
  client.on('error', () => {});
  return { client, sockets };
}

const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
};
const established = { type: 'connection.established', payload: { user_id: 'u1', connection_id: 'c' } };
const event = (id, seq) => ({ type: 'payment.completed', id, seq, ack_required: true, payload: {} });

test('close() then connect() in the same tick leaves one socket: any other is shut when it opens and its events are ignored', async (t) => {
  const { client, sockets } = fakeClient();
  t.after(() => client.close());
  const handled = [];
  client.on('payment.completed', (_p, frame) => void handled.push(frame.id));
  client.connect().catch(() => {}); // rejected with CLOSED by the close()
  client.close();
  const connected = client.connect();
  await settle();
  for (const ws of sockets) ws.open();
  for (const ws of sockets) ws.receive(established);
  await connected;
  sockets.forEach((ws, i) => ws.receive(event(`e${i}`, i + 1)));
  await settle();

  const current = sockets.at(-1);
  assert.deepEqual(sockets.filter((ws) => !ws.closed), [current], 'only the current socket stays open');
  assert.deepEqual(handled, [`e${sockets.length - 1}`], 'only the current socket delivers events');
  for (const ws of sockets.slice(0, -1)) assert.deepEqual(ws.acks(), [], 'a stale socket acks nothing');
  assert.deepEqual(current.acks(), [`e${sockets.length - 1}`]);
});
