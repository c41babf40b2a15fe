// Durable delivery through the SDK against the real stack: exactly once and in seq order across abrupt socket
// kills, server re-sends overlapping sync replays, a throwing handler, and tokens that expire.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { clientFor, eventPublisher, matchFound, paymentCompleted, sharedStack } from '../support/clients.mjs';
import { contractViolations, FrameRecorder } from '../support/contract.mjs';
import { startProxy } from '../support/proxy.mjs';
import { eventually, uniqueId } from '../support/stack.mjs';

let stack;
let events;
const recorder = new FrameRecorder();
const clients = [];

before(async () => {
  stack = await sharedStack();
  events = await eventPublisher(stack);
});

after(async () => {
  clients.forEach((c) => c.close());
  await events?.close();
  await stack?.stop();
});

function track(client) {
  clients.push(client);
  return recorder.attach(client);
}

/** Handler bookkeeping: every handled event's id and seq, in handling order. */
function journal(client, type) {
  const handled = [];
  client.on(type, (payload, frame) => {
    handled.push({ id: frame.id, seq: frame.seq, payload });
  });
  return handled;
}

function assertExactlyOnceInOrder(handled, expectedIds) {
  const ids = handled.map((h) => h.id);
  assert.equal(new Set(ids).size, ids.length, 'no event reached the handler twice');
  for (let i = 1; i < handled.length; i++) assert.ok(handled[i].seq > handled[i - 1].seq, `seq order broken at ${i}: ${handled[i - 1].seq} then ${handled[i].seq}`);
  assert.deepEqual(new Set(ids), new Set(expectedIds), 'every published event was handled');
}

test('1,000 durable events with the socket killed at random points: each handled exactly once, in order', async () => {
  const passenger = uniqueId('kills');
  const proxy = await startProxy(stack.port ?? Number(new URL(stack.ws).port));
  const client = track(clientFor(stack, 'passenger', passenger, { url: proxy.url }));
  const handled = journal(client, 'payment.completed');
  let established = 0;
  const wire = { seqs: new Set(), syncs: [], errors: [] };
  client.on('frame', (frame, direction) => {
    if (direction !== 'in') return;
    if (frame.type === 'connection.established') established++;
    if (frame.type === 'payment.completed') wire.seqs.add(frame.seq);
    if (frame.type === 'sync.completed') wire.syncs = [...wire.syncs.slice(-2), frame.payload];
  });
  client.on('error', (e) => { wire.errors = [...wire.errors.slice(-2), String(e?.code ?? e?.message ?? e)]; });
  await client.connect();

  const expected = [];
  const publishing = (async () => {
    for (let n = 0; n < 1000; n++) {
      expected.push(await events.publish('payment.completed', paymentCompleted(passenger, n)));
    }
  })();
  // cut the socket at random points of the stream: after a random number (1..80) of further events was handled, or
  // after 2-6 s without progress — every connection makes some progress however slow the machine is
  let kills = 0;
  const killing = (async () => {
    let at = 1 + Math.floor(Math.random() * 80);
    let progress = { count: 0, since: Date.now() };
    while (handled.length < 1000 && kills < 40) {
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20));
      if (handled.length !== progress.count) progress = { count: handled.length, since: Date.now() };
      const stalled = client.state === 'open' && Date.now() - progress.since > 2_000 + Math.random() * 4_000;
      if ((handled.length >= at || stalled) && proxy.cutAll() > 0) {
        kills++;
        at = handled.length + 1 + Math.floor(Math.random() * 80);
        progress = { count: handled.length, since: Date.now() };
      }
    }
  })();
  await publishing;
  // what the client saw, read at the timeout: where a stuck delivery stopped
  const stuck = () => `1000 handled (have ${handled.length}, ${kills} kills, ${established} connections, state ${client.state}, `
    + `${proxy.open} proxied, cursor ${JSON.stringify(client.cursor)}, ${wire.seqs.size} seqs on the wire up to ${Math.max(0, ...wire.seqs)}, `
    + `last syncs ${JSON.stringify(wire.syncs)}, last errors ${JSON.stringify(wire.errors)})`;
  await eventually(() => handled.length >= 1000, stuck, 600_000);
  await killing;
  await new Promise((r) => setTimeout(r, 500)); // anything extra would arrive now
  assert.equal(handled.length, 1000);
  assertExactlyOnceInOrder(handled, expected);
  assert.ok(kills >= 3 && established >= 4, `the socket was killed (${kills}) and the client came back (${established} connections)`);
  assert.equal(client.cursor.seq, handled.at(-1).seq, 'the cursor is the last handled seq');
  client.close();
  await proxy.close();
});

