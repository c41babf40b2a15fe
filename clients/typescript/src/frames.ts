/** One JSON frame from the server: `{type, id, seq?, epoch?, ack_required?, payload}`. */
export interface ServerFrame<P = Record<string, unknown>> {
  type: string;
  id?: string;
  seq?: number;
  epoch?: string;
  ack_required?: boolean;
  payload?: P;
}

/** Durable events carry a per-user `seq`; only they are ordered, replayed and kept track of. */
export function isDurable(frame: ServerFrame): frame is ServerFrame & { seq: number } {
  return typeof frame.seq === 'number' && Number.isSafeInteger(frame.seq) && frame.seq > 0;
}

export function parseFrame(data: unknown): ServerFrame | undefined {
  if (typeof data !== 'string') return undefined;
  try {
    const value = JSON.parse(data) as unknown;
    if (value && typeof value === 'object' && typeof (value as ServerFrame).type === 'string') return value as ServerFrame;
  } catch {
    // not JSON: ignored, the server only sends JSON
  }
  return undefined;
}
