import { createSimEngine } from '../../../src/sim/engine/engine.js';
import type { SimEngine } from '../../../src/sim/engine/engine.js';
import type { MarketGeneratorOptions } from '../../../src/sim/engine/types/engine.js';
import type { PriceInput } from '../../../src/sim/engine/types/spot-requests.js';
import type { SimEvent } from '../../../src/sim/engine/types/events.js';

export const T0 = Date.UTC(2026, 0, 5, 12, 0, 0);

export interface Harness {
  engine: SimEngine;
  clock: { t: number; nowMs(): number };
  events: SimEvent[];
  advance(ms: number): void;
}

/** An engine on a manual clock, no random market unless asked for. */
export function harness(opts: { seed?: number; market?: MarketGeneratorOptions | false } = {}): Harness {
  const clock = {
    t: T0,
    nowMs() {
      return this.t;
    },
  };
  const engine = createSimEngine({ clock, seed: opts.seed ?? 1, market: opts.market ?? false });
  const events: SimEvent[] = [];
  engine.on((e) => events.push(e));
  return {
    engine,
    clock,
    events,
    advance(ms: number) {
      clock.t += ms;
      engine.tick();
    },
  };
}

export const px = (value: string): PriceInput => ({ kind: 'absolute', value });
export const off = (sign: '+' | '-' | '#', value: string, percent = false): PriceInput => ({ kind: 'offset', sign, value, percent });

export function execs(events: SimEvent[], accountId: string, txid?: string): Extract<SimEvent, { type: 'spot.execution' }>[] {
  return events.filter(
    (e): e is Extract<SimEvent, { type: 'spot.execution' }> =>
      e.type === 'spot.execution' && e.accountId === accountId && (txid === undefined || e.order.txid === txid),
  );
}
