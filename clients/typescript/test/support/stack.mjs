// Starts the real local stack (the localstack jar, as `./ridewire up` does) on a free port with private Redis and
// NATS servers and unique prefixes, for the SDK's end-to-end tests. `./ridewire test` builds the jar and passes its
// private servers in RIDEWIRE_TEST_REDIS_URI / RIDEWIRE_TEST_NATS_URL; run alone, the tests start their own.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const JAR = join(ROOT, 'localstack/target/localstack-0.1.0-SNAPSHOT.jar');

export function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

function binary(name) {
  for (const dir of (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/usr/bin'])) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  throw new Error(`${name} is not installed (./ridewire test installs it)`);
}

async function waitForPort(port, what, child) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child?.exitCode != null) throw new Error(`${what} exited with ${child.exitCode}`);
    const open = await new Promise((done) => {
      const s = connect(port, '127.0.0.1');
      s.on('connect', () => { s.destroy(); done(true); });
      s.on('error', () => done(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not open port ${port}`);
}

/** Private redis-server and nats-server, unless `./ridewire test` already started them. */
async function servers(children) {
  if (process.env.RIDEWIRE_TEST_REDIS_URI && process.env.RIDEWIRE_TEST_NATS_URL) {
    return { redis: process.env.RIDEWIRE_TEST_REDIS_URI, nats: process.env.RIDEWIRE_TEST_NATS_URL };
  }
  const redisPort = await freePort();
  const natsPort = await freePort();
  const natsDir = mkdtempSync(join(tmpdir(), 'rw-sdk-nats-'));
  const redis = spawn(binary('redis-server'), ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const nats = spawn(binary('nats-server'), ['-a', '127.0.0.1', '-p', String(natsPort), '-js', '-sd', natsDir], { stdio: 'ignore' });
  children.push(redis, nats);
  children.cleanup.push(() => rmSync(natsDir, { recursive: true, force: true }));
  await waitForPort(redisPort, 'redis-server', redis);
  await waitForPort(natsPort, 'nats-server', nats);
  return { redis: `redis://127.0.0.1:${redisPort}`, nats: `nats://127.0.0.1:${natsPort}` };
}

/**
 * Starts a stack; `env` adds settings (RIDEWIRE_GATEWAY_IDLE_TIMEOUT, …). Returns its URLs, a token minter and
 * stop(). Rate limits are raised: the tests reconnect and sync far more often than an app does.
 */
export async function startStack(env = {}) {
  if (!existsSync(JAR)) throw new Error(`${JAR} is missing: build it with ./ridewire test (or mvn package -pl localstack -am)`);
  const children = [];
  children.cleanup = [];
  const { redis, nats } = await servers(children);
  const port = await freePort();
  const prefix = `sdk${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin/java') : 'java';
  const child = spawn(java, ['--enable-native-access=ALL-UNNAMED', `-Dsqlite4java.library.path=${join(ROOT, 'localstack/target/native')}`,
    '-jar', JAR], {
    cwd: ROOT,
    env: {
      ...process.env,
      RIDEWIRE_PORT: String(port),
      RIDEWIRE_REDIS_URI: redis,
      RIDEWIRE_NATS_URL: nats,
      RIDEWIRE_TABLES_PREFIX: `${prefix}-`,
      RIDEWIRE_REDIS_KEY_PREFIX: `${prefix}:`,
      RIDEWIRE_NATS_SUBJECT_PREFIX: `${prefix}.`,
      RIDEWIRE_NATS_STREAM_PREFIX: `${prefix.toUpperCase()}_`,
      RIDEWIRE_RATE_LIMIT_OVERRIDES: 'location.update=2000/60s,beacon.update=300/60s,ack=100000/60s,$connect=1000/60s,sync=10000/60s,ping=10000/60s',
      RIDEWIRE_LOCATION_MAX_CLOCK_SKEW: '2h',
      RIDEWIRE_RIDES_PROGRESS_INTERVAL: '0s',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  const ready = new Promise((done, fail) => {
    const onData = (chunk) => {
      output += chunk;
      if (output.length > 200_000) output = output.slice(-100_000);
      if (/ready ws:\/\//.test(output)) done();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => fail(new Error(`the stack exited with ${code}:\n${output.slice(-4000)}`)));
  });
  const timeout = setTimeout(() => child.kill('SIGKILL'), 180_000);
  await ready;
  clearTimeout(timeout);
  const http = `http://127.0.0.1:${port}`;
  return {
    ws: `ws://127.0.0.1:${port}`,
    http,
    port,
    nats,
    subjectPrefix: `${prefix}.`,
    log: () => output,
    ...httpHelpers(http),
    async stop() {
      for (const c of children.reverse()) {
        if (c.exitCode == null) {
          c.kill('SIGTERM');
          await Promise.race([new Promise((r) => c.once('exit', r)), new Promise((r) => setTimeout(r, 15_000))]);
          if (c.exitCode == null) c.kill('SIGKILL');
        }
      }
      children.cleanup.forEach((f) => f());
    },
  };
}

/** Development tokens and REST calls against a stack's HTTP endpoint. */
export function httpHelpers(http) {
  return {
    async token(role, sub, extra = {}) {
      const response = await fetch(`${http}/_local/token?${new URLSearchParams({ role, sub, ...extra })}`);
      if (!response.ok) throw new Error(`token: ${response.status} ${await response.text()}`);
      return (await response.json()).token;
    },
    async rest(method, path, token, body, headers = {}) {
      const response = await fetch(`${http}${path}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    },
  };
}

export function uniqueId(prefix) {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Polls until `check` returns a truthy value; fails with `what` (a text, or a function read at the timeout) after `timeoutMs`. */
export async function eventually(check, what, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out: ${typeof what === 'function' ? what() : what}${last ? ` (${last.message})` : ''}`);
}
