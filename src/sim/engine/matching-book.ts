import type { BookLevelView, LevelChange } from './types/market-views.js';
import type { Side } from './types/common.js';
import { Decimal, ZERO, fixed, minD } from './decimal.js';

/** One resting order (or the visible slice of an iceberg) in a price-time priority book. */
export interface RestingEntry {
  orderId: string;
  accountId: string;
  side: Side;
  price: Decimal;
  /** Total unfilled quantity, hidden part included. */
  remaining: Decimal;
  /** Iceberg display size; null for plain orders. */
  display: Decimal | null;
  /** Currently visible quantity (== remaining for plain orders). */
  visible: Decimal;
}

interface Level {
  price: Decimal;
  key: string;
  entries: RestingEntry[];
  timeMs: number;
}

export interface MatchStep {
  maker: RestingEntry;
  qty: Decimal;
  price: Decimal;
  /** True when this step exhausted the maker's visible slice and it was refilled (iceberg). */
  refilled: boolean;
  /** True when the maker has no quantity left (removed from the book). */
  makerDone: boolean;
}

/**
 * Price-time priority limit order book. Levels are kept sorted best-first; `dirty` levels are
 * diffed against what was last published so the engine emits exact L2 deltas after each action.
 */
export class MatchingBook {
  private readonly bids: Level[] = [];
  private readonly asks: Level[] = [];
  private readonly byId = new Map<string, RestingEntry>();
  private readonly dirty = new Set<string>();
  private readonly published = new Map<string, string>();

  constructor(
    readonly priceDecimals: number,
    readonly qtyDecimals: number,
  ) {}

  private sideLevels(side: Side): Level[] {
    return side === 'buy' ? this.bids : this.asks;
  }

  private key(price: Decimal): string {
    return fixed(price, this.priceDecimals);
  }

  private findLevel(side: Side, price: Decimal, create: boolean, nowMs: number): Level | undefined {
    const levels = this.sideLevels(side);
    const better = (a: Decimal, b: Decimal): boolean => (side === 'buy' ? a.gt(b) : a.lt(b));
    let i = 0;
    while (i < levels.length) {
      const l = levels[i] as Level;
      if (l.price.eq(price)) return l;
      if (better(price, l.price)) break;
      i++;
    }
    if (!create) return undefined;
    const level: Level = { price, key: this.key(price), entries: [], timeMs: nowMs };
    levels.splice(i, 0, level);
    return level;
  }

  private touch(side: Side, level: Level, nowMs: number): void {
    level.timeMs = nowMs;
    this.dirty.add(`${side === 'buy' ? 'b' : 'a'}|${level.key}`);
  }

  has(orderId: string): boolean {
    return this.byId.has(orderId);
  }

  get(orderId: string): RestingEntry | undefined {
    return this.byId.get(orderId);
  }

  add(entry: RestingEntry, nowMs: number): void {
    const level = this.findLevel(entry.side, entry.price, true, nowMs) as Level;
    level.entries.push(entry);
    this.byId.set(entry.orderId, entry);
    this.touch(entry.side, level, nowMs);
  }

  remove(orderId: string, nowMs: number): RestingEntry | undefined {
    const entry = this.byId.get(orderId);
    if (!entry) return undefined;
    this.byId.delete(orderId);
    const levels = this.sideLevels(entry.side);
    const idx = levels.findIndex((l) => l.price.eq(entry.price));
    const level = levels[idx];
    if (level) {
      level.entries = level.entries.filter((e) => e.orderId !== orderId);
      this.touch(entry.side, level, nowMs);
      if (level.entries.length === 0) levels.splice(idx, 1);
    }
    return entry;
  }

  /** Change quantity in place. Reducing keeps time priority (Kraken amend semantics); increasing loses it. */
  resize(orderId: string, remaining: Decimal, display: Decimal | null, nowMs: number): void {
    const entry = this.byId.get(orderId);
    if (!entry) return;
    const grew = remaining.gt(entry.remaining) || (display !== null && entry.display !== null && display.gt(entry.display));
    entry.remaining = remaining;
    entry.display = display;
    entry.visible = display === null ? remaining : minD(display, remaining);
    const level = this.findLevel(entry.side, entry.price, false, nowMs);
    if (!level) return;
    if (grew) {
      level.entries = level.entries.filter((e) => e !== entry);
      level.entries.push(entry);
    }
    this.touch(entry.side, level, nowMs);
  }

  best(side: Side): Decimal | null {
    const l = this.sideLevels(side)[0];
    return l ? l.price : null;
  }

  /** Visible quantity at the best level. */
  bestQty(side: Side): Decimal {
    const l = this.sideLevels(side)[0];
    return l ? l.entries.reduce((s, e) => s.plus(e.visible), ZERO) : ZERO;
  }

