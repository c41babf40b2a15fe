import { DEFAULT_BACKOFF, fullJitter, type BackoffOptions } from './backoff.js';
import { AUTH_FAILURES, CloseCode, SESSION_REPLACED } from './close-codes.js';
import { DurableOrder } from './durable.js';
import { RidewireError, isErrorFrame } from './errors.js';
import { isDurable, parseFrame, type ServerFrame } from './frames.js';
import { DEFAULT_OUTBOX, Outbox, type OutboxOptions, type Queued } from './outbox.js';
import { decodeCursor, defaultStorage, encodeCursor, type CursorStorage } from './storage.js';
import { expiresAtMs, refreshDelayMs, type TokenSource } from './token.js';
import type { ClientMessages, ServerEvents } from './generated/protocol.js';

export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** The part of the WebSocket API the client uses: the browser's, `ws`'s and Node 22's all have it. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}
export type WebSocketFactory = (url: string) => WebSocketLike;

export interface RidewireClientOptions {
  /** `ws://127.0.0.1:8080` or `wss://{api-id}.execute-api.{region}.amazonaws.com/{stage}`. */
  url: string;
  /** A JWT, or a function returning a fresh one: called on every connect and again before the token expires. */
  token: TokenSource;
  /** Where the last handled seq and its epoch are kept; default localStorage in browsers, else memory. */
  storage?: CursorStorage;
  /** How sockets are made; default the global WebSocket, else the `ws` package. */
  webSocket?: WebSocketFactory;
  /** A `ping` this often on an open connection (the gateway closes one idle for 10 min). Default 4 min. */
  keepAliveMs?: number;
  /** A connection whose `ping` got no `pong` within this is dropped and replaced. Default 20 s. */
  pongTimeoutMs?: number;
  /** A new connection is opened this long after the current one (the gateway closes any after 2 h). Default 115 min. */
  rotateAfterMs?: number;
  /** How long a replaced connection may stay open to deliver what it still carries. Default 5 s. */
  drainMs?: number;
  /** Reconnect delays: full jitter over `baseMs · 2^attempt`, capped at `maxMs`. Default 500 ms, 30 s. */
  backoff?: BackoffOptions;
  /** A connection not established within this is given up and tried again. Default 30 s. */
  connectTimeoutMs?: number;
  /** Default timeout of `request()`. Default 10 s. */
  requestTimeoutMs?: number;
  /** How long to wait for a missing seq to arrive on its own before asking for it with `sync`. Default 1 s. */
  gapTimeoutMs?: number;
  /** After a handler threw, when to fetch the event again with `sync` (critical ones are also re-sent by the server). Default 1 s. */
  handlerRetryMs?: number;
  /** The token function is called this long before the token's `exp` (or at `auth.expiring`). Default 60 s. */
  refreshBeforeExpiryMs?: number;
  /** The bound on messages sent while offline. Default 100 messages, 30 s. */
  outbox?: Partial<OutboxOptions>;
}

export interface RequestOptions {
  timeoutMs?: number;
}

type Payload<T extends string> = T extends keyof ServerEvents ? ServerEvents[T] : Record<string, unknown>;
export type EventHandler<T extends string = string> = (payload: Payload<T>, frame: ServerFrame<Payload<T>>) => unknown;
type Outgoing<T extends string> = T extends keyof ClientMessages ? ClientMessages[T] : Record<string, unknown>;

export interface LifecycleEvents {
  /** The connection state changed. */
  state: (state: ConnectionState) => void;
  /** A handler threw, a connection failed, or the client gave up (see `RidewireError.code`). */
  error: (error: unknown) => void;
  /** Every frame in (`in`) and out (`out`), for logs. */
  frame: (frame: ServerFrame, direction: 'in' | 'out') => void;
  /** A message queued offline was dropped: the outbox was full, or it was too old to send. */
  dropped: (type: string, reason: 'full' | 'expired') => void;
}

