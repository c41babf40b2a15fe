import type { Cursor } from './storage.js';
import { isDurable, type ServerFrame } from './frames.js';

/** Ids already handled, the most recent `capacity` of them. */
export class RecentIds {
  private readonly ids = new Set<string>();
  private readonly order: string[] = [];
  constructor(private readonly capacity = 10_000) {}
  has(id: string | undefined): boolean {
    return id !== undefined && this.ids.has(id);
  }
  add(id: string | undefined): void {
    if (id === undefined || this.ids.has(id)) return;
    this.ids.add(id);
    this.order.push(id);
    if (this.order.length > this.capacity) this.ids.delete(this.order.shift()!);
  }
}

export type Offer = 'live' | 'duplicate' | 'buffered' | 'other-epoch';

/**
 * Puts durable events in `seq` order and drops repeats, whatever way they arrive (live, re-sent, replayed by
 * `sync`, over an old and a new socket at once). Pure: the client feeds it frames and tells it what was handled.
 */
export class DurableOrder {
  private epoch: string | undefined;
  private lastSeq: number;
  /** Events of the current epoch after lastSeq, waiting their turn. */
  private readonly buffer = new Map<number, ServerFrame & { seq: number }>();
  /** Events of another epoch: they wait for a `sync.completed` that says the epoch changed. */
  private readonly otherEpochs = new Map<string, Map<number, ServerFrame & { seq: number }>>();
  /** Every seq up to here that is missing is known not to exist (a sync replayed up to it). */
  private complete: number;
  private readonly seen: RecentIds;

  constructor(cursor: Cursor, maxBuffered = 10_000, rememberedIds = 10_000) {
    this.epoch = cursor.epoch;
    this.lastSeq = cursor.seq;
    this.complete = cursor.seq;
    this.seen = new RecentIds(rememberedIds);
    this.maxBuffered = maxBuffered;
  }

  private readonly maxBuffered: number;

  cursor(): Cursor {
    return this.epoch === undefined ? { seq: this.lastSeq } : { seq: this.lastSeq, epoch: this.epoch };
  }

  /** Whether an event with this id was handled already (a repeat: ack it again, never hand it over twice). */
  wasHandled(id: string | undefined): boolean {
    return this.seen.has(id);
  }

  offer(frame: ServerFrame): Offer {
    if (!isDurable(frame)) return 'live';
    if (this.epoch === undefined && frame.epoch !== undefined && this.lastSeq === 0) this.epoch = frame.epoch;
    if (frame.epoch !== undefined && this.epoch !== undefined && frame.epoch !== this.epoch) {
      const waiting = this.otherEpochs.get(frame.epoch) ?? new Map();
      if (!waiting.has(frame.seq) && waiting.size < this.maxBuffered) waiting.set(frame.seq, frame);
      this.otherEpochs.set(frame.epoch, waiting);
      return 'other-epoch';
    }
    if (frame.seq <= this.lastSeq || this.buffer.has(frame.seq)) return 'duplicate';
    // a full buffer drops the newest: a later sync fetches them again
    if (this.buffer.size >= this.maxBuffered) return 'duplicate';
    this.buffer.set(frame.seq, frame);
    return 'buffered';
  }

  /** The next event to hand over, in order; undefined while the next seq is missing. */
  next(): (ServerFrame & { seq: number }) | undefined {
    const expected = this.buffer.get(this.lastSeq + 1);
    if (expected) return expected;
    if (this.buffer.size === 0) return undefined;
    const lowest = Math.min(...this.buffer.keys());
    return lowest <= this.complete ? this.buffer.get(lowest) : undefined;
  }

  handled(frame: ServerFrame & { seq: number }): void {
    this.seen.add(frame.id);
    this.buffer.delete(frame.seq);
    if (frame.seq > this.lastSeq) this.lastSeq = frame.seq;
    for (const seq of this.buffer.keys()) if (seq <= this.lastSeq) this.buffer.delete(seq);
  }

  /** A handler threw: the event is not handled, nothing after it may overtake it, and it must come again. */
  failed(frame: ServerFrame & { seq: number }): void {
    this.buffer.delete(frame.seq);
    this.complete = Math.min(this.complete, frame.seq - 1);
  }

  /** Missing events: a seq gap that no sync explained yet, or events of another epoch. */
  hasGap(): boolean {
    return this.otherEpochs.size > 0 || (this.buffer.size > 0 && this.next() === undefined);
  }

  /**
   * A `sync.completed`: every event up to `lastSeq` of `epoch` was replayed before it, so any seq still missing
   * below it is gone; `recovered: false` means the sequence restarted in a new epoch.
   */
  synced(lastSeq: number, epoch?: string, recovered?: boolean): void {
    if (epoch !== undefined && epoch !== this.epoch) {
      if (recovered === false || this.epoch === undefined) {
        const restarted = recovered === false;
        this.epoch = epoch;
        if (restarted) {
          this.lastSeq = 0;
          this.complete = 0;
          this.buffer.clear();
        }
        for (const [seq, frame] of this.otherEpochs.get(epoch) ?? []) if (seq > this.lastSeq) this.buffer.set(seq, frame);
      }
    }
    this.otherEpochs.delete(epoch ?? '');
    for (const other of [...this.otherEpochs.keys()]) if (other !== epoch) this.otherEpochs.delete(other);
    if (epoch === undefined || epoch === this.epoch) this.complete = Math.max(this.complete, lastSeq);
  }
}
