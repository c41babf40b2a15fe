// The gateway's idle limit and connection lifetime shortened by configuration (3 s and 12 s instead of 10 min and
// 2 h): the SDK keeps the connection alive, rotates it before the lifetime cap, and loses or repeats no event.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { clientFor, eventPublisher, paymentCompleted, SHARED_STACK_ENV } from '../support/clients.mjs';
import { contractViolations, FrameRecorder } from '../support/contract.mjs';
import { eventually, startStack, uniqueId } from '../support/stack.mjs';

let stack;
let events;
const recorder = new FrameRecorder();

before(async () => {
  stack = await startStack({ ...SHARED_STACK_ENV, RIDEWIRE_GATEWAY_IDLE_TIMEOUT: '3s', RIDEWIRE_GATEWAY_MAX_CONNECTION_DURATION: '12s' });
  events = await eventPublisher(stack);
});

after(async () => {
  await events?.close();
  await stack?.stop();
});

function watch(client) {
  const seen = { handled: [], established: 0, reconnecting: 0 };
  recorder.attach(client);
  client.on('payment.completed', (payload, frame) => { seen.handled.push({ id: frame.id, seq: frame.seq }); });
  client.on('frame', (frame, direction) => { if (direction === 'in' && frame.type === 'connection.established') seen.established++; });
  client.on('state', (state) => { if (state === 'reconnecting') seen.reconnecting++; });
  return seen;
}

function assertAllOnceInOrder(seen, expected, who) {
  const ids = seen.handled.map((h) => h.id);
  assert.equal(new Set(ids).size, ids.length, `${who}: no event twice`);
  assert.deepEqual(new Set(ids), new Set(expected), `${who}: every event`);
  for (let i = 1; i < seen.handled.length; i++) assert.ok(seen.handled[i].seq > seen.handled[i - 1].seq, `${who}: seq order at ${i}`);
}

test('no event is lost or repeated across keep-alive, rotation before the lifetime cap, and idle closes', async () => {
  const rotatingId = uniqueId('rotating');
  const idleId = uniqueId('idle');
  // keeps itself alive every second and rotates after 7 s, before the gateway's 12 s cap
  const rotating = clientFor(stack, 'passenger', rotatingId, { keepAliveMs: 1_000, pongTimeoutMs: 10_000, rotateAfterMs: 7_000, drainMs: 1_000 });
  // sends nothing: the gateway closes it after 3 s idle (1001) and it comes back
  const idle = clientFor(stack, 'passenger', idleId, { keepAliveMs: 3_600_000, rotateAfterMs: 3_600_000 });
  const a = watch(rotating);
  const b = watch(idle);
  await Promise.all([rotating.connect(), idle.connect()]);

  const expectedA = [];
  const expectedB = [];
  const until = Date.now() + 26_000;
  for (let n = 0; Date.now() < until; n++) {
    expectedA.push(await events.publish('payment.completed', paymentCompleted(rotatingId, n)));
    expectedB.push(await events.publish('payment.completed', paymentCompleted(idleId, n)));
    await new Promise((r) => setTimeout(r, 150));
  }
  await eventually(() => a.handled.length >= expectedA.length && b.handled.length >= expectedB.length,
    `all handled (${a.handled.length}/${expectedA.length}, ${b.handled.length}/${expectedB.length})`, 120_000);
  await new Promise((r) => setTimeout(r, 1000));
  rotating.close();
  idle.close();

  assertAllOnceInOrder(a, expectedA, 'rotating client');
  assertAllOnceInOrder(b, expectedB, 'idle client');
  assert.ok(a.established >= 3, `the rotating client opened new connections (${a.established})`);
  assert.equal(a.reconnecting, 0, 'the rotating client moved to each new connection before the cap: it never lost one');
  assert.ok(b.reconnecting >= 2, `the idle client was closed for idleness and came back (${b.reconnecting})`);
});

test('every frame the clients received matches its schema in asyncapi.yaml', () => {
  assert.ok(recorder.frames.length > 100);
  assert.deepEqual(contractViolations(recorder.frames), []);
});
