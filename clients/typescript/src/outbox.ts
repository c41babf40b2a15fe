/**
 * Messages sent while no connection is open. Bounded: at most `maxMessages` wait (the oldest is dropped when
 * a new one arrives), and a message older than `maxAgeMs` when the connection opens is dropped, not sent late.
 */
export interface OutboxOptions {
  maxMessages: number;
  maxAgeMs: number;
}

export const DEFAULT_OUTBOX: OutboxOptions = { maxMessages: 100, maxAgeMs: 30_000 };

export interface Queued {
  frame: string;
  type: string;
  queuedAt: number;
}

export class Outbox {
  private readonly queue: Queued[] = [];
  constructor(private readonly options: OutboxOptions, private readonly now: () => number = Date.now) {}

  /** Queues a frame; returns the one dropped to make room, if any. */
  add(type: string, frame: string): Queued | undefined {
    this.queue.push({ type, frame, queuedAt: this.now() });
    return this.queue.length > this.options.maxMessages ? this.queue.shift() : undefined;
  }

  /** Everything queued, emptied: the frames still fresh to send and the ones too old. */
  drain(): { fresh: Queued[]; stale: Queued[] } {
    const cutoff = this.now() - this.options.maxAgeMs;
    const all = this.queue.splice(0);
    return { fresh: all.filter((q) => q.queuedAt >= cutoff), stale: all.filter((q) => q.queuedAt < cutoff) };
  }

  get size(): number {
    return this.queue.length;
  }
}
