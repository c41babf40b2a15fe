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

function fakeClient(options = {}, onSocket = () => {}) {
  const sockets = [];
  const client = new RidewireClient({
    url: 'ws://127.0.0.1:1',
    token: 'header.e30.signature',
    storage: new MemoryStorage(),
    webSocket: (url) => {
      const ws = new FakeSocket(url);
      sockets.push(ws);
      setTimeout(() => onSocket(ws));
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

test('a cursor save that fails is reported; the event is still handled and acked, later ones too, and the next save stores the latest seq', async (t) => {
  const saved = new Map();
  let failures = 2;
  const storage = {
    get: (key) => saved.get(key),
    set: async (key, value) => {
      if (failures-- > 0) throw new Error('quota exceeded');
      saved.set(key, value);
    },
  };
  const { client, sockets } = fakeClient({ storage });
  t.after(() => client.close());
  const errors = [];
  client.on('error', (e) => errors.push(e));
  const handled = [];
  client.on('payment.completed', (_p, frame) => void handled.push(frame.seq));
  const connected = client.connect();
  await settle();
  const ws = sockets[0];
  ws.open();
  ws.receive(established);
  await connected;
  ws.receive(event('e2', 2)); // held for seq 1
  ws.receive(event('e1', 1));
  await settle();
  assert.deepEqual(handled, [1, 2], 'the failed save of seq 1 holds back neither it nor seq 2');
  assert.deepEqual(ws.acks(), ['e1', 'e2']);
  assert.deepEqual(errors.map((e) => e.code), ['STORAGE_FAILED', 'STORAGE_FAILED']);
  ws.receive(event('e3', 3));
  await settle();
  assert.deepEqual(handled, [1, 2, 3]);
  assert.deepEqual(ws.acks(), ['e1', 'e2', 'e3']);
  assert.deepEqual([...saved.values()].map((v) => JSON.parse(v).seq), [3]);
});

test('a storage whose set throws synchronously does not stop delivery either', async (t) => {
  const { client, sockets } = fakeClient({ storage: { get: () => undefined, set: () => { throw new Error('SecurityError'); } } });
  t.after(() => client.close());
  const handled = [];
  client.on('payment.completed', (_p, frame) => void handled.push(frame.seq));
  const connected = client.connect();
  await settle();
  sockets[0].open();
  sockets[0].receive(established);
  await connected;
  sockets[0].receive(event('e1', 1));
  sockets[0].receive(event('e2', 2));
  await settle();
  assert.deepEqual(handled, [1, 2]);
  assert.deepEqual(sockets[0].acks(), ['e1', 'e2']);
});

/** A JWT (unsigned: the client only reads `exp`) expiring `inSeconds` from now. */
const jwt = (inSeconds) =>
  `e30.${Buffer.from(JSON.stringify({ exp: Math.floor(Date.now() / 1000) + inSeconds })).toString('base64url')}.sig`;

/** What a browser's WebSocket shows of a handshake refused with 401: an error without details, then close 1006. */
const refuseOpaquely = (ws) => {
  ws.closed = true;
  ws.onerror?.({ type: 'error' });
  ws.onclose?.({ code: 1006, reason: '' });
};

const within = (promise, ms) =>
  Promise.race([promise, new Promise((_, fail) => setTimeout(() => fail(new Error(`still trying after ${ms} ms`)), ms))]);

test('an expired token refused without an HTTP status (browser WebSocket) ends like a 401: fresh tokens twice more, then UNAUTHORIZED', async (t) => {
  let tokenCalls = 0;
  const { client } = fakeClient({ token: () => (tokenCalls++, jwt(-60)), backoff: { baseMs: 1, maxMs: 5 } }, refuseOpaquely);
  t.after(() => client.close());
  const connected = client.connect();
  await assert.rejects(within(connected, 3_000), (e) => e.code === 'UNAUTHORIZED');
  assert.equal(client.state, 'closed');
  assert.equal(tokenCalls, 3, 'the token function was asked for a fresh token on each try');
});

test('an expired static token refused without an HTTP status closes the client at once', async (t) => {
  const { client, sockets } = fakeClient({ token: jwt(-60), backoff: { baseMs: 1, maxMs: 5 } }, refuseOpaquely);
  t.after(() => client.close());
  await assert.rejects(within(client.connect(), 3_000), (e) => e.code === 'UNAUTHORIZED');
  assert.equal(sockets.length, 1);
});

test('a valid token whose socket fails before opening (the network) keeps reconnecting', async (t) => {
  const { client, sockets } = fakeClient({ token: jwt(3600), backoff: { baseMs: 1, maxMs: 5 } }, refuseOpaquely);
  t.after(() => client.close());
  client.connect().catch(() => {});
  await new Promise((r) => setTimeout(r, 300));
  assert.ok(sockets.length > 3, `reconnected ${sockets.length} times`);
  assert.equal(client.state, 'connecting');
});

/** A driver's client, connected: its socket answers beacon.update with beacon.status echoing the id. */
async function driverClient() {
  const { client, sockets } = fakeClient({ keepAliveMs: 3_600_000 }, (ws) => ws.open());
  const errors = [];
  client.on('error', (e) => void errors.push(e));
  const connected = client.connect();
  await settle();
  const ws = sockets[0];
  ws.receive(established);
  await connected;
  await settle();
  const beacons = () => ws.sent.filter((f) => f.type === 'beacon.update');
  const answer = (frame) =>
    ws.receive({ type: 'beacon.status', id: frame.id, payload: { user_id: 'u1', is_active: frame.payload.is_active, user_type: 'driver', updated_at: new Date().toISOString() } });
  const lost = (id) =>
    ws.receive({ type: 'beacon.status', id, payload: { user_id: 'u1', is_active: false, user_type: 'driver', location: { latitude: -6.2, longitude: 106.8, geohash: 'qqgux4' }, updated_at: new Date().toISOString() } });
  return { client, ws, errors, beacons, answer, lost };
}

const on = { is_active: true, user_type: 'driver', location: { latitude: -6.2088, longitude: 106.8456, accuracy: 10 }, vehicle_info: { type: 'motorcycle', license_plate: 'B1234XYZ' } };
const fix = (latitude) => ({ location: { latitude, longitude: 106.8456, accuracy: 4, speed: 3, heading: 90 }, timestamp: new Date().toISOString() });

test('an unsolicited beacon.status is_active=false re-sends the remembered active beacon once, at the latest fix, and reaches no handler', async (t) => {
  const { client, ws, errors, beacons, answer, lost } = await driverClient();
  t.after(() => client.close());
  const statuses = [];
  client.on('beacon.status', (payload) => void statuses.push(payload.is_active));
  const request = client.request('beacon.update', on);
  await settle();
  answer(beacons()[0]);
  await request;
  client.send('location.update', fix(-6.2));
  client.send('location.update', fix(-6.19));
  await settle();

  lost('srv-1');
  await settle();
  assert.equal(beacons().length, 2, 'the beacon went again, once');
  const again = beacons()[1];
  assert.ok(again.id && again.id !== beacons()[0].id, 'as a request of its own');
  assert.deepEqual(again.payload, { ...on, location: { latitude: -6.19, longitude: 106.8456, accuracy: 4 } });
  assert.deepEqual(statuses, [true], 'the lost-beacon frame reached no handler');

  answer(again);
  await settle();
  assert.deepEqual(statuses, [true, true], 'the re-sent beacon\'s answer did');
  assert.deepEqual(errors, []);

  // lost again later, with no fix since the re-sent beacon: it goes as it was
  lost('srv-2');
  await settle();
  assert.equal(beacons().length, 3);
  assert.deepEqual(beacons()[2].payload, again.payload);
});

test('an unsolicited beacon.status is_active=false re-sends nothing when no beacon was sent, or the last one was off', async (t) => {
  const { client, ws, beacons, answer, lost } = await driverClient();
  t.after(() => client.close());
  const statuses = [];
  client.on('beacon.status', (payload) => void statuses.push(payload.is_active));
  client.send('location.update', fix(-6.2));
  lost('srv-1');
  await settle();
  assert.equal(beacons().length, 0, 'never beaconed: nothing to re-send');
  assert.deepEqual(statuses, [false], 'and the app is told as usual');

  client.send('beacon.update', on);
  const off = client.request('beacon.update', { is_active: false, user_type: 'driver' });
  await settle();
  answer(beacons()[1]);
  await off;
  client.send('location.update', fix(-6.19));
  lost('srv-2');
  await settle();
  assert.equal(beacons().length, 2, 'switched off: nothing re-sent');
  assert.deepEqual(statuses, [false, false, false]);
  assert.equal(ws.sent.filter((f) => f.type === 'beacon.update' && f.payload.is_active === true).length, 1);
});

test('a re-sent beacon lost with its connection goes again on the next one', async (t) => {
  const { client, sockets } = fakeClient({ keepAliveMs: 3_600_000, backoff: { baseMs: 1, maxMs: 5 } }, (ws) => ws.open());
  t.after(() => client.close());
  const errors = [];
  client.on('error', (e) => void errors.push(e));
  const connected = client.connect();
  await settle();
  sockets[0].receive(established);
  await connected;
  const beaconsOn = (ws) => ws.sent.filter((f) => f.type === 'beacon.update');
  client.send('beacon.update', on);
  sockets[0].receive({ type: 'beacon.status', id: 'srv-1', payload: { user_id: 'u1', is_active: false, user_type: 'driver', updated_at: new Date().toISOString() } });
  await settle();
  assert.equal(beaconsOn(sockets[0]).length, 2, 'the beacon went again');

  sockets[0].close(1006, 'lost'); // before the re-sent beacon was answered
  await new Promise((r) => setTimeout(r, 30));
  await settle();
  assert.equal(sockets.length, 2, 'reconnected');
  sockets[1].receive(established);
  await settle();
  const again = beaconsOn(sockets[1]);
  assert.equal(again.length, 1, 'the owed beacon went on the new connection');
  assert.deepEqual(again[0].payload, on);
  assert.deepEqual(errors.map((e) => e.code), [], 'a lost connection is not the app\'s error');
});
