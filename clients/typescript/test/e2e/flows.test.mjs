// A ride and a delivery order from start to end through the SDK, against the real local stack; every frame the
// clients receive is checked against its schema in docs/protocol/asyncapi.yaml.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryStorage, RidewireClient, RidewireError } from '../../dist/index.js';
import { clientFor, sharedStack } from '../support/clients.mjs';
import { contractViolations, FrameRecorder } from '../support/contract.mjs';
import { eventually, uniqueId } from '../support/stack.mjs';

const KM_PER_DEGREE = (6371.0088 * Math.PI) / 180;
let stack;
const recorder = new FrameRecorder();
const clients = [];

before(async () => {
  stack = await sharedStack();
});

after(async () => {
  clients.forEach((c) => c.close());
  await stack?.stop();
});

function open(role, id, extra) {
  const client = recorder.attach(clientFor(stack, role, id, {}, extra));
  clients.push(client);
  return client;
}

/** Every event of a type a client handled, in order. */
function collect(client, type) {
  const seen = [];
  client.on(type, (payload, frame) => { seen.push({ ...frame, payload }); });
  return seen;
}

test('a ride through the SDK: beacon, request, proposal, accept, start, drive, arrive, pay', async () => {
  const lat = -6 + Math.random();
  const lng = 106 + Math.random();
  const north = (km) => ({ latitude: lat + km / KM_PER_DEGREE, longitude: lng });
  const driverId = uniqueId('driver');
  const passengerId = uniqueId('passenger');
  const admin = await stack.token('admin', uniqueId('admin'));
  const topUp = await stack.rest('POST', `/wallets/${passengerId}/top-up`, admin, { amount: 10_000 });
  assert.equal(topUp.status, 200, JSON.stringify(topUp.body));

  const driver = open('driver', driverId);
  const passenger = open('passenger', passengerId);
  const driverProposals = collect(driver, 'match.proposal');
  const passengerProposals = collect(passenger, 'match.proposal');
  const confirmed = [collect(driver, 'match.confirmed'), collect(passenger, 'match.confirmed')];
  const completed = [collect(driver, 'ride.completed'), collect(passenger, 'ride.completed')];
  const paymentRequests = collect(passenger, 'payment.request');
  const paid = [collect(driver, 'payment.completed'), collect(passenger, 'payment.completed')];
  await Promise.all([driver.connect(), passenger.connect()]);
  assert.equal(driver.state, 'open');

  const status = await driver.request('beacon.update', {
    is_active: true, user_type: 'driver', location: { ...north(0.05), accuracy: 5 },
    vehicle_info: { type: 'motorcycle', license_plate: 'B1234XYZ' }, driver_info: { name: 'John Driver', phone: '+628123456789', rating: 4.8 },
  });
  assert.equal(status.type, 'beacon.status');
  assert.equal(status.payload.is_active, true);

  passenger.send('match.request', {
    pickup_location: { ...north(0), address: 'Jl. Sudirman No. 1' }, destination_location: { ...north(1), address: 'Jl. Thamrin No. 10' },
    passenger_info: { name: 'Jane Passenger', phone: '+628987654321' }, preferences: { vehicle_type: 'motorcycle', max_distance_km: 5, max_wait_minutes: 10 },
  });
  await eventually(() => driverProposals.length && passengerProposals.length, 'match.proposal to both', 30_000);
  const matchId = driverProposals[0].payload.match_id;
  assert.equal(passengerProposals[0].payload.match_id, matchId);
  assert.equal(driverProposals[0].ack_required, true, 'a critical event: the SDK acks it after the handler');

  driver.send('match.accept', { match_id: matchId, user_type: 'driver' });
  passenger.send('match.accept', { match_id: matchId, user_type: 'passenger' });
  await eventually(() => confirmed.every((c) => c.length === 1), 'match.confirmed to both', 30_000);

  const started = await driver.request('ride.start', { match_id: matchId, location: { ...north(0), accuracy: 5 } });
  assert.equal(started.type, 'ride.started');
  const rideId = started.payload.ride_id;

  const t0 = Date.now(); // fixes a minute apart (the stack allows 2 h of clock skew), so no speed check drops them
  for (const [k, km] of [[1, 0.5], [2, 1]]) {
    driver.send('location.update', { location: { ...north(km), accuracy: 5, speed: 10, heading: 0 }, ride_id: rideId, timestamp: new Date(t0 + 60_000 * k).toISOString() });
  }
  await new Promise((r) => setTimeout(r, 500));
  driver.send('ride.arrived', { ride_id: rideId, arrival_location: north(1) });
  await eventually(() => completed.every((c) => c.length === 1) && paymentRequests.length === 1, 'ride.completed and payment.request', 30_000);
  assert.equal(completed[1][0].payload.billing.adjusted_fare, 3000);
  assert.equal(completed[1][0].payload.billing.final_fare, 2850);
  const paymentId = paymentRequests[0].payload.payment_id;
  assert.equal(paymentRequests[0].payload.amount, 3000);

  // an attempt is answered by events (payment.processing, then payment.completed), not by a direct reply
  passenger.send('payment.method_selected', { payment_id: paymentId, method: 'wallet' });
  await eventually(() => paid.every((p) => p.some((e) => e.payload.payment_id === paymentId)), 'payment.completed to both', 30_000);
  assert.equal(paid[0].find((e) => e.payload.payment_id === paymentId).payload.driver_earnings, 2850);

  const wallet = await stack.rest('GET', `/wallets/${passengerId}`, await stack.token('passenger', passengerId));
  assert.equal(wallet.body.balance, 7000, 'debited exactly once');
  for (const c of [...completed, ...paid]) assert.equal(new Set(c.map((e) => e.id)).size, c.length, 'no durable event twice');
});

