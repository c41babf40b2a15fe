// SDK clients and back-end events for the end-to-end tests.
import { randomUUID } from 'node:crypto';
import { connect as natsConnect, StringCodec } from 'nats';
import { RidewireClient, MemoryStorage } from '../../dist/index.js';
import { httpHelpers, startStack } from './stack.mjs';

/** The stack test/run.mjs started for every file (RIDEWIRE_SDK_STACK), or a private one when a file runs alone. */
export async function sharedStack() {
  if (process.env.RIDEWIRE_SDK_STACK) {
    const described = JSON.parse(process.env.RIDEWIRE_SDK_STACK);
    return { ...described, ...httpHelpers(described.http), stop: async () => {} };
  }
  return startStack(SHARED_STACK_ENV);
}

/** Settings of the shared stack: re-sends of unacknowledged events come quickly, so tests see them. */
export const SHARED_STACK_ENV = {
  RIDEWIRE_DELIVERY_REDELIVERY_INITIAL: '400ms',
  RIDEWIRE_DELIVERY_REDELIVERY_MAX: '2s',
  RIDEWIRE_DEADLINES_POLL_INTERVAL: '50ms',
};

/** A client for a user whose token function asks the stack for a fresh token each time (and counts the calls). */
export function clientFor(stack, role, sub, options = {}, extraClaims = {}) {
  const calls = { count: 0, at: [] };
  const client = new RidewireClient({
    url: options.url ?? stack.ws,
    token: async () => {
      calls.count++;
      calls.at.push(Date.now());
      return stack.token(role, sub, extraClaims);
    },
    storage: new MemoryStorage(),
    backoff: { baseMs: 50, maxMs: 1000 },
    requestTimeoutMs: 15_000,
    gapTimeoutMs: 300,
    handlerRetryMs: 300,
    ...options,
  });
  client.tokenCalls = calls;
  return client;
}

/** Publishes back-end events on JetStream the way another platform service does: the spec's envelope. */
export async function eventPublisher(stack) {
  const nc = await natsConnect({ servers: stack.nats.replace(/^nats:\/\//, '') });
  const js = nc.jetstream();
  const codec = StringCodec();
  return {
    async publish(subject, data, source = 'test-service') {
      const eventId = randomUUID();
      const envelope = { event_id: eventId, event_type: subject, timestamp: new Date().toISOString(), source_service: source, version: '1.0', trace_id: randomUUID(), data };
      await js.publish(`${stack.subjectPrefix}${subject}`, codec.encode(JSON.stringify(envelope)));
      return eventId;
    },
    close: () => nc.close(),
  };
}

/** A payment.completed for a passenger (durable, not critical), as the payment service publishes it. */
export function paymentCompleted(passengerId, n) {
  return {
    payment_id: `pay-${passengerId}-${n}`, ride_id: `ride-${n}`, passenger_id: passengerId, driver_id: `nobody-${passengerId}`,
    amount: 1000 + n, payment_method: 'wallet', transaction_id: `t-${n}`, fees: { admin_fee: 50 }, driver_payout: { amount: 950 + n },
  };
}

/** A match.found for a passenger (durable and critical: match.proposal with ack_required). */
export function matchFound(passengerId, n) {
  const place = { latitude: -6.2, longitude: 106.8, address: 'Jl. Sudirman' };
  return {
    match_id: `m-${n}-${randomUUID().slice(0, 8)}`, driver_id: `nobody-${passengerId}`, passenger_id: passengerId,
    pickup_location: place, destination_location: { ...place, latitude: -6.19 },
    estimates: { distance_km: 1.1, duration_minutes: 4, fare_estimate: 3300 },
    driver_info: { name: 'Test Driver', phone: '+628123456789', rating: 4.8, vehicle_type: 'motorcycle', license_plate: 'B1234XYZ' }, expires_at: new Date(Date.now() + 30_000).toISOString(),
  };
}
