// Validates frames against their schemas in docs/protocol/asyncapi.yaml (components.schemas.<Name>Envelope, found
// through components.messages.<type>.payload).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { ROOT } from './stack.mjs';

const api = parse(readFileSync(join(ROOT, 'docs/protocol/asyncapi.yaml'), 'utf8'));
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ $id: 'asyncapi', components: api.components });

const validators = new Map();
function validatorFor(type) {
  if (!validators.has(type)) {
    const message = api.components.messages[type];
    validators.set(type, message ? ajv.getSchema(`asyncapi${message.payload.$ref}`) : undefined);
  }
  return validators.get(type);
}

/** Problems with the frames: an undescribed type, or a frame its schema refuses. */
export function contractViolations(frames) {
  const problems = [];
  for (const frame of frames) {
    const validate = validatorFor(frame.type);
    if (!validate) problems.push(`${frame.type}: not described in asyncapi.yaml`);
    else if (!validate(frame)) problems.push(`${frame.type}: ${ajv.errorsText(validate.errors)} in ${JSON.stringify(frame).slice(0, 400)}`);
  }
  return [...new Set(problems)];
}

/** Records every frame a client receives, for contractViolations at the end of a test file. */
export class FrameRecorder {
  frames = [];
  attach(client) {
    client.on('frame', (frame, direction) => {
      if (direction === 'in') this.frames.push(frame);
    });
    return client;
  }
}
