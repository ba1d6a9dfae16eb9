/**
 * Keeps the last ~200 top-of-book changes per pair from the engine's ticker events, which is
 * what Kraken's `Spread` endpoint serves. The engine has no spread
 * history of its own, so the protocol layer records it.
 */
import type { SimEngineApi } from '../../engine/types/engine.js';

export interface SpreadRow {
  readonly timeMs: number;
  readonly bid: string;
  readonly ask: string;
}

const KEEP = 200;

export class SpreadRecorder {
  private readonly rows = new Map<string, SpreadRow[]>();
  private readonly unsubscribe: () => void;

  constructor(engine: SimEngineApi) {
    this.unsubscribe = engine.on((ev) => {
      if (ev.type !== 'spot.ticker') return;
      const list = this.rows.get(ev.pair) ?? [];
      const prev = list[list.length - 1];
      if (prev !== undefined && prev.bid === ev.ticker.bid && prev.ask === ev.ticker.ask) return;
      list.push({ timeMs: ev.timeMs, bid: ev.ticker.bid, ask: ev.ticker.ask });
      if (list.length > KEEP) list.splice(0, list.length - KEEP);
      this.rows.set(ev.pair, list);
    });
  }

  since(pair: string, sinceMs?: number): SpreadRow[] {
    const list = this.rows.get(pair) ?? [];
    return sinceMs === undefined ? [...list] : list.filter((r) => r.timeMs > sinceMs);
  }

  close(): void {
    this.unsubscribe();
  }
}
