/**
 * A minimal typed event emitter.
 *
 * Unlike `node:events`, emitting `error` with no listener does not throw: a malformed venue frame
 * must be reported, never crash the process (RELIABILITY D6). A listener that throws is isolated:
 * the exception is reported to `error` listeners (if the failing listener was not itself an
 * `error` listener) and the remaining listeners still run.
 */
import type { KrakenError } from '../../core/errors.js';
import { KrakenStateError } from '../../core/errors.js';

export type EventMap = { [K: string]: unknown[] } & { error: [KrakenError] };
type Listener<A extends unknown[]> = (...args: A) => void;

export class TypedEmitter<E extends EventMap> {
  readonly #listeners = new Map<keyof E, Set<Listener<never[]>>>();

  on<K extends keyof E>(event: K, listener: Listener<E[K]>): this {
    let set = this.#listeners.get(event);
    if (set === undefined) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    set.add(listener as unknown as Listener<never[]>);
    return this;
  }

  once<K extends keyof E>(event: K, listener: Listener<E[K]>): this {
    const wrapped = ((...args: E[K]) => {
      this.off(event, wrapped);
      listener(...args);
    }) as Listener<E[K]>;
    return this.on(event, wrapped);
  }

  off<K extends keyof E>(event: K, listener: Listener<E[K]>): this {
    this.#listeners.get(event)?.delete(listener as unknown as Listener<never[]>);
    return this;
  }

  listenerCount<K extends keyof E>(event: K): number {
    return this.#listeners.get(event)?.size ?? 0;
  }

  protected emit<K extends keyof E>(event: K, ...args: E[K]): void {
    const set = this.#listeners.get(event);
    if (set === undefined) return;
    for (const listener of [...set]) {
      try {
        (listener as unknown as Listener<E[K]>)(...args);
      } catch (cause) {
        if (event !== 'error') {
          const err = new KrakenStateError(`a '${String(event)}' listener threw`, { cause });
          this.emit('error', ...([err] as unknown as E['error']));
        }
      }
    }
  }
}