test('a delivery order through the SDK: merchant, customer and driver follow it in order', async () => {
  const lat = -6 + Math.random();
  const lng = 106 + Math.random();
  const store = uniqueId('store');
  const customerId = uniqueId('customer');
  const merchantId = uniqueId('merchant');
  const driverId = uniqueId('driver');
  const customer = open('customer', customerId);
  const merchant = open('merchant', merchantId, { store_id: store });
  const driver = open('driver', driverId);
  const newOrders = collect(merchant, 'merchant:new_order');
  const updates = collect(customer, 'order:status_update');
  const requests = collect(driver, 'delivery:new_request');
  await Promise.all([customer.connect(), merchant.connect(), driver.connect()]);
  driver.send('driver:location_update', { lat: lat + 0.005, lng, heading: 90, speed: 30 });
  await new Promise((r) => setTimeout(r, 500));

  const customerToken = await stack.token('customer', customerId);
  const merchantToken = await stack.token('merchant', merchantId, { store_id: store });
  const driverToken = await stack.token('driver', driverId);
  const placed = await stack.rest('POST', '/orders', customerToken, {
    type: 'delivery', store_id: store, items: [{ sku: 'nasi-goreng', qty: 2 }],
    pickup: { lat, lng, address: 'Warung 1' }, drop: { lat: lat + 0.03, lng },
  });
  assert.equal(placed.status, 201, JSON.stringify(placed.body));
  const orderId = placed.body.order_id;
  await eventually(() => newOrders.some((o) => o.payload.order_id === orderId), 'merchant:new_order', 30_000);
  assert.equal(newOrders[0].ack_required, true);

  for (const status of ['accepted_by_merchant', 'preparing', 'ready']) {
    const moved = await stack.rest('POST', `/orders/${orderId}/status`, merchantToken, { status });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
  }
  await eventually(() => requests.some((r) => r.payload.order_id === orderId), 'delivery:new_request to the driver nearby', 30_000);

  const lock = await driver.request('request_lock', { order_id: orderId });
  assert.equal(lock.type, 'lock_acquired');
  const accepted = await stack.rest('POST', `/orders/${orderId}/accept`, driverToken);
  assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
  for (const status of ['picked_up', 'delivered']) {
    const moved = await stack.rest('POST', `/orders/${orderId}/status`, driverToken, { status });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
  }
  await eventually(() => updates.filter((u) => u.payload.order_id === orderId && u.seq).length >= 5, 'every durable status update', 30_000);
  const durable = updates.filter((u) => u.payload.order_id === orderId && u.seq);
  assert.deepEqual(durable.map((u) => u.payload.status), ['accepted_by_merchant', 'preparing', 'ready', 'picked_up', 'delivered'], 'in order, once each');
  for (let i = 1; i < durable.length; i++) assert.ok(durable[i].seq > durable[i - 1].seq);

  // a refused request rejects with the typed error
  await assert.rejects(driver.request('request_lock', {}), (e) => e instanceof RidewireError && e.type === 'error.validation' && e.field === 'order_id' && e.code === 'REQUIRED');
});

test('messages sent before the connection opens wait in the outbox and go out once it does', async () => {
  const driverId = uniqueId('offline');
  const driver = open('driver', driverId);
  const statuses = collect(driver, 'beacon.status');
  const queued = driver.send('beacon.update', {
    is_active: true, user_type: 'driver', location: { latitude: -6.2, longitude: 106.8, accuracy: 5 },
    vehicle_info: { type: 'motorcycle', license_plate: 'B1234XYZ' },
  });
  assert.equal(queued, false, 'queued, not sent');
  await driver.connect();
  await eventually(() => statuses.length === 1, 'the queued beacon.update answered', 30_000);
  assert.equal(statuses[0].payload.is_active, true);
});

test('a refused static token closes the client instead of retrying forever', async () => {
  const client = new RidewireClient({ url: stack.ws, token: 'not-a-jwt', storage: new MemoryStorage(), backoff: { baseMs: 10, maxMs: 50 } });
  const states = [];
  client.on('state', (s) => states.push(s));
  await assert.rejects(client.connect(), (e) => e instanceof RidewireError && e.code === 'UNAUTHORIZED');
  assert.equal(client.state, 'closed');
  assert.deepEqual(states, ['connecting', 'closed']);
});

test('a client whose session another client of the same user took over stops instead of taking it back', async () => {
  const user = uniqueId('passenger');
  const first = open('passenger', user);
  const states = [];
  const errors = [];
  first.on('state', (s) => states.push(s));
  first.on('error', (e) => errors.push(e));
  await first.connect();
  const second = open('passenger', user);
  await second.connect();
  await eventually(() => first.state === 'closed', 'the first client closed', 30_000);
  assert.deepEqual(errors.map((e) => e.code), ['SESSION_REPLACED']);
  await new Promise((resolve) => setTimeout(resolve, 3_000)); // a reconnect would have taken the session back by now
  assert.deepEqual(states, ['connecting', 'open', 'closed'], 'never reconnecting');
  assert.equal(second.state, 'open');
  const pong = await second.request('ping', {});
  assert.equal(pong.type, 'pong');
});

test('every frame the clients received matches its schema in asyncapi.yaml', () => {
  assert.ok(recorder.frames.length > 20);
  assert.deepEqual(contractViolations(recorder.frames), []);
});
