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
  /** Seqs handled lately (to count what a sync's replay brought). */
  private readonly handledSeqs = new Set<number>();
  /** Syncs whose replayed events may still be on their way: {since, last, count}. */
  private explanations: { since: number; last: number; count: number }[] = [];
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

  /**
   * Whether the cursor is past this event in its epoch: it was handled, if not by this client then by one before a
   * reload that saved the cursor (its id is no longer remembered). A re-send of it is acknowledged again.
   */
  handledBefore(frame: ServerFrame): boolean {
    return isDurable(frame) && (frame.epoch === undefined || frame.epoch === this.epoch) && frame.seq <= this.lastSeq;
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
    if (this.buffer.size >= this.maxBuffered) {
      // a full buffer drops the newest, never the one it waits for: a later sync fetches them again
      const newest = Math.max(...this.buffer.keys());
      if (frame.seq > newest) return 'duplicate';
      this.buffer.delete(newest);
    }
    this.buffer.set(frame.seq, frame);
    return 'buffered';
  }

  /** The next event to hand over, in order; undefined while the next seq is missing. */
  next(): (ServerFrame & { seq: number }) | undefined {
    const expected = this.buffer.get(this.lastSeq + 1);
    if (expected) return expected;
    if (this.buffer.size === 0) return undefined;
    this.explain();
    const lowest = Math.min(...this.buffer.keys());
    return lowest <= this.complete ? this.buffer.get(lowest) : undefined;
  }

  handled(frame: ServerFrame & { seq: number }): void {
    this.seen.add(frame.id);
    this.buffer.delete(frame.seq);
    if (frame.seq > 0) this.handledSeqs.add(frame.seq);
    if (this.handledSeqs.size > 20_000) for (const s of this.handledSeqs) if (s < this.lastSeq - 10_000) this.handledSeqs.delete(s);
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
   * A `sync.completed`: `count` events of `epoch` after `since`, up to `lastSeq`, were replayed. Once that many are
   * in hand (the replayed frames may arrive after the completion), a seq still missing below `lastSeq` is gone.
   * `recovered: false` means the sequence restarted in a new epoch.
   */
  synced(done: { since: number; lastSeq: number; count?: number; epoch?: string; recovered?: boolean }): void {
    const { epoch, recovered } = done;
    if (epoch !== undefined && epoch !== this.epoch) {
      if (recovered === false || this.epoch === undefined) {
        this.epoch = epoch;
        if (recovered === false) {
          this.lastSeq = 0;
          this.complete = 0;
          this.buffer.clear();
          this.handledSeqs.clear();
          this.explanations = [];
        }
        for (const [seq, frame] of this.otherEpochs.get(epoch) ?? []) if (seq > this.lastSeq) this.buffer.set(seq, frame);
      }
    }
    // the server's epoch is the one that counts: events of any other are stale or come again
    this.otherEpochs.clear();
    if (epoch !== undefined && epoch !== this.epoch) return;
    const since = recovered === false ? 0 : done.since;
    this.explanations.push({ since, last: done.lastSeq, count: done.count ?? 0 });
    this.explain();
  }

  private explain(): void {
    this.explanations = this.explanations.filter((e) => {
      let inHand = 0;
      for (let s = e.since + 1; s <= e.last; s++) if (this.handledSeqs.has(s) || this.buffer.has(s)) inHand++;
      if (inHand < e.count) return true;
      this.complete = Math.max(this.complete, e.last);
      return false;
    });
  }
}