test('server re-sends overlapping a sync replay: no duplicate reaches the handler', async () => {
  const passenger = uniqueId('overlap');
  const expected = [];
  // stored while offline: the server re-sends them every 400 ms from the moment the client connects, and sync replays them
  for (let n = 0; n < 15; n++) expected.push(await events.publish('match.found', matchFound(passenger, n)));
  const client = track(clientFor(stack, 'passenger', passenger));
  const wire = new Map();
  client.on('frame', (frame, direction) => {
    if (direction === 'in' && frame.type === 'match.proposal') wire.set(frame.id, (wire.get(frame.id) ?? 0) + 1);
  });
  const handled = [];
  client.on('match.proposal', async (payload, frame) => {
    handled.push({ id: frame.id, seq: frame.seq });
    await new Promise((r) => setTimeout(r, 150)); // slow: re-sends arrive while replayed events wait
  });
  await client.connect();
  await eventually(() => handled.length >= 15, () => `15 handled (have ${handled.length})`, 60_000);
  await new Promise((r) => setTimeout(r, 1500)); // re-sends still in flight would land now
  const repeatedOnTheWire = [...wire.values()].filter((n) => n > 1).length;
  assert.ok(repeatedOnTheWire > 0, `the wire carried repeats (re-send + replay): ${JSON.stringify([...wire.values()])}`);
  assertExactlyOnceInOrder(handled, expected);
  client.close();
});

test('a throwing handler leaves the event unacknowledged; it comes again, and nothing overtakes it', async () => {
  const passenger = uniqueId('throws');
  const client = track(clientFor(stack, 'passenger', passenger));
  const calls = [];
  const acks = [];
  let failures = 0;
  client.on('frame', (frame, direction) => {
    if (direction === 'out' && frame.type === 'ack') acks.push({ id: frame.payload.id, afterCalls: calls.length });
  });
  client.on('match.proposal', (payload, frame) => {
    calls.push(frame.id);
    if (calls.filter((id) => id === frame.id).length === 1 && failures === 0) {
      failures++;
      throw new Error('the app failed on the first proposal');
    }
  });
  await client.connect();
  const first = await events.publish('match.found', matchFound(passenger, 1));
  const second = await events.publish('match.found', matchFound(passenger, 2));
  await eventually(() => calls.length >= 3, 'both proposals handled, the failed one twice', 30_000);
  await new Promise((r) => setTimeout(r, 800));
  // the bridge may give either event the lower seq; the one delivered first is the one whose handler throws
  const [thrown, , next] = calls;
  assert.deepEqual(new Set([thrown, next]), new Set([first, second]), 'both events handled');
  assert.deepEqual(calls, [thrown, thrown, next], 'the failed event came again and was handled before the other');
  const firstAcks = acks.filter((a) => a.id === thrown);
  assert.ok(firstAcks.length >= 1, 'acknowledged once handled');
  assert.ok(firstAcks.every((a) => a.afterCalls >= 2), 'never acknowledged after the failing call');
  client.close();
});

test('the token function is called again before the token expires, and events keep flowing', async () => {
  const passenger = uniqueId('expiry');
  const client = track(clientFor(stack, 'passenger', passenger, { refreshBeforeExpiryMs: 2_000 }, { ttl_seconds: '5' }));
  const handled = journal(client, 'payment.completed');
  await client.connect();
  // the server may warn with auth.expiring at once (its warning window is longer than this token's life)
  await events.publish('payment.completed', paymentCompleted(passenger, 1));
  await eventually(() => client.tokenCalls.count >= 3, () => `token function called again (${client.tokenCalls.count})`, 30_000);
  const [first, second] = client.tokenCalls.at;
  assert.ok(second - first < 5_000, `the second token was asked for ${second - first} ms after the first, before it expired`);
  // by now the first token has expired: the session lives on with a fresh one
  const later = await events.publish('payment.completed', paymentCompleted(passenger, 2));
  await eventually(() => handled.some((h) => h.id === later), 'an event after the first token expired', 30_000);
  assert.equal(handled.length, 2);
  assert.equal(client.state, 'open');
  client.close();
});

test('every durable event carries its inbox epoch, and the cursor keeps it', async () => {
  const passenger = uniqueId('epoch');
  const client = track(clientFor(stack, 'passenger', passenger));
  const handled = journal(client, 'payment.completed');
  await client.connect();
  await events.publish('payment.completed', paymentCompleted(passenger, 1));
  await eventually(() => handled.length === 1, 'one event', 30_000);
  const frame = recorder.frames.find((f) => f.type === 'payment.completed' && f.payload?.payment_id === `pay-${passenger}-1`);
  client.close();
  assert.ok(frame.epoch, `the event carries its inbox epoch: ${JSON.stringify(frame)}`);
  assert.equal(client.cursor.epoch, frame.epoch);
});

test('every frame the clients received matches its schema in asyncapi.yaml', () => {
  assert.ok(recorder.frames.length > 1000);
  assert.deepEqual(contractViolations(recorder.frames), []);
});
