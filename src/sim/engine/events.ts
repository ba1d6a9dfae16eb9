import type { SimEvent, SimEventListener } from './types/events.js';

type Unsequenced<E> = E extends SimEvent ? Omit<E, 'seq'> : never;
export type SimEventInput = Unsequenced<SimEvent>;

/** Synchronous, ordered event fan-out with one global sequence number. */
export class EventBus {
  private readonly listeners = new Set<SimEventListener>();
  private seq = 0;

  on(listener: SimEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: SimEventInput): void {
    const full = { ...event, seq: ++this.seq };
    for (const l of [...this.listeners]) l(full);
  }
}
