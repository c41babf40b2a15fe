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
