/** A token, or a function the client calls for a fresh one (on every connect and before expiry). */
export type TokenSource = string | (() => string | Promise<string>);

/** The `exp` claim of a JWT in milliseconds since the epoch, without verifying it; undefined when absent. */
export function expiresAtMs(token: string): number | undefined {
  const part = token.split('.')[1];
  if (!part) return undefined;
  try {
    const base64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
    const claims = JSON.parse(globalThis.atob(base64)) as { exp?: unknown };
    return typeof claims.exp === 'number' ? claims.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** Timers fire at once beyond this (2^31 - 1 ms, about 24.8 days) in Node and in browsers. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/**
 * How long to wait before refreshing a token with `remainingMs` left: `beforeMs` ahead of its expiry or half-way
 * through, whichever comes first. Never less than a second (five for tokens with ten seconds or more left), so a
 * provider that hands back a token about to expire cannot make the client refresh in a loop, and never more than a
 * timer can wait.
 */
export function refreshDelayMs(remainingMs: number, beforeMs: number): number {
  const floor = Math.max(1_000, Math.min(5_000, remainingMs / 2));
  return Math.min(LONGEST_TIMER_MS, Math.max(floor, Math.min(remainingMs - beforeMs, remainingMs / 2)));
}
