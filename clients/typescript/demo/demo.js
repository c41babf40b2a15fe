// The browser demo: a passenger and a driver, each a RidewireClient, request, accept, drive and pay a ride on this
// local stack. Tokens come from the stack's development endpoint (/_local/token); nothing here is production auth.
import { RidewireClient } from './sdk/index.js';

const KM_PER_DEGREE = (6371.0088 * Math.PI) / 180;
const $ = (id) => document.getElementById(id);
const suffix = Math.random().toString(36).slice(2, 8);
const ids = { passenger: `demo-passenger-${suffix}`, driver: `demo-driver-${suffix}` };
const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}`;

// a random corner of Jakarta; the ride goes 650 m north
const origin = { lat: -6.2 + Math.random() * 0.05, lng: 106.8 + Math.random() * 0.05 };
const north = (km) => ({ latitude: origin.lat + km / KM_PER_DEGREE, longitude: origin.lng });
const pickup = north(0);
const destination = north(0.65);

async function token(role, sub) {
  const response = await fetch(`/_local/token?${new URLSearchParams({ role, sub })}`);
  if (!response.ok) throw new Error(`token: ${response.status}`);
  return (await response.json()).token;
}

// ---- the map: a locally drawn grid, 1.6 km high, projected linearly ----
const view = { south: origin.lat - 0.3 / KM_PER_DEGREE, north: origin.lat + 1.3 / KM_PER_DEGREE };
const span = view.north - view.south;
const project = ({ latitude, longitude }) => ({
  x: 200 + ((longitude - origin.lng) / span) * 400,
  y: 400 - ((latitude - view.south) / span) * 400,
});
function place(id, point) {
  const { x, y } = project(point);
  $(id).setAttribute('transform', `translate(${x.toFixed(1)},${y.toFixed(1)})`);
}
function drawMap() {
  const streets = $('streets');
  for (let i = 1; i < 8; i++) {
    for (const [x1, y1, x2, y2] of [[i * 50, 0, i * 50, 400], [0, i * 50, 400, i * 50]]) {
      const line = document.createElementNS('http://www.w3.org/2000/svg', 'line');
      Object.entries({ x1, y1, x2, y2, class: 'street' }).forEach(([k, v]) => line.setAttribute(k, v));
      streets.appendChild(line);
    }
  }
  const a = project(pickup);
  const b = project(destination);
  Object.entries({ x1: a.x, y1: a.y, x2: b.x, y2: b.y }).forEach(([k, v]) => $('route').setAttribute(k, v));
  place('pickup', pickup);
  place('destination', destination);
  place('passenger-marker', pickup);
  place('driver-marker', north(-0.2));
}

// ---- the log ----
function log(who, direction, frame) {
  const item = document.createElement('li');
  const durable = frame.seq ? ` seq=${frame.seq}` : '';
  const ack = frame.ack_required ? ' ack_required' : '';
  item.className = direction === 'out' ? 'out' : frame.type.startsWith('error') ? 'error' : frame.seq ? 'durable' : 'in';
  item.textContent = `${new Date().toISOString().slice(11, 23)} ${who} ${direction === 'out' ? '→' : '←'} ${frame.type}${durable}${ack} ${JSON.stringify(frame.payload ?? {}).slice(0, 140)}`;
  $('log').appendChild(item);
  $('log').scrollTop = $('log').scrollHeight;
}

function setStatus(text, kind = '') {
  $('status').textContent = text;
  $('status').className = kind;
}

// ---- the two parties ----
function party(role) {
  const client = new RidewireClient({ url: wsUrl, token: () => token(role, ids[role]) });
  client.on('frame', (frame, direction) => { if (frame.type !== 'ping' && frame.type !== 'pong') log(role, direction, frame); });
  client.on('state', (state) => { $(`${role}-state`).textContent = state; });
  client.on('error', (error) => log(role, 'in', { type: 'error.client', payload: { message: String(error?.message ?? error) } }));
  $(`${role}-id`).textContent = ids[role];
  return client;
}
const passenger = party('passenger');
const driver = party('driver');

/** Resolves with the next event of a type a client handles (after its handler ran, before the ack). */
function next(client, type) {
  return new Promise((resolve) => {
    const off = client.on(type, (payload, frame) => { off(); resolve(frame); });
  });
}

let matchId;
let rideId;
let paymentId;
driver.on('match.proposal', (p) => { matchId = p.match_id; $('driver-proposal').textContent = `${p.estimated_fare} IDR`; $('driver-accept').disabled = false; });
driver.on('ride.progress', (p) => { $('driver-distance').textContent = `${p.distance_traveled_km} km`; });
driver.on('payment.completed', (p) => { $('driver-earnings').textContent = `${p.driver_earnings} IDR`; });
passenger.on('match.confirmed', () => { $('passenger-ride').textContent = 'driver booked'; });
passenger.on('ride.started', (p) => { rideId = p.ride_id; $('passenger-ride').textContent = 'on the way'; });
passenger.on('location.tracking', (p) => place('driver-marker', p.location));
passenger.on('ride.completed', (p) => { $('passenger-ride').textContent = 'arrived'; $('passenger-fare').textContent = `${p.billing.adjusted_fare} IDR`; });
passenger.on('payment.request', (p) => { paymentId = p.payment_id; $('passenger-pay').disabled = false; });
passenger.on('payment.completed', (p) => { $('passenger-ride').textContent = 'paid'; $('passenger-fare').textContent = `${p.amount} IDR paid`; });

// ---- the steps, each a button; "Run a whole ride" clicks through them ----
const steps = {
  async passengerConnect() {
    await passenger.connect();
    const admin = await token('admin', `demo-admin-${suffix}`);
    const topUp = await fetch(`/wallets/${ids.passenger}/top-up`, {
      method: 'POST', headers: { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ amount: 20000 }),
    });
    $('passenger-wallet').textContent = topUp.ok ? `${(await topUp.json()).balance ?? 20000} IDR` : `top-up failed (${topUp.status})`;
    $('passenger-request').disabled = false;
  },
  async driverConnect() {
    await driver.connect();
    $('driver-duty').disabled = false;
  },
  async driverDuty() {
    const start = north(0.05);
    await driver.request('beacon.update', {
      is_active: true, user_type: 'driver', location: { ...start, accuracy: 5 },
      vehicle_info: { type: 'motorcycle', license_plate: 'B 1234 XYZ' }, driver_info: { name: 'Demo Driver', phone: '+628123456789', rating: 4.9 },
    });
    place('driver-marker', start);
  },
  async passengerRequest() {
    const proposal = next(driver, 'match.proposal');
    passenger.send('match.request', {
      pickup_location: { ...pickup, address: 'Jl. Sudirman No. 1' }, destination_location: { ...destination, address: 'Jl. Thamrin No. 10' },
      passenger_info: { name: 'Demo Passenger', phone: '+628987654321' }, preferences: { vehicle_type: 'motorcycle', max_distance_km: 5, max_wait_minutes: 10 },
    });
    await proposal;
  },
  async driverAccept() {
    const confirmed = next(passenger, 'match.confirmed');
    driver.send('match.accept', { match_id: matchId, user_type: 'driver' });
    passenger.send('match.accept', { match_id: matchId, user_type: 'passenger' });
    await confirmed;
    $('driver-drive').disabled = false;
  },
  async driverDrive() {
    const started = await driver.request('ride.start', { match_id: matchId, location: { ...north(0.05), accuracy: 5 } });
    rideId = started.payload.ride_id;
    // 50 m every 1.25 s (144 km/h, under the odometer's 180 km/h) with real timestamps: the fixes count
    for (let k = 1; k <= 12; k++) {
      await new Promise((r) => setTimeout(r, 1250));
      const here = north(0.05 + 0.05 * k);
      driver.send('location.update', { location: { ...here, accuracy: 5, speed: 40, heading: 0 }, ride_id: rideId, timestamp: new Date().toISOString() });
      place('driver-marker', here);
      place('passenger-marker', here);
    }
    const requested = next(passenger, 'payment.request');
    driver.send('ride.arrived', { ride_id: rideId, arrival_location: destination });
    await requested;
  },
  async passengerPay() {
    // the attempt is answered by events: payment.processing, then payment.completed (or payment.failed)
    const paid = next(passenger, 'payment.completed');
    const earned = next(driver, 'payment.completed');
    passenger.send('payment.method_selected', { payment_id: paymentId, method: 'wallet' });
    const [done] = await Promise.all([paid, earned]);
    const wallet = await fetch(`/wallets/${ids.passenger}`, { headers: { Authorization: `Bearer ${await token('passenger', ids.passenger)}` } });
    if (wallet.ok) $('passenger-wallet').textContent = `${(await wallet.json()).balance} IDR`;
    setStatus(`Ride paid: ${done.payload.amount} IDR`, 'done');
  },
};

function bind(button, step) {
  $(button).addEventListener('click', async () => {
    $(button).disabled = true;
    try {
      await steps[step]();
    } catch (e) {
      setStatus(`failed: ${e.message ?? e}`, 'failed');
      $(button).disabled = false;
    }
  });
}
bind('passenger-connect', 'passengerConnect');
bind('driver-connect', 'driverConnect');
bind('driver-duty', 'driverDuty');
bind('passenger-request', 'passengerRequest');
bind('driver-accept', 'driverAccept');
bind('driver-drive', 'driverDrive');
bind('passenger-pay', 'passengerPay');

$('run').addEventListener('click', async () => {
  $('run').disabled = true;
  try {
    for (const [name, label] of [['passengerConnect', 'connecting'], ['driverConnect', 'connecting'], ['driverDuty', 'driver on duty'],
      ['passengerRequest', 'requesting'], ['driverAccept', 'accepting'], ['driverDrive', 'driving'], ['passengerPay', 'paying']]) {
      setStatus(label);
      await steps[name]();
    }
  } catch (e) {
    setStatus(`failed: ${e.message ?? e}`, 'failed');
  }
});

drawMap();