  /** Top `n` visible levels, best first, price/qty at the book's precision. */
  levels(side: Side, n: number): BookLevelView[] {
    const out: BookLevelView[] = [];
    for (const l of this.sideLevels(side)) {
      if (out.length >= n) break;
      const qty = l.entries.reduce((s, e) => s.plus(e.visible), ZERO);
      if (qty.isZero()) continue;
      out.push({ price: l.key, qty: fixed(qty, this.qtyDecimals), timeMs: l.timeMs });
    }
    return out;
  }

  entries(side: Side): RestingEntry[] {
    return this.sideLevels(side).flatMap((l) => l.entries);
  }

  /** Whether an order on `side` at `price` (null = market) would take liquidity. */
  wouldTake(side: Side, price: Decimal | null): boolean {
    const opposite = this.best(side === 'buy' ? 'sell' : 'buy');
    if (opposite === null) return false;
    if (price === null) return true;
    return side === 'buy' ? price.gte(opposite) : price.lte(opposite);
  }

  /** Total quantity (hidden included) a taker could fill up to `limit`, skipping `excludeAccount`. */
  fillableQty(side: Side, limit: Decimal | null, excludeAccount?: string): Decimal {
    let total = ZERO;
    for (const l of this.sideLevels(side === 'buy' ? 'sell' : 'buy')) {
      if (limit !== null && (side === 'buy' ? l.price.gt(limit) : l.price.lt(limit))) break;
      for (const e of l.entries) if (e.accountId !== excludeAccount) total = total.plus(e.remaining);
    }
    return total;
  }

  /**
   * Match a taker against the opposite side. `next(step)` is called per fill and returns how much
   * the taker still wants (ZERO stops). `blocked(maker)` returning true stops matching (self-trade
   * prevention: cancel-newest). Iceberg makers match their visible slice, then refill to the back
   * of the level queue (losing priority), as Kraken's `iceberg_refill` implies.
   */
  match(
    side: Side,
    limit: Decimal | null,
    wanted: Decimal,
    nowMs: number,
    onStep: (step: MatchStep) => Decimal,
    blocked: (maker: RestingEntry) => boolean = () => false,
  ): { stoppedBySelfTrade: boolean } {
    const opp: Side = side === 'buy' ? 'sell' : 'buy';
    const levels = this.sideLevels(opp);
    let want = wanted;
    while (want.gt(0)) {
      const level = levels[0];
      if (!level) break;
      if (limit !== null && (side === 'buy' ? level.price.gt(limit) : level.price.lt(limit))) break;
      const maker = level.entries[0];
      if (!maker) {
        levels.shift();
        continue;
      }
      if (blocked(maker)) return { stoppedBySelfTrade: true };
      const qty = minD(want, maker.visible);
      maker.remaining = maker.remaining.minus(qty);
      maker.visible = maker.visible.minus(qty);
      let refilled = false;
      const makerDone = maker.remaining.lte(0);
      if (makerDone) {
        level.entries.shift();
        this.byId.delete(maker.orderId);
      } else if (maker.visible.lte(0) && maker.display !== null) {
        maker.visible = minD(maker.display, maker.remaining);
        level.entries.shift();
        level.entries.push(maker);
        refilled = true;
      }
      this.touch(opp, level, nowMs);
      if (level.entries.length === 0) levels.shift();
      want = onStep({ maker, qty, price: level.price, refilled, makerDone });
    }
    return { stoppedBySelfTrade: false };
  }

  /** L2 changes since the last flush (new total visible qty per touched level; "0" = removed). */
  flush(): { bids: LevelChange[]; asks: LevelChange[] } {
    const bids: LevelChange[] = [];
    const asks: LevelChange[] = [];
    for (const k of this.dirty) {
      const [s, priceKey] = k.split('|') as [string, string];
      const side: Side = s === 'b' ? 'buy' : 'sell';
      const level = this.sideLevels(side).find((l) => l.key === priceKey);
      const qty = level ? level.entries.reduce((sum, e) => sum.plus(e.visible), ZERO) : ZERO;
      const text = qty.isZero() ? '0' : fixed(qty, this.qtyDecimals);
      const prev = this.published.get(k) ?? '0';
      if (prev === text) continue;
      if (text === '0') this.published.delete(k);
      else this.published.set(k, text);
      (side === 'buy' ? bids : asks).push({ price: priceKey, qty: text });
    }
    this.dirty.clear();
    const cmp = (desc: boolean) => (a: LevelChange, b: LevelChange) => {
      const c = new Decimal(a.price).cmp(new Decimal(b.price));
      return desc ? -c : c;
    };
    bids.sort(cmp(true));
    asks.sort(cmp(false));
    return { bids, asks };
  }
}
