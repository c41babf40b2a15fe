/** The close codes of docs/protocol/asyncapi.yaml and what a client does after each. */
export const CloseCode = {
  NORMAL: 1000,
  GOING_AWAY: 1001,
  PROTOCOL_ERROR: 1002,
  ABNORMAL: 1006,
  INVALID_PAYLOAD: 1007,
  TOO_BIG: 1009,
  INTERNAL_ERROR: 1011,
  SLOW_CONSUMER: 4008,
} as const;

/** `connection.error` codes after which only a fresh token helps. */
export const AUTH_FAILURES: ReadonlySet<string> = new Set(['AUTH_EXPIRED', 'AUTH_INVALID']);

/** `connection.error` code: a newer connection of the same user took the session over; reconnecting would fight it. */
export const SESSION_REPLACED = 'SESSION_REPLACED';
