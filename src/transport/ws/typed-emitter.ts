/**
 * A minimal typed event emitter.
 *
 * Unlike `node:events`, emitting `error` with no listener does not throw: a malformed venue frame
 * must be reported, never crash the process (docs/reliability.md D6). A listener that throws is isolated:
 * the exception is reported to `error` listeners (if the failing listener was not itself an
 * `error` listener) and the remaining listeners still run.
 */
import type { KrakenError } from '../../core/errors.js';
import { KrakenStateError } from '../../core/errors.js';

export type EventMap = { [K: string]: unknown[] } & { error: [KrakenError] };
type Listener<A extends unknown[]> = (...args: A) => void;

/**
 * Listeners by event; a mapped type, so that a generic `K` reads and writes its own list without a
 * cast. Each list is replaced, never changed, by `on`/`off` (copy on write): `emit` runs on the
 * list as it was when the event started without copying it for every event.
 */
type ListenerTable<E extends EventMap> = { [K in keyof E]?: readonly Listener<E[K]>[] };

export class TypedEmitter<E extends EventMap> {
  // No prototype: an event name such as `constructor` must find no inherited member.
  readonly #listeners: ListenerTable<E> = Object.create(null) as ListenerTable<E>;

  on<K extends keyof E>(event: K, listener: Listener<E[K]>): this {
    const list = this.#listeners[event] ?? [];
    if (!list.includes(listener)) this.#listeners[event] = [...list, listener];
    return this;
  }

  once<K extends keyof E>(event: K, listener: Listener<E[K]>): this {
    const wrapped = (...args: E[K]) => {
      this.off(event, wrapped);
      listener(...args);
    };
    return this.on(event, wrapped);
  }

  off<K extends keyof E>(event: K, listener: Listener<E[K]>): this {
    const list = this.#listeners[event];
    if (list?.includes(listener) === true) this.#listeners[event] = list.filter((l) => l !== listener);
    return this;
  }

  listenerCount<K extends keyof E>(event: K): number {
    return this.#listeners[event]?.length ?? 0;
  }

  protected emit<K extends keyof E>(event: K, ...args: E[K]): void {
    const list = this.#listeners[event];
    if (list === undefined) return;
    for (let i = 0; i < list.length; i++) {
      try {
        list[i]!(...args);
      } catch (cause) {
        if (event !== 'error') this.#emitError(new KrakenStateError(`a '${String(event)}' listener threw`, { cause }));
      }
    }
  }

  /** A listener's exception goes to the `error` listeners, each isolated like any other. */
  #emitError(err: KrakenError): void {
    const errorListeners: ListenerTable<EventMap>['error'] = this.#listeners.error;
    for (const listener of errorListeners ?? []) {
      try {
        listener(err);
      } catch {
        // An `error` listener that throws has nowhere left to report to; the others still run.
      }
    }
  }
}
