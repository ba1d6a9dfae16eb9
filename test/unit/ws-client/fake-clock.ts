import type { WsClock } from '../../../src/transport/ws/clock.js';

/** A manual clock: timers fire only when `advance()` passes their due time. */
export class FakeClock implements WsClock {
  #now = 0;
  #seq = 0;
  readonly #timers = new Map<number, { due: number; fn: () => void }>();

  now(): number {
    return this.#now;
  }

  setTimeout(fn: () => void, ms: number): number {
    const id = ++this.#seq;
    this.#timers.set(id, { due: this.#now + ms, fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.#timers.delete(handle as number);
  }

  advance(ms: number): void {
    const target = this.#now + ms;
    for (;;) {
      let next: [number, { due: number; fn: () => void }] | undefined;
      for (const entry of this.#timers) if (entry[1].due <= target && (next === undefined || entry[1].due < next[1].due)) next = entry;
      if (next === undefined) break;
      this.#timers.delete(next[0]);
      this.#now = next[1].due;
      next[1].fn();
    }
    this.#now = target;
  }

  get pending(): number {
    return this.#timers.size;
  }
}
