/**
 * Nonces and per-key ordering.
 *
 * Kraken rejects a nonce that is not greater than the last one it saw for the key (Spot
 * `EAPI:Invalid nonce`, Futures `nonceBelowThreshold`). So:
 * - one `KeyChannel` per (venue, key) in the process, shared by every client of that key;
 * - nonce = max(clock in ns, last + 1): strictly increasing even when the clock steps back, and,
 *   with a state directory, `last` is persisted before each nonce is used and read back at start,
 *   so a restart with the clock set back cannot go backwards either;
 * - with a state directory, a lock file lets only one process sign for the key (`key-lock.ts`);
 * - private calls on one key go through one `SerialQueue`, and the nonce is drawn inside it, so
 *   nonces reach Kraken in the order they were drawn; order entry goes ahead of queued reads;
 * - a breaker stops the key after repeated nonce rejections (`nonce-breaker.ts`).
 */
import { createHash } from 'node:crypto';
import { systemClock, type Clock } from '../core/clock.js';
import { KrakenStateError } from '../core/errors.js';
import { KeyLock } from './key-lock.js';
import { NonceBreaker } from './nonce-breaker.js';
import { checkShare, keyFileStem, NonceFile, type KeyScope, type NonceShare } from './nonce-store.js';

export type NowMs = () => number;

export interface NonceSourceOptions {
  /** Called with each nonce before it is handed out; a throw means no nonce is handed out. */
  readonly persist?: (nonce: bigint) => void;
  /** Draw only from this nonce window. */
  readonly share?: NonceShare;
}

export class NonceSource {
  #last = 0n;
  readonly #now: NowMs;
  readonly #persist: ((nonce: bigint) => void) | undefined;
  readonly #share: NonceShare | undefined;

  constructor(now: NowMs = Date.now, floor: bigint = 0n, options: NonceSourceOptions = {}) {
    this.#now = now;
    this.#last = floor;
    this.#persist = options.persist;
    this.#share = options.share;
  }

