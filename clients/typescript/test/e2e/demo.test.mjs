// The browser demo at /_local/demo/ completes a ride in headless Chromium (Debian's chromium package, driven by
// playwright-core: no browser download) and leaves a screenshot in test-output/demo.png.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { sharedStack } from '../support/clients.mjs';
import { ROOT } from '../support/stack.mjs';

const CHROMIUM = process.env.RIDEWIRE_CHROMIUM ?? '/usr/bin/chromium';
const OUTPUT = join(ROOT, 'clients/typescript/test-output');
let stack;
let browser;

before(async () => {
  stack = await sharedStack();
});

after(async () => {
  await browser?.close();
  await stack?.stop();
});

test('the demo ride is requested, accepted, driven and paid in Chromium', { timeout: 300_000 }, async () => {
  assert.ok(existsSync(CHROMIUM), `no ${CHROMIUM}: ./ridewire test installs Debian's chromium package`);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 120_000,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.setDefaultTimeout(120_000);
  await page.goto(`${stack.http}/_local/demo/`);
  await page.click('#run');
  await page.waitForFunction(() => /Ride paid|failed/.test(document.getElementById('status').textContent), null, { timeout: 120_000 });
  mkdirSync(OUTPUT, { recursive: true });
  await page.screenshot({ path: join(OUTPUT, 'demo.png'), fullPage: true });
  const status = await page.textContent('#status');
  const fare = Number(/Ride paid: (\d+) IDR/.exec(status)?.[1]);
  assert.ok(fare >= 1500, `the demo says: ${status}`);
  const log = await page.$$eval('#log li', (items) => items.map((i) => i.textContent));
  for (const type of ['connection.established', 'match.proposal', 'match.confirmed', 'ride.started', 'ride.completed', 'payment.request', 'payment.completed']) {
    assert.ok(log.some((line) => line.includes(type)), `${type} in the live log`);
  }
  assert.ok(log.some((line) => line.includes('→ ack')), 'the SDK acknowledged the critical events');
  assert.equal(await page.textContent('#passenger-state'), 'open');
  assert.equal(await page.textContent('#passenger-wallet'), `${20000 - fare} IDR`, 'debited exactly the fare');
  assert.equal(await page.textContent('#driver-earnings'), `${fare - Math.round(fare * 0.05)} IDR`, '95 % of the fare');
  assert.deepEqual(problems, []);
});

test('the demo endpoint serves the SDK but nothing outside its folders', async () => {
  const sdk = await fetch(`${stack.http}/_local/demo/sdk/index.js`);
  assert.equal(sdk.status, 200);
  assert.match(sdk.headers.get('content-type'), /javascript/);
  assert.match(await sdk.text(), /RidewireClient/);
  const around = await fetch(`${stack.http}/_local/demo/..%2Fdist%2Findex.js`);
  assert.equal(around.status, 404, 'a path climbing out of demo/ is refused');
  const up = await fetch(`${stack.http}/_local/demo/sdk/..%2F..%2F..%2F..%2Fclients%2Ftypescript%2Fdemo%2Fdemo.js`);
  assert.equal(up.status, 404);
});
