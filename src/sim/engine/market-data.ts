import type { CandleView, OhlcInterval, PublicTrade } from './types/market-views.js';
import type { Side } from './types/common.js';
import { type Decimal, ZERO, fixed } from './decimal.js';

export const OHLC_INTERVALS: OhlcInterval[] = [1, 5, 15, 30, 60, 240, 1440, 10080, 21600];
const DAY_MS = 86_400_000;
/** Kraken OHLC returns at most 720 entries per interval. */
const MAX_CANDLES = 720;
const MAX_TRADES = 5000;
const MINUTES_KEPT = 25 * 60;

interface CandleState {
  begin: number;
  open: Decimal;
  high: Decimal;
  low: Decimal;
  close: Decimal;
  volume: Decimal;
  notional: Decimal;
  trades: number;
}

export interface WindowStats {
  volume: Decimal;
  vwap: Decimal;
  low: Decimal | null;
  high: Decimal | null;
  open: Decimal | null;
  trades: number;
}

interface TapeTrade {
  id: number;
  price: Decimal;
  qty: Decimal;
  side: Side;
  ordType: 'limit' | 'market';
  timeMs: number;
}

/** Public trade tape of one instrument: trade ids, rolling 24 h / today stats and OHLC candles. */
export class TradeTape {
  private readonly trades: TapeTrade[] = [];
  private nextId = 1;
  private readonly candles = new Map<OhlcInterval, CandleState[]>();
  /** Per-minute aggregates of the last ~25 h, for rolling 24 h / today statistics. */
  private readonly minutes: CandleState[] = [];
  lastPrice: Decimal | null = null;
  lastQty: Decimal = ZERO;
  lastTimeMs: number | null = null;

  constructor(
    readonly priceDecimals: number,
    readonly qtyDecimals: number,
    private readonly intervals: readonly number[] = OHLC_INTERVALS,
  ) {
    for (const i of intervals) this.candles.set(i as OhlcInterval, []);
  }

  record(price: Decimal, qty: Decimal, side: Side, ordType: 'limit' | 'market', timeMs: number): PublicTrade {
    const t: TapeTrade = { id: this.nextId++, price, qty, side, ordType, timeMs };
    this.trades.push(t);
    if (this.trades.length > MAX_TRADES) this.trades.splice(0, this.trades.length - MAX_TRADES);
    this.lastPrice = price;
    this.lastQty = qty;
    this.lastTimeMs = timeMs;
    for (const interval of this.intervals) this.addToCandle(interval as OhlcInterval, t);
    this.addToMinutes(t);
    return this.view(t);
  }

  private addToMinutes(t: TapeTrade): void {
    const begin = Math.floor(t.timeMs / 60_000) * 60_000;
    let m = this.minutes[this.minutes.length - 1];
    if (!m || m.begin !== begin) {
      m = { begin, open: t.price, high: t.price, low: t.price, close: t.price, volume: ZERO, notional: ZERO, trades: 0 };
      this.minutes.push(m);
      if (this.minutes.length > MINUTES_KEPT) this.minutes.shift();
    }
    if (t.price.gt(m.high)) m.high = t.price;
    if (t.price.lt(m.low)) m.low = t.price;
    m.close = t.price;
    m.volume = m.volume.plus(t.qty);
    m.notional = m.notional.plus(t.qty.times(t.price));
    m.trades++;
  }

  private addToCandle(interval: OhlcInterval, t: TapeTrade): void {
    const list = this.candles.get(interval) as CandleState[];
    const span = interval * 60_000;
    const begin = Math.floor(t.timeMs / span) * span;
    let c = list[list.length - 1];
    if (!c || c.begin !== begin) {
      c = { begin, open: t.price, high: t.price, low: t.price, close: t.price, volume: ZERO, notional: ZERO, trades: 0 };
      list.push(c);
      if (list.length > MAX_CANDLES) list.shift();
    }
    if (t.price.gt(c.high)) c.high = t.price;
    if (t.price.lt(c.low)) c.low = t.price;
    c.close = t.price;
    c.volume = c.volume.plus(t.qty);
    c.notional = c.notional.plus(t.qty.times(t.price));
    c.trades++;
  }

  private view(t: TapeTrade): PublicTrade {
    return {
      tradeId: t.id,
      price: fixed(t.price, this.priceDecimals),
      qty: fixed(t.qty, this.qtyDecimals),
      side: t.side,
      ordType: t.ordType,
      timeMs: t.timeMs,
    };
  }

  private candleView(interval: OhlcInterval, c: CandleState): CandleView {
    const vwap = c.volume.isZero() ? c.close : c.notional.div(c.volume);
    return {
      interval,
      intervalBeginMs: c.begin,
      open: fixed(c.open, this.priceDecimals),
      high: fixed(c.high, this.priceDecimals),
      low: fixed(c.low, this.priceDecimals),
      close: fixed(c.close, this.priceDecimals),
      vwap: fixed(vwap, this.priceDecimals),
      volume: fixed(c.volume, this.qtyDecimals),
      trades: c.trades,
    };
  }

  /** The current candle of every interval (what a WS ohlc update carries after a trade). */
  currentCandles(): CandleView[] {
    const out: CandleView[] = [];
    for (const interval of this.intervals as OhlcInterval[]) {
      const list = this.candles.get(interval) as CandleState[];
      const c = list[list.length - 1];
      if (c) out.push(this.candleView(interval, c));
    }
    return out;
  }

  ohlc(interval: OhlcInterval, sinceMs?: number): CandleView[] {
    const list = this.candles.get(interval) ?? [];
    return list.filter((c) => sinceMs === undefined || c.begin > sinceMs).map((c) => this.candleView(interval, c));
  }

  recent(sinceMs?: number, count = 1000): PublicTrade[] {
    const sel = this.trades.filter((t) => sinceMs === undefined || t.timeMs > sinceMs);
    return sel.slice(Math.max(0, sel.length - count)).map((t) => this.view(t));
  }

  before(beforeMs: number | undefined, count: number): PublicTrade[] {
    const sel = this.trades.filter((t) => beforeMs === undefined || t.timeMs < beforeMs);
    return sel
      .slice(Math.max(0, sel.length - count))
      .reverse()
      .map((t) => this.view(t));
  }

  /**
   * Stats over the minutes starting after `fromMs` (minute granularity: rolling windows are
   * built from per-minute aggregates so they cover a full day however busy the tape is).
   */
  stats(fromMs: number): WindowStats {
    let volume = ZERO;
    let notional = ZERO;
    let low: Decimal | null = null;
    let high: Decimal | null = null;
    let open: Decimal | null = null;
    let trades = 0;
    for (const m of this.minutes) {
      if (m.begin + 60_000 <= fromMs + 1) continue;
      if (open === null) open = m.open;
      volume = volume.plus(m.volume);
      notional = notional.plus(m.notional);
      if (low === null || m.low.lt(low)) low = m.low;
      if (high === null || m.high.gt(high)) high = m.high;
      trades += m.trades;
    }
    return { volume, vwap: volume.isZero() ? ZERO : notional.div(volume), low, high, open, trades };
  }

  last24h(nowMs: number): WindowStats {
    return this.stats(nowMs - DAY_MS);
  }

  today(nowMs: number): WindowStats {
    return this.stats(Math.floor(nowMs / DAY_MS) * DAY_MS - 1);
  }
}
