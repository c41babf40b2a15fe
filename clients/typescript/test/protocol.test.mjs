// The protocol document generates code: the AsyncAPI parser finds no error, Modelina types every payload, the SDK's
// generated types are current, and the contract validator refuses a frame that breaks its schema.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Parser } from '@asyncapi/parser';
import { TypeScriptGenerator } from '@asyncapi/modelina';
import { parse } from 'yaml';
import { ROOT } from './support/stack.mjs';
import { contractViolations } from './support/contract.mjs';
import { generate, OUTPUT } from '../scripts/generate-types.mjs';

const text = readFileSync(join(ROOT, 'docs/protocol/asyncapi.yaml'), 'utf8');
const raw = parse(text);

test('the AsyncAPI parser reads the document with no error', async () => {
  const { document, diagnostics } = await new Parser().parse(text);
  const errors = diagnostics.filter((d) => d.severity === 0).map((d) => `${d.message} at ${d.path.join('.')}`);
  assert.deepEqual(errors, []);
  assert.ok(document, 'a document');
});

test('Modelina generates an object type for every message and its payload', async () => {
  const { document } = await new Parser().parse(text);
  const models = await new TypeScriptGenerator({ modelType: 'interface' }).generate(document);
  const byName = new Map(models.map((m) => [m.modelName, m]));
  const untyped = [];
  for (const [type, message] of Object.entries(raw.components.messages)) {
    const envelope = message.payload.$ref.split('/').pop();
    const model = byName.get(envelope);
    if (!model || model.model.constructor.name !== 'ConstrainedObjectModel') {
      untyped.push(`${type}: ${envelope} is ${model?.model.constructor.name ?? 'missing'}`);
      continue;
    }
    const payload = model.model.properties.payload;
    const documented = raw.components.schemas[envelope].allOf?.find((b) => b.properties?.payload)?.properties.payload;
    const named = documented?.$ref ? raw.components.schemas[documented.$ref.split('/').pop()] : undefined;
    // a payload documented as empty (ping) has nothing to type: Modelina makes it a map, which is right
    if (named && Object.keys(named.properties ?? {}).length === 0 && named.additionalProperties === false) continue;
    if (payload && payload.property.constructor.name !== 'ConstrainedReferenceModel' && payload.property.constructor.name !== 'ConstrainedObjectModel') {
      untyped.push(`${type}: payload is ${payload.property.constructor.name} (${payload.property.type})`);
    }
    if (payload && !/^[A-Z]\w*$/.test(payload.property.type)) untyped.push(`${type}: payload typed ${payload.property.type}`);
  }
  assert.deepEqual(untyped, []);
  assert.ok(Object.keys(raw.components.messages).length >= 54);
});

test('every payload is a named schema of type object', () => {
  const schemas = raw.components.schemas;
  const problems = [];
  for (const [name, schema] of Object.entries(schemas)) {
    if (name.endsWith('Envelope') && schema.type !== 'object') problems.push(`${name} has type ${schema.type}`);
    for (const branch of schema.allOf ?? []) if (!branch.$ref && branch.type !== 'object') problems.push(`${name}: an allOf branch without type object`);
    if (name.endsWith('Payload') && schema.type !== 'object') problems.push(`${name} has type ${schema.type}`);
  }
  assert.deepEqual(problems, []);
});

test("the SDK's generated types match the document (the build fails otherwise)", () => {
  assert.equal(readFileSync(OUTPUT, 'utf8'), generate(text), 'run npm run generate');
});

test('the contract check refuses frames that break their schema', () => {
  const good = { type: 'pong', id: 'p1', payload: { timestamp: new Date().toISOString() } };
  assert.deepEqual(contractViolations([good]), []);
  assert.equal(contractViolations([{ type: 'pong', id: 'p1', payload: {} }]).length, 1, 'missing timestamp');
  assert.equal(contractViolations([{ type: 'sync.completed', id: 's', payload: { since: 'x' } }]).length, 1);
  assert.equal(contractViolations([{ type: 'no.such.event', id: 'x', payload: {} }]).length, 1);
});
