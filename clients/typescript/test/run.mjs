// Runs the SDK's tests: unit and protocol tests, then the end-to-end tests against one local stack started here
// (the caps test starts its own, with shortened limits). Used by `npm test` and `./ridewire test`.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStack } from './support/stack.mjs';
import { SHARED_STACK_ENV } from './support/clients.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = [
  ...readdirSync(join(here, 'unit')).map((f) => join(here, 'unit', f)),
  join(here, 'protocol.test.mjs'),
  ...readdirSync(join(here, 'e2e')).sort().map((f) => join(here, 'e2e', f)),
].filter((f) => f.endsWith('.test.mjs') && (only.length === 0 || only.some((o) => f.includes(o))));

const stack = await startStack(SHARED_STACK_ENV);
let code = 1;
try {
  const described = { ws: stack.ws, http: stack.http, nats: stack.nats, subjectPrefix: stack.subjectPrefix };
  code = await new Promise((done) => {
    const child = spawn(process.execPath, ['--test', '--test-concurrency=1', '--test-timeout=900000', ...files], {
      stdio: 'inherit',
      env: { ...process.env, RIDEWIRE_SDK_STACK: JSON.stringify(described) },
    });
    child.on('exit', (c) => done(c ?? 1));
  });
} finally {
  await stack.stop();
}
if (code !== 0) console.error(`SDK tests failed; the stack's last output:\n${stack.log().slice(-3000)}`);
process.exit(code);