interface Pending {
  resolve: (frame: ServerFrame) => void;
  reject: (error: RidewireError) => void;
  timer: ReturnType<typeof setTimeout>;
  link?: Link;
}

/** One socket and what belongs to it. */
interface Link {
  readonly ws: WebSocketLike;
  readonly token: string;
  /** The client's generation when it was opened: a `close()` since then makes it stale. */
  readonly generation: number;
  /** Replaced by a newer connection: it may still deliver what it carries until it is shut. */
  draining?: boolean;
  established: boolean;
  closed: boolean;
  /** Frames that came before `connection.established` (the cursor is loaded then). */
  early: ServerFrame[];
  authFailure?: string;
  /** The server said a newer connection of this user took the session over. */
  replaced?: boolean;
  handshakeStatus?: number;
  /** The WebSocket handshake succeeded (`open`). */
  opened?: boolean;
  timers: ReturnType<typeof setTimeout>[];
}

/**
 * A browser's WebSocket (and Node 22's) hides the handshake's HTTP status: a 401 looks like a network failure. A
 * socket that never opened with a token past its `exp` was refused as surely as one that says 401, and is treated so.
 */
function refusedUnseen(link: Link): boolean {
  if (link.opened || link.handshakeStatus !== undefined) return false;
  const exp = expiresAtMs(link.token);
  return exp !== undefined && exp <= Date.now();
}

const LIFECYCLE = new Set(['state', 'error', 'frame', 'dropped']);

/**
 * Ridewire's client: one WebSocket, kept open. Durable events reach handlers exactly once and in `seq` order
 * across reconnects, server re-sends and `sync` replays; critical ones are acknowledged after their handlers
 * return. See docs/clients.md for the contract this implements.
 */
export class RidewireClient {
  private readonly options: Required<Omit<RidewireClientOptions, 'storage' | 'webSocket' | 'outbox' | 'backoff'>> & {
    backoff: BackoffOptions;
  };
  private readonly storage: CursorStorage;
  private readonly outbox: Outbox;
  private readonly handlers = new Map<string, Set<(...args: never[]) => unknown>>();
  private readonly pending = new Map<string, Pending>();
  private webSocket?: WebSocketFactory;

  private currentState: ConnectionState = 'closed';
  private wanted = false;
  private active?: Link;
  private rotating?: Link;
  /** Bumped by `close()`: sockets of an older generation (still opening at the time) are shut and ignored. */
  private generation = 0;
  /** Every socket opened and not closed yet, so `close()` reaches draining ones too. */
  private readonly links = new Set<Link>();
  private requestCounter = 0;
  private attempt = 0;
  private handshakeRefusals = 0;
  private reconnectTimer?: ReturnType<typeof setTimeout>;
  private clientTimers: ReturnType<typeof setTimeout>[] = [];
  private gapTimer?: ReturnType<typeof setTimeout>;
  private refreshing = false;

  private userKey?: string;
  private order?: DurableOrder;
  private chain: Promise<void> = Promise.resolve();
  private syncing = false;
  private syncAgain = false;

