// The README's "Try it" commands, as a reader types them: `$(./ridewire token …)` must be the token and nothing
// else, even when the stack is rebuilt first (Maven's escape codes on stdout once made the documented curl answer 400).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedStack } from '../support/clients.mjs';
import { ROOT } from '../support/stack.mjs';

let stack;

before(async () => {
  stack = await sharedStack();
});

after(async () => {
  await stack?.stop();
});

test('./ridewire token prints only a token, even after a rebuild, and /ws/stats takes it as the README shows',
  { timeout: 300_000 }, async () => {
    // a source newer than the jar makes the launcher build first; a stand-in Maven writes to stdout as Maven does,
    // and builds nothing, so the stack running from that jar is left alone
    const bin = mkdtempSync(join(tmpdir(), 'ridewire-mvn-'));
    writeFileSync(join(bin, 'mvn'), "#!/bin/sh\nprintf '\\033[0m[INFO] BUILD SUCCESS\\n'\n");
    chmodSync(join(bin, 'mvn'), 0o755);
    const source = join(ROOT, 'localstack/src/main/java/io/ridewire/local/DevTokens.java');
    const { atime, mtime } = statSync(source);
    utimesSync(source, new Date(), new Date(Date.now() + 60_000));
    let run;
    try {
      run = spawnSync(join(ROOT, 'ridewire'), ['token', 'admin', 'admin-1'], {
        encoding: 'utf8', timeout: 280_000, env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
      });
    } finally {
      utimesSync(source, atime, mtime);
    }
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /building/, 'the launcher did not build: the test would prove nothing');
    assert.match(run.stdout, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\n$/);

    const stats = await fetch(`${stack.http}/ws/stats`, { headers: { Authorization: `Bearer ${run.stdout.trim()}` } });
    assert.equal(stats.status, 200, await stats.clone().text());
    assert.equal(typeof (await stats.json()), 'object');
  });
