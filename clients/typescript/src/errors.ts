/** A request answered with `error.*` or `connection.error`, or one that got no answer. */
export class RidewireError extends Error {
  /** The server's code (`REQUIRED`, `FORBIDDEN`, `RATE_LIMITED`, `AUTH_REFRESH_REFUSED`, …) or the client's (`TIMEOUT`, `CONNECTION_LOST`, `CLOSED`). */
  readonly code: string;
  /** The event type of the error frame (`error.validation`, `error.rate_limit`, `connection.error`), absent for client-side failures. */
  readonly type?: string;
  /** For `error.validation`: the dotted path of the refused field. */
  readonly field?: string;
  /** For `error.rate_limit`: when to try again. */
  readonly retryAfterSeconds?: number;
  /** The error frame's payload as received. */
  readonly payload?: Record<string, unknown>;

  constructor(code: string, message: string, details: { type?: string; field?: string; retryAfterSeconds?: number; payload?: Record<string, unknown> } = {}) {
    super(message);
    this.name = 'RidewireError';
    this.code = code;
    this.type = details.type;
    this.field = details.field;
    this.retryAfterSeconds = details.retryAfterSeconds;
    this.payload = details.payload;
  }

  /** The error an `error.*` or `connection.error` frame stands for. */
  static fromFrame(type: string, payload: Record<string, unknown> = {}): RidewireError {
    const code = typeof payload.code === 'string' ? payload.code : type === 'error.rate_limit' ? 'RATE_LIMITED' : type;
    const message = typeof payload.error === 'string' ? payload.error : type;
    return new RidewireError(code, message, {
      type,
      field: typeof payload.field === 'string' ? payload.field : undefined,
      retryAfterSeconds: typeof payload.retry_after_seconds === 'number' ? payload.retry_after_seconds : undefined,
      payload,
    });
  }
}

/** True for the frames that answer a request with a failure. */
export function isErrorFrame(type: string): boolean {
  return type.startsWith('error.') || type === 'connection.error';
}