  private waiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];

  /** The last `beacon.update` sent with `is_active: true` (forgotten on one with `is_active: false`), and when. */
  private beacon?: { payload: Record<string, unknown>; at: number };
  /** The location of the last `location.update` sent, and when (`at` counts outgoing messages). */
  private lastFix?: { location: Record<string, unknown>; at: number };
  private outgoing = 0;
  private rebeaconing = false;
  /** The re-sent beacon was lost with its connection: it goes again on the next one. */
  private beaconOwed = false;
  private openWaiters: (() => void)[] = [];

  constructor(options: RidewireClientOptions) {
    if (!options?.url) throw new TypeError('url is required');
    if (!options.token) throw new TypeError('token is required (a JWT or a function returning one)');
    this.options = {
      url: options.url,
      token: options.token,
      keepAliveMs: options.keepAliveMs ?? 240_000,
      pongTimeoutMs: options.pongTimeoutMs ?? 20_000,
      rotateAfterMs: options.rotateAfterMs ?? 115 * 60_000,
      drainMs: options.drainMs ?? 5_000,
      backoff: options.backoff ?? DEFAULT_BACKOFF,
      connectTimeoutMs: options.connectTimeoutMs ?? 30_000,
      requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
      gapTimeoutMs: options.gapTimeoutMs ?? 1_000,
      handlerRetryMs: options.handlerRetryMs ?? 1_000,
      refreshBeforeExpiryMs: options.refreshBeforeExpiryMs ?? 60_000,
    };
    this.storage = options.storage ?? defaultStorage();
    this.outbox = new Outbox({ ...DEFAULT_OUTBOX, ...options.outbox });
    this.webSocket = options.webSocket;
  }

  get state(): ConnectionState {
    return this.currentState;
  }

  /** The last durable seq handled and its epoch (what the next `sync` starts from). */
  get cursor(): { seq: number; epoch?: string } {
    return this.order?.cursor() ?? { seq: 0 };
  }

  /** Connects; resolves on `connection.established`, rejects when the client gives up (a refused token) or is closed. */
  connect(): Promise<void> {
    if (this.currentState === 'open') return Promise.resolve();
    const established = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    if (!this.wanted) {
      this.wanted = true;
      this.setState('connecting');
      void this.openLink();
    }
    return established;
  }

  /** Closes the connection for good; pending requests reject with CLOSED. */
  close(): void {
    this.wanted = false;
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.gapTimer);
    this.clientTimers.forEach(clearTimeout);
    this.clientTimers = [];
    this.generation++;
    for (const link of this.links) this.shut(link, CloseCode.NORMAL, 'client closed');
    this.active = undefined;
    this.rotating = undefined;
    this.failPending(() => true, new RidewireError('CLOSED', 'the client was closed'));
    this.fail(new RidewireError('CLOSED', 'the client was closed'));
    this.beacon = undefined;
    this.lastFix = undefined;
    this.beaconOwed = false;
    this.setState('closed');
  }

  /** Handles a server event type (`'*'`: every event), or a lifecycle event (`state`, `error`, `frame`, `dropped`). */
  on<K extends keyof LifecycleEvents>(type: K, handler: LifecycleEvents[K]): () => void;
  on<T extends keyof ServerEvents | '*'>(type: T, handler: EventHandler<T & string>): () => void;
  on(type: string, handler: EventHandler): () => void;
  on(type: string, handler: (...args: never[]) => unknown): () => void {
    const set = this.handlers.get(type) ?? new Set();
    set.add(handler);
    this.handlers.set(type, set);
    return () => set.delete(handler);
  }

  /**
   * Sends a message and resolves with the direct reply that echoes its id, or rejects with the `error.*` /
   * `connection.error` reply (RidewireError with code, field, retryAfterSeconds), TIMEOUT or CONNECTION_LOST.
   * Waits for a connection when offline (within the timeout).
   */
  request<T extends keyof ClientMessages | string>(type: T, payload?: Outgoing<T & string>, options: RequestOptions = {}): Promise<ServerFrame> {
    const id = `c${++this.requestCounter}-${Math.random().toString(36).slice(2, 8)}`;
    this.noteOutgoing(type, payload);
    const timeoutMs = options.timeoutMs ?? this.options.requestTimeoutMs;
    return new Promise<ServerFrame>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new RidewireError('TIMEOUT', `no reply to ${type} within ${timeoutMs} ms`));
      }, timeoutMs);
      const entry: Pending = { resolve, reject, timer };
      this.pending.set(id, entry);
      const go = () => {
        if (!this.pending.has(id)) return;
        const link = this.active;
        if (!link || !link.established || link.closed) {
          this.openWaiters.push(go);
          return;
        }
        entry.link = link;
        this.write(link, { type, id, payload: payload ?? {} });
      };
      go();
    });
  }

  /**
   * Sends a message without waiting for a reply. Offline, it waits in a bounded outbox (see OutboxOptions) and is
   * sent when the connection opens; returns false when it was queued rather than sent.
   */
  send<T extends keyof ClientMessages | string>(type: T, payload?: Outgoing<T & string>): boolean {
    const frame = { type, payload: payload ?? {} };
    this.noteOutgoing(type, payload);
    const link = this.active;
    if (link && link.established && !link.closed) {
      this.write(link, frame);
      return true;
    }
    const dropped = this.outbox.add(type, JSON.stringify(frame));
    if (dropped) this.emit('dropped', dropped.type, 'full');
    return false;
  }

  // ---- connections ----

  /** Opens the active connection, or with `from` the one replacing it (a rotation). */
  private async openLink(from?: Link, token?: string): Promise<void> {
    const generation = this.generation;
    // while awaiting: a close() (and maybe a connect()) made this attempt unwanted, or another connection took over
    const superseded = () =>
      !this.wanted ||
      generation !== this.generation ||
      (from === undefined ? this.active !== undefined && !this.active.closed : this.active !== from || from.closed || this.rotating !== undefined);
    let fresh: string;
    try {
      fresh = token ?? (await this.freshToken());
    } catch (e) {
      if (superseded()) return;
      this.emit('error', e);
      if (from) return;
      return this.scheduleReconnect();
    }
    if (superseded()) return;
    const url = new URL(this.options.url);
    url.searchParams.set('token', fresh);
    let ws: WebSocketLike;
    try {
      const factory = await this.factory();
      if (superseded()) return;
      ws = factory(url.toString());
    } catch (e) {
      this.emit('error', e);
      return from ? undefined : this.scheduleReconnect();
    }
    const link: Link = { ws, token: fresh, generation, established: false, closed: false, early: [], timers: [] };
    this.links.add(link);
    if (from) this.rotating = link;
    else this.active = link;
    ws.onopen = () => {
      link.opened = true;
      if (this.stale(link)) this.shut(link, CloseCode.NORMAL, 'not the current connection');
    };
    ws.onmessage = (event) => {
      if (this.stale(link)) return this.shut(link, CloseCode.NORMAL, 'not the current connection');
      this.onMessage(link, event.data);
    };
    ws.onerror = (event) => {
      const message = String((event as { message?: unknown })?.message ?? '');
      const status = /Unexpected server response: (\d+)/.exec(message);
      if (status) link.handshakeStatus = Number(status[1]);
    };
    ws.onclose = (event) => this.onLinkClosed(link, event.code, event.reason);
    link.timers.push(setTimeout(() => {
      if (!link.established && !link.closed) this.shut(link, 4000, 'not established in time');
    }, this.options.connectTimeoutMs));
  }

  /** A socket that is neither the active one, the one replacing it, nor a draining one, of this generation. */
  private stale(link: Link): boolean {
    if (link.generation !== this.generation) return true;
    return link !== this.active && link !== this.rotating && !link.draining;
  }

  private async factory(): Promise<WebSocketFactory> {
    if (this.webSocket) return this.webSocket;
    const native = (globalThis as { WebSocket?: new (url: string) => WebSocketLike }).WebSocket;
    if (native) {
      this.webSocket = (url) => new native(url);
    } else {
      const module = (await import('ws')) as unknown as { default: new (url: string) => WebSocketLike };
      this.webSocket = (url) => new module.default(url);
    }
    return this.webSocket;
  }

  private async freshToken(): Promise<string> {
    const source = this.options.token;
    return typeof source === 'string' ? source : await source();
  }

  private onEstablished(link: Link, frame: ServerFrame): void {
    if (link !== this.active && link !== this.rotating) return this.shut(link, CloseCode.NORMAL, 'not the current connection');
    link.established = true;
    link.timers.forEach(clearTimeout);
    link.timers = [];
    const payload = (frame.payload ?? {}) as { user_id?: string };
    const previous = this.active;
    if (this.rotating === link) {
      this.rotating = undefined;
      this.active = link;
      if (previous && previous !== link) this.drain(previous);
    }
    this.attempt = 0;
    this.handshakeRefusals = 0;
    this.keepAlive(link);
    link.timers.push(setTimeout(() => this.rotate(link), this.options.rotateAfterMs));
    this.scheduleRefresh(link);
    this.setState('open');
    this.chain = this.chain.then(async () => {
      await this.loadCursor(payload.user_id);
      const early = link.early.splice(0);
      for (const f of early) await this.accept(f);
    }).catch((e) => this.emit('error', e));
    for (const waiter of this.openWaiters.splice(0)) waiter();
    if (this.beaconOwed && !this.rebeaconing) {
      this.beaconOwed = false;
      this.resendBeacon();
    }
    const { fresh, stale } = this.outbox.drain();
    stale.forEach((q: Queued) => this.emit('dropped', q.type, 'expired'));
    fresh.forEach((q: Queued) => this.writeRaw(link, q.frame));
    for (const waiter of this.waiters.splice(0)) waiter.resolve();
    void this.chain.then(() => this.startSync());
  }

  private onLinkClosed(link: Link, code: number, reason: string): void {
    link.closed = true;
    this.links.delete(link);
    link.timers.forEach(clearTimeout);
    this.failPending((p) => p.link === link, new RidewireError('CONNECTION_LOST', `connection closed (${code} ${reason})`));
    if (this.rotating === link) {
      this.rotating = undefined;
      if (this.active && !this.active.closed) {
        // the replacement failed: keep the current connection and try again later
        link.timers.push(setTimeout(() => this.rotate(this.active!), fullJitter(++this.attempt, this.options.backoff)));
        return;
      }
    } else if (this.active !== link || link.generation !== this.generation) {
      return; // a drained or stale connection
    } else {
      this.active = undefined;
      if (this.rotating && !this.rotating.closed) return; // the server closed it for its replacement
    }
    if (!this.wanted) return;
    if (link.replaced) {
      // another client of this user (a second tab, another device) took over: reconnecting would take it back
      const error = new RidewireError(SESSION_REPLACED, 'a newer connection of this user took the session over');
      this.emit('error', error);
      this.fail(error);
      this.wanted = false;
      this.setState('closed');
      return;
    }
    if (link.authFailure || link.handshakeStatus === 401 || link.handshakeStatus === 403 || refusedUnseen(link)) {
      // only a fresh token helps: a static one cannot be refreshed; a function gets two more tries
      const refusals = ++this.handshakeRefusals;
      if (typeof this.options.token === 'string' || refusals > 2) {
        const error = new RidewireError(link.authFailure ?? 'UNAUTHORIZED', `the token was refused (${link.authFailure ?? link.handshakeStatus ?? 'expired'})`);
        this.emit('error', error);
        this.fail(error);
        this.wanted = false;
        this.setState('closed');
        return;
      }
      if (link.authFailure) {
        this.setState('reconnecting');
        void this.openLink();
        return;
      }
    }
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (!this.wanted) return;
    this.setState(this.currentState === 'connecting' ? 'connecting' : 'reconnecting');
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => void this.openLink(), fullJitter(this.attempt++, this.options.backoff));
  }

  /** Opens the next connection before the gateway's lifetime cap; the old one drains when the new one is in. */
  private rotate(link: Link, token?: string): void {
    if (!this.wanted || this.active !== link || link.closed || this.rotating) return;
    void this.openLink(link, token);
  }

  private drain(link: Link): void {
    // one still opening carries nothing yet: left open it would only become an orphan
    if (!link.established) return this.shut(link, CloseCode.NORMAL, 'replaced');
    link.draining = true;
    link.timers.forEach(clearTimeout);
    link.timers = [setTimeout(() => this.shut(link, CloseCode.NORMAL, 'replaced'), this.options.drainMs)];
  }

  private shut(link: Link, code: number, reason: string): void {
    try {
      // a dead connection would never finish the closing handshake: ws can drop it at once
      const terminate = (link.ws as { terminate?: () => void }).terminate;
      if (code !== CloseCode.NORMAL && terminate) terminate.call(link.ws);
      else link.ws.close(code, reason);
    } catch {
      // already closing
    }
  }

  private keepAlive(link: Link): void {
    const tick = () => {
      if (link.closed || this.active !== link) return;
      this.request('ping', {}, { timeoutMs: this.options.pongTimeoutMs }).catch((e: RidewireError) => {
        // no pong: the connection is dead without having said so
        if (e.code === 'TIMEOUT' && !link.closed) this.shut(link, 4000, 'no pong');
      });
      link.timers.push(setTimeout(tick, this.options.keepAliveMs));
    };
    link.timers.push(setTimeout(tick, this.options.keepAliveMs));
  }

  // ---- tokens ----

  private scheduleRefresh(link: Link): void {
    const exp = expiresAtMs(link.token);
    if (exp === undefined || typeof this.options.token === 'string') return;
    const delay = refreshDelayMs(exp - Date.now(), this.options.refreshBeforeExpiryMs);
    link.timers.push(setTimeout(() => void this.refresh(link), delay));
  }

  /** In band with `auth.refresh` when the server has it; otherwise a new connection with the fresh token. */
  private async refresh(link: Link): Promise<void> {
    if (this.refreshing || link.closed || this.active !== link || typeof this.options.token === 'string') return;
    this.refreshing = true;
    try {
      const token = await this.freshToken();
      try {
        await this.request('auth.refresh', { token }, { timeoutMs: this.options.requestTimeoutMs });
        (link as { token: string }).token = token;
        this.scheduleRefresh(link);
      } catch (e) {
        if (!link.closed && this.active === link) this.rotate(link, token);
        if (e instanceof RidewireError && e.code !== 'UNKNOWN_EVENT') this.emit('error', e);
      }
    } catch (e) {
      this.emit('error', e);
    } finally {
      this.refreshing = false;
    }
  }

  // ---- frames ----

  private onMessage(link: Link, data: unknown): void {
    const frame = parseFrame(typeof data === 'string' ? data : String(data));
    if (!frame) return;
    this.emit('frame', frame, 'in');
    if (frame.type === 'connection.established') {
      this.onEstablished(link, frame);
    } else if (frame.type === 'connection.error') {
      const code = (frame.payload as { code?: string } | undefined)?.code;
      if (code && AUTH_FAILURES.has(code)) link.authFailure = code;
      if (code === SESSION_REPLACED) link.replaced = true;
    } else if (frame.type === 'auth.expiring') {
      void this.refresh(link);
    }
    const answersUs = frame.id !== undefined && this.pending.has(frame.id);
    if (frame.id && !isDurable(frame)) {
      const waiting = this.pending.get(frame.id);
      if (waiting) {
        this.pending.delete(frame.id);
        clearTimeout(waiting.timer);
        if (isErrorFrame(frame.type)) waiting.reject(RidewireError.fromFrame(frame.type, frame.payload));
        else waiting.resolve(frame);
      }
    }
    if (!link.established) {
      link.early.push(frame);
      return;
    }
    if (!answersUs && this.beaconLost(frame)) return;
    // frames of a socket that went stale while they waited are not handled: unacked, they come again
    this.chain = this.chain.then(() => (link.generation === this.generation ? this.accept(frame) : undefined)).catch((e) => this.emit('error', e));
  }

  /** Runs inside the serial chain: live events go to handlers at once, durable ones through the order. */
  private async accept(frame: ServerFrame): Promise<void> {
    const order = this.order;
    if (!order) return;
    const offer = order.offer(frame);
    if (offer === 'live') {
      if (frame.ack_required && order.wasHandled(frame.id)) return this.ack(frame);
      if (await this.dispatch(frame)) {
        if (frame.ack_required) order.handled({ ...frame, seq: 0 });
        this.ack(frame);
      }
      return;
    }
    if (offer === 'duplicate') {
      // handled before: by this client (its id is remembered) or before a reload (the saved cursor is past it)
      if (frame.ack_required && (order.wasHandled(frame.id) || order.handledBefore(frame))) this.ack(frame);
      return;
    }
    await this.pump();
  }

  private async pump(): Promise<void> {
    const order = this.order!;
    for (let frame = order.next(); frame; frame = order.next()) {
      if (order.wasHandled(frame.id)) {
        order.handled(frame);
        this.ack(frame);
        continue;
      }
      if (!(await this.dispatch(frame))) {
        order.failed(frame);
        this.later(() => this.startSync(), this.options.handlerRetryMs);
        break;
      }
      order.handled(frame);
      await this.saveCursor(order);
      this.ack(frame);
    }
    clearTimeout(this.gapTimer);
    if (order.hasGap()) this.gapTimer = setTimeout(() => this.startSync(), this.options.gapTimeoutMs);
  }

  private async dispatch(frame: ServerFrame): Promise<boolean> {
    const handlers = [...(this.handlers.get(frame.type) ?? []), ...(this.handlers.get('*') ?? [])] as EventHandler[];
    try {
      for (const handler of handlers) await handler(frame.payload ?? {}, frame);
      return true;
    } catch (e) {
      this.emit('error', e);
      return false;
    }
  }

  private ack(frame: ServerFrame): void {
    if (frame.ack_required && frame.id) this.send('ack', { id: frame.id });
  }

  /** A failing storage is reported, never fatal: the event was handled, so it is acked; the next save catches up. */
  private async saveCursor(order: DurableOrder): Promise<void> {
    try {
      await this.storage.set(this.userKey!, encodeCursor(order.cursor()));
    } catch (e) {
      this.emit('error', new RidewireError('STORAGE_FAILED', `the cursor could not be saved: ${String((e as Error)?.message ?? e)}`, { payload: { cause: e } as Record<string, unknown> }));
    }
  }

  private async loadCursor(userId: string | undefined): Promise<void> {
    const key = `ridewire:${new URL(this.options.url).host}:${userId ?? 'anonymous'}`;
    if (this.userKey === key && this.order) return;
    this.userKey = key;
    this.order = new DurableOrder(decodeCursor(await this.storage.get(key)));
  }

  /** `sync` from the last handled seq, again while `has_more`; one at a time. */
  private async startSync(): Promise<void> {
    if (this.syncing) {
      this.syncAgain = true;
      return;
    }
    if (!this.order || !this.active?.established) return;
    this.syncing = true;
    clearTimeout(this.gapTimer);
    try {
      let since = this.order.cursor().seq;
      for (;;) {
        const cursor = this.order.cursor();
        const payload: Record<string, unknown> = { since };
        if (cursor.epoch !== undefined) payload.epoch = cursor.epoch;
        // a replay of a full page takes longer than a plain request
        const reply = await this.request('sync', payload as never, { timeoutMs: 3 * this.options.requestTimeoutMs });
        const done = (reply.payload ?? {}) as { last_seq?: number; count?: number; has_more?: boolean; epoch?: string; recovered?: boolean };
        const lastSeq = done.last_seq ?? since;
        await (this.chain = this.chain.then(async () => {
          this.order!.synced({ since, lastSeq, count: done.count, epoch: done.epoch, recovered: done.recovered });
          await this.pump();
        }));
        if (!done.has_more) break;
        since = Math.max(lastSeq, this.order.cursor().seq);
      }
    } catch (e) {
      const error = e as RidewireError;
      if (error.code === 'RATE_LIMITED') this.later(() => this.startSync(), (error.retryAfterSeconds ?? 1) * 1000);
      else if (error.code === 'TIMEOUT') this.later(() => this.startSync(), fullJitter(1, this.options.backoff));
      else if (error.code !== 'CONNECTION_LOST' && error.code !== 'CLOSED') this.emit('error', e);
    } finally {
      this.syncing = false;
      if (this.syncAgain) {
        this.syncAgain = false;
        void this.startSync();
      }
    }
  }

  // ---- a driver's beacon ----

  /** Remembers the driver's active beacon and their latest fix, to re-send the one with the other if the server lost it. */
  private noteOutgoing(type: string, payload: unknown): void {
    const at = ++this.outgoing;
    const body = (payload ?? {}) as Record<string, unknown>;
    if (type === 'beacon.update') {
      this.beacon = body.is_active === true ? { payload: { ...body }, at } : undefined;
    } else if (type === 'location.update' && body.location && typeof body.location === 'object') {
      this.lastFix = { location: body.location as Record<string, unknown>, at };
    }
  }

  /**
   * An unsolicited `beacon.status` with `is_active: false` while a beacon of ours is on: the server lost it (its pool
   * restarted empty) and says so on a `location.update`. The beacon goes again, once, with the latest fix's location
   * when that is newer; the frame is not handed to handlers (the re-send's reply is). False: handled as usual.
   */
  private beaconLost(frame: ServerFrame): boolean {
    if (frame.type !== 'beacon.status' || !this.beacon) return false;
    if ((frame.payload as { is_active?: unknown } | undefined)?.is_active !== false) return false;
    if (!this.rebeaconing) this.resendBeacon();
    return true;
  }

  /** Sends the remembered active beacon again, at the latest fix when that is newer; owed again if its connection drops. */
  private resendBeacon(): void {
    const remembered = this.beacon;
    if (!remembered) return;
    const payload: Record<string, unknown> = { ...remembered.payload };
    const fix = this.lastFix;
    if (fix && fix.at > remembered.at && typeof fix.location.latitude === 'number' && typeof fix.location.longitude === 'number') {
      const location: Record<string, unknown> = { latitude: fix.location.latitude, longitude: fix.location.longitude };
      if (typeof fix.location.accuracy === 'number') location.accuracy = fix.location.accuracy;
      payload.location = location;
    }
    this.rebeaconing = true;
    this.request('beacon.update', payload as never)
      .catch((e) => {
        // the server marked the beacon lost once and will not say so again: the next connection sends it
        if (e instanceof RidewireError && e.code === 'CONNECTION_LOST' && this.beacon) this.beaconOwed = true;
        else this.emit('error', e);
      })
      .finally(() => {
        this.rebeaconing = false;
      });
  }

  // ---- plumbing ----

  private write(link: Link, frame: { type: string; id?: string; payload?: unknown }): void {
    this.emit('frame', frame as ServerFrame, 'out');
    this.writeRaw(link, JSON.stringify(frame));
  }

  private writeRaw(link: Link, text: string): void {
    try {
      link.ws.send(text);
    } catch (e) {
      this.emit('error', e);
    }
  }

  private later(task: () => unknown, delayMs: number): void {
    const timer = setTimeout(() => {
      this.clientTimers = this.clientTimers.filter((t) => t !== timer);
      if (this.wanted) void task();
    }, delayMs);
    this.clientTimers.push(timer);
  }

  private failPending(which: (p: Pending) => boolean, error: RidewireError): void {
    for (const [id, p] of this.pending) {
      if (!which(p)) continue;
      this.pending.delete(id);
      clearTimeout(p.timer);
      p.reject(error);
    }
  }

  private fail(error: unknown): void {
    for (const waiter of this.waiters.splice(0)) waiter.reject(error);
  }

  private setState(state: ConnectionState): void {
    if (this.currentState === state) return;
    this.currentState = state;
    this.emit('state', state);
  }

  private emit(type: string, ...args: unknown[]): void {
    if (!LIFECYCLE.has(type)) return;
    for (const handler of this.handlers.get(type) ?? []) {
      try {
        (handler as (...a: unknown[]) => void)(...args);
      } catch {
        // a failing log listener must not break delivery
      }
    }
  }
}
