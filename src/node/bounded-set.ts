/**
 * A set that remembers at most `capacity` keys, evicting the oldest first (FIFO). Used to apply
 * each venue trade id exactly once, even when a WS snapshot replays fills or a REST backfill
 * overlaps the stream (docs/reliability.md O5).
 */
import { KrakenValidationError } from '../core/errors.js';

export class BoundedFifoSet {
  private readonly keys = new Set<string>();

  /** The capacity comes from user config (`execEngine.dedupCapacity`), hence a validation error. */
  constructor(readonly capacity = 10_000) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new KrakenValidationError('invalid execEngine.dedupCapacity', [
        { path: '/execEngine/dedupCapacity', message: `must be a positive integer, got ${String(capacity)}` },
      ]);
    }
  }

  has(key: string): boolean {
    return this.keys.has(key);
  }

  /** Adds the key; returns false when it was already present. */
  add(key: string): boolean {
    if (this.keys.has(key)) return false;
    this.keys.add(key);
    if (this.keys.size > this.capacity) {
      // Sets iterate in insertion order, so the first key is the oldest.
      const oldest = this.keys.values().next();
      if (oldest.done !== true) this.keys.delete(oldest.value);
    }
    return true;
  }

  get size(): number {
    return this.keys.size;
  }

  /** Oldest first, e.g. to persist the set across restarts. */
  toArray(): string[] {
    return [...this.keys];
  }
}