  /** The next nonce, as decimal text (it does not fit in a JS number). */
  next(): string {
    const wall = BigInt(Math.floor(this.#now())) * 1_000_000n;
    let nonce = wall > this.#last ? wall : this.#last + 1n;
    if (this.#share !== undefined) {
      const slots = BigInt(this.#share.slots);
      nonce += (BigInt(this.#share.slot) - (nonce % slots) + slots) % slots;
    }
    this.#persist?.(nonce);
    this.#last = nonce;
    return nonce.toString();
  }

  /** The last nonce handed out. */
  get last(): bigint {
    return this.#last;
  }
}

/** Runs tasks one at a time; urgent tasks go before queued ordinary ones. A failed task does not stop the queue. */
export class SerialQueue {
  readonly #urgent: (() => void)[] = [];
  readonly #ordinary: (() => void)[] = [];
  #busy = false;

  run<T>(task: () => Promise<T>, urgent = false): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        let done: Promise<T>;
        try {
          done = task();
        } catch (err) {
          done = Promise.reject(err);
        }
        done.then(resolve, reject).finally(() => {
          this.#busy = false;
          this.#next();
        });
      };
      (urgent ? this.#urgent : this.#ordinary).push(start);
      if (!this.#busy) this.#next();
    });
  }

  /** Tasks not yet started. */
  get pending(): number {
    return this.#urgent.length + this.#ordinary.length;
  }

  #next(): void {
    const start = this.#urgent.shift() ?? this.#ordinary.shift();
    if (start === undefined) return;
    this.#busy = true;
    start();
  }
}

export interface KeyChannelOptions {
  /** The nonce's time source (default the system clock). */
  readonly clock?: Clock;
  /** Persist nonces and lock the key here; absent: in memory only, no lock. */
  readonly stateDir?: string;
  /** Share the key with other processes through distinct nonce windows. */
  readonly share?: NonceShare;
  /** Consecutive nonce rejections before the key stops (default 3). */
  readonly breakerThreshold?: number;
}

export interface KeyChannel {
  readonly nonces: NonceSource;
  readonly queue: SerialQueue;
  readonly breaker: NonceBreaker;
  /** The persisted nonce file, when there is a state directory. */
  readonly stateFile: string | undefined;
  readonly lockFile: string | undefined;
  /**
   * Runs one signed call: in the key's queue (urgent for order entry), with a fresh nonce, the
   * breaker checked before and told the outcome after.
   */
  signed<T>(send: (nonce: string) => Promise<T>, urgent?: boolean): Promise<T>;
}

interface Entry {
  readonly channel: KeyChannel;
  readonly options: KeyChannelOptions;
  readonly lock: KeyLock | undefined;
  readonly file: NonceFile | undefined;
}

const channels = new Map<string, Entry>();
let exitHookInstalled = false;

/** Keys are held only as a hash: the registry never holds an API key in the clear. */
function channelId(scope: KeyScope, apiKey: string): string {
  return `${scope}:${createHash('sha256').update(apiKey).digest('hex')}`;
}

function createChannel(scope: KeyScope, apiKey: string, options: KeyChannelOptions): Entry {
  checkShare(options.share);
  const clock = options.clock ?? systemClock;
  const stem = keyFileStem(scope, apiKey);
  const label = `${scope === 'spot' ? 'Spot' : 'Futures'} API key ${stem}`;
  const breaker = new NonceBreaker(label, options.breakerThreshold);
  let file: NonceFile | undefined;
  let lock: KeyLock | undefined;
  let floor = 0n;
  if (options.stateDir !== undefined) {
    file = new NonceFile(options.stateDir, stem, options.share);
    lock = KeyLock.acquire(options.stateDir, stem, label, options.share);
    try {
      floor = file.readFloor();
    } catch (err) {
      lock.release();
      throw err;
    }
    installExitHook();
  }
  const persisted = file;
  const nonces = new NonceSource(() => clock.nowMs(), floor, {
    ...(persisted === undefined ? {} : { persist: (n: bigint) => persisted.write(n) }),
    ...(options.share === undefined ? {} : { share: options.share }),
  });
  const queue = new SerialQueue();
  const channel: KeyChannel = {
    nonces,
    queue,
    breaker,
    stateFile: file?.path,
    lockFile: lock?.path,
    signed<T>(send: (nonce: string) => Promise<T>, urgent = false): Promise<T> {
      if (breaker.isOpen) return Promise.reject(breakerError(breaker));
      return queue.run(async () => {
        breaker.assertClosed();
        const nonce = nonces.next();
        try {
          const result = await send(nonce);
          breaker.observe(undefined);
          return result;
        } catch (err) {
          breaker.observe(err);
          throw err;
        }
      }, urgent);
    },
  };
  return { channel, options, lock, file };
}

function breakerError(breaker: NonceBreaker): unknown {
  try {
    breaker.assertClosed();
  } catch (err) {
    return err;
  }
  return new KrakenStateError('nonce breaker open');
}

function sameShare(a: NonceShare | undefined, b: NonceShare | undefined): boolean {
  return a?.slot === b?.slot && a?.slots === b?.slots;
}

/**
 * The process-wide channel of one API key of one venue scope, created by the first caller with
 * its options. With a `stateDir` that takes the key's lock: a second process fails here with
 * `KrakenKeyInUseError`. A later caller asking for another state directory or window is refused.
 */
export function keyChannel(scope: KeyScope, apiKey: string, options: KeyChannelOptions = {}): KeyChannel {
  const id = channelId(scope, apiKey);
  const existing = channels.get(id);
  if (existing) {
    if (existing.options.stateDir !== options.stateDir || !sameShare(existing.options.share, options.share)) {
      throw new KrakenStateError(
        `this ${scope === 'spot' ? 'Spot' : 'Futures'} API key is already signing in this process with nonce state ${existing.options.stateDir ?? '(in memory)'}; every client of one key must use the same state directory and nonce window`,
      );
    }
    return existing.channel;
  }
  const entry = createChannel(scope, apiKey, options);
  channels.set(id, entry);
  return entry.channel;
}

/**
 * Lets go of a key: releases its lock and forgets its channel (the nonce file stays, so the next
 * start continues above it). For an orderly shutdown, or a restart inside one process.
 */
export function releaseKeyChannel(scope: KeyScope, apiKey: string): void {
  const id = channelId(scope, apiKey);
  const entry = channels.get(id);
  entry?.file?.close();
  entry?.lock?.release();
  channels.delete(id);
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const entry of channels.values()) entry.lock?.release();
  });
}
