/**
 * Nonces and per-key ordering.
 *
 * Kraken rejects a nonce that is not greater than the last one it saw for the key
 * (spot-rest.md "Nonce rules"; Futures `nonceBelowThreshold`). So:
 * - one `NonceSource` per (venue, key) in the process, shared by every client of that key;
 * - nonce = max(wall clock in ns, last + 1): strictly increasing even when the clock steps back;
 * - private calls on one key go through one `SerialQueue`, and the nonce is drawn inside it, so
 *   nonces reach Kraken in the order they were drawn.
 */
import { createHash } from 'node:crypto';

export type NowMs = () => number;

export class NonceSource {
  #last = 0n;
  readonly #now: NowMs;

  constructor(now: NowMs = Date.now, floor: bigint = 0n) {
    this.#now = now;
    this.#last = floor;
  }

  /** The next nonce, as decimal text (it does not fit in a JS number). */
  next(): string {
    const wall = BigInt(Math.floor(this.#now())) * 1_000_000n;
    this.#last = wall > this.#last ? wall : this.#last + 1n;
    return this.#last.toString();
  }

  /** The last nonce handed out (for persistence across restarts). */
  get last(): bigint {
    return this.#last;
  }
}

/** Runs tasks one at a time, in submission order. A failed task does not stop the queue. */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(task, task);
    this.#tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}

export interface KeyChannel {
  readonly nonces: NonceSource;
  readonly queue: SerialQueue;
}

const channels = new Map<string, KeyChannel>();

/** Keys are held only as a hash: the registry never holds an API key in the clear. */
function channelId(scope: string, apiKey: string): string {
  return `${scope}:${createHash('sha256').update(apiKey).digest('hex')}`;
}

/** The process-wide nonce source and serial queue for one API key of one venue scope. */
export function keyChannel(scope: 'spot' | 'futures', apiKey: string): KeyChannel {
  const id = channelId(scope, apiKey);
  let ch = channels.get(id);
  if (!ch) {
    ch = { nonces: new NonceSource(), queue: new SerialQueue() };
    channels.set(id, ch);
  }
  return ch;
}
