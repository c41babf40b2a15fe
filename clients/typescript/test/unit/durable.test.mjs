import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DurableOrder, fullJitter } from '../../dist/index.js';
import { Outbox } from '../../dist/outbox.js';
import { decodeCursor } from '../../dist/storage.js';
import { expiresAtMs, refreshDelayMs } from '../../dist/token.js';

const ev = (seq, extra = {}) => ({ type: 'payment.completed', id: `e${seq}`, seq, payload: {}, ...extra });

/** Feeds frames in the given order and hands over whatever becomes ready, as the client does. */
function run(order, frames) {
  const out = [];
  const pump = () => {
    for (let n = order.next(); n; n = order.next()) {
      order.handled(n);
      out.push(n.seq);
    }
  };
  for (const f of frames) {
    order.offer(f);
    pump();
  }
  pump();
  return out;
}

test('events arriving out of order are handed over in seq order, once', () => {
  const order = new DurableOrder({ seq: 0 });
  assert.deepEqual(run(order, [ev(2), ev(1), ev(4), ev(3), ev(3), ev(1)]), [1, 2, 3, 4]);
  assert.equal(order.cursor().seq, 4);
});

test('a gap holds later events until a sync says the missing seq no longer exists', () => {
  const order = new DurableOrder({ seq: 5 });
  assert.deepEqual(run(order, [ev(7), ev(8)]), []);
  assert.equal(order.hasGap(), true);
  order.synced({ since: 5, lastSeq: 8, count: 2 });
  assert.deepEqual(run(order, []), [7, 8]);
  assert.equal(order.hasGap(), false);
});

test('replayed events that arrive after sync.completed are waited for, not skipped', () => {
  const order = new DurableOrder({ seq: 0 });
  order.offer(ev(3));
  order.synced({ since: 0, lastSeq: 3, count: 3 }); // 1 and 2 are still on their way
  assert.equal(order.next(), undefined, 'seq 3 must not overtake 1 and 2');
  assert.deepEqual(run(order, [ev(2), ev(1)]), [1, 2, 3]);
});

test('a seq the replay did not bring (expired) is skipped once the replay is in hand', () => {
  const order = new DurableOrder({ seq: 0 });
  order.synced({ since: 0, lastSeq: 5, count: 2 }); // 1..3 expired: the replay holds 4 and 5
  assert.deepEqual(run(order, [ev(5)]), []);
  assert.deepEqual(run(order, [ev(4)]), [4, 5]);
});

test('a repeat of a handled event is recognised by id even under another seq', () => {
  const order = new DurableOrder({ seq: 0 });
  run(order, [ev(1)]);
  assert.equal(order.wasHandled('e1'), true);
  assert.equal(order.offer(ev(1)), 'duplicate');
});

test('a failed event is not overtaken by later ones, even after a sync covered them', () => {
  const order = new DurableOrder({ seq: 0 });
  order.offer(ev(1));
  order.offer(ev(2));
  order.synced({ since: 0, lastSeq: 2, count: 2 });
  const first = order.next();
  order.failed(first);
  assert.equal(order.next(), undefined, 'seq 2 waits for seq 1 to come again');
  assert.deepEqual(run(order, [ev(1)]), [1, 2]);
});

test('a new epoch waits for sync.completed(recovered false), then starts again from seq 1', () => {
  const order = new DurableOrder({ seq: 40, epoch: 'a' });
  assert.equal(order.offer(ev(1, { epoch: 'b', id: 'x1' })), 'other-epoch');
  assert.equal(order.hasGap(), true);
  assert.equal(order.next(), undefined);
  order.synced({ since: 40, lastSeq: 2, count: 2, epoch: 'b', recovered: false });
  assert.deepEqual(run(order, [ev(2, { epoch: 'b', id: 'x2' })]), [1, 2]);
  assert.deepEqual(order.cursor(), { seq: 2, epoch: 'b' });
});

