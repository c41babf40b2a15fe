/** Where the client keeps, per user, the last durable seq it handled and that seq's epoch. */
export interface CursorStorage {
  get(key: string): string | null | undefined | Promise<string | null | undefined>;
  set(key: string, value: string): void | Promise<void>;
}

export interface Cursor {
  seq: number;
  epoch?: string;
}

export class MemoryStorage implements CursorStorage {
  private readonly values = new Map<string, string>();
  get(key: string): string | undefined {
    return this.values.get(key);
  }
  set(key: string, value: string): void {
    this.values.set(key, value);
  }
}

/** `window.localStorage` (browsers): the cursor survives a page reload. */
export class LocalStorageStorage implements CursorStorage {
  constructor(private readonly storage: Storage = globalThis.localStorage) {}
  get(key: string): string | null {
    return this.storage.getItem(key);
  }
  set(key: string, value: string): void {
    this.storage.setItem(key, value);
  }
}

/** localStorage where there is one, else memory. */
export function defaultStorage(): CursorStorage {
  try {
    if (typeof globalThis.localStorage !== 'undefined' && globalThis.localStorage !== null) {
      return new LocalStorageStorage();
    }
  } catch {
    // some browsers throw on access (privacy settings): memory then
  }
  return new MemoryStorage();
}

export function encodeCursor(cursor: Cursor): string {
  return JSON.stringify(cursor);
}

export function decodeCursor(text: string | null | undefined): Cursor {
  if (!text) return { seq: 0 };
  try {
    const value = JSON.parse(text) as Partial<Cursor>;
    const seq = typeof value.seq === 'number' && Number.isSafeInteger(value.seq) && value.seq >= 0 ? value.seq : 0;
    return typeof value.epoch === 'string' ? { seq, epoch: value.epoch } : { seq };
  } catch {
    return { seq: 0 };
  }
}