test('the same epoch recovered keeps the seq; stale events of an old epoch are dropped', () => {
  const order = new DurableOrder({ seq: 3, epoch: 'a' });
  order.offer(ev(9, { epoch: 'old' }));
  order.synced({ since: 3, lastSeq: 3, count: 0, epoch: 'a', recovered: true });
  assert.equal(order.hasGap(), false);
  assert.deepEqual(run(order, [ev(4, { epoch: 'a' })]), [4]);
});

test('full-jitter backoff stays within [0, min(max, base * 2^attempt))', () => {
  const options = { baseMs: 100, maxMs: 1000 };
  assert.equal(fullJitter(0, options, () => 0.999), 99);
  assert.equal(fullJitter(3, options, () => 0.5), 400);
  assert.equal(fullJitter(20, options, () => 0.999), 999);
  assert.equal(fullJitter(5, options, () => 0), 0);
});

test('the outbox keeps the newest messages up to its bound and drops the stale', () => {
  let now = 0;
  const outbox = new Outbox({ maxMessages: 2, maxAgeMs: 1000 }, () => now);
  assert.equal(outbox.add('a', '1'), undefined);
  outbox.add('b', '2');
  assert.equal(outbox.add('c', '3').type, 'a', 'the oldest goes when full');
  now = 1500;
  assert.equal(outbox.add('d', '4').type, 'b');
  const { fresh, stale } = outbox.drain();
  assert.deepEqual(fresh.map((q) => q.type), ['d']);
  assert.deepEqual(stale.map((q) => q.type), ['c'], 'older than maxAgeMs when the connection opens');
});

test('cursor and token helpers survive bad input', () => {
  assert.deepEqual(decodeCursor('{"seq":-1}'), { seq: 0 });
  assert.deepEqual(decodeCursor('nonsense'), { seq: 0 });
  assert.deepEqual(decodeCursor('{"seq":7,"epoch":"e"}'), { seq: 7, epoch: 'e' });
  const token = `x.${Buffer.from(JSON.stringify({ exp: 1700000000 })).toString('base64url')}.y`;
  assert.equal(expiresAtMs(token), 1700000000000);
  assert.equal(expiresAtMs('not-a-jwt'), undefined);
});

test('a re-sent critical event the saved cursor is past is known as handled, even with its id forgotten', () => {
  const order = new DurableOrder({ seq: 5, epoch: 'e' });
  const resent = ev(5, { epoch: 'e', ack_required: true });
  assert.equal(order.offer(resent), 'duplicate');
  assert.equal(order.wasHandled(resent.id), false, 'a reloaded client remembers no ids');
  assert.equal(order.handledBefore(resent), true);
  assert.equal(order.handledBefore(ev(6, { epoch: 'e' })), false, 'not yet handled');
  assert.equal(order.handledBefore(ev(5, { epoch: 'other' })), false, 'another epoch is another sequence');
});

test('a full buffer drops its newest event to take the one it waits for', () => {
  const order = new DurableOrder({ seq: 0 }, 2);
  assert.deepEqual(run(order, [ev(2), ev(3)]), []);
  assert.equal(order.offer(ev(4)), 'duplicate', 'newer than everything buffered: dropped');
  assert.deepEqual(run(order, [ev(1)]), [1, 2], 'the awaited seq is taken; 3 was dropped for it');
  assert.deepEqual(run(order, [ev(3), ev(4)]), [3, 4], 'a later sync brings the dropped ones again');
});

test('a token refresh waits at least a second, and never longer than a timer can', () => {
  assert.equal(refreshDelayMs(3_600_000, 60_000), 1_800_000, 'half-way through an hour-long token');
  assert.equal(refreshDelayMs(30_000, 60_000), 5_000, 'a token with under a minute left: not at once');
  assert.equal(refreshDelayMs(-10_000, 60_000), 1_000, 'an expired token handed back: once a second at most');
  assert.equal(refreshDelayMs(60 * 86_400_000, 60_000), 2 ** 31 - 1, 'a 60-day token: the longest timer');
});
