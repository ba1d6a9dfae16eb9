/** Public market views: book levels, the public tape, Spot ticker and candles. */
import type { Dec, Side } from './common.js';

export interface BookLevelView {
  price: Dec;
  qty: Dec;
  /** Last update time of the level, epoch ms. */
  timeMs: number;
}

export interface LevelChange {
  price: Dec;
  /** New total visible quantity; `"0"` deletes the level. */
  qty: Dec;
}

export interface SpotBookView {
  pair: string;
  bids: BookLevelView[];
  asks: BookLevelView[];
}

export interface PublicTrade {
  tradeId: number;
  price: Dec;
  qty: Dec;
  /** Taker side. */
  side: Side;
  /** Taker order type (`limit` or `market`). */
  ordType: 'limit' | 'market';
  timeMs: number;
}

export interface SpotTickerView {
  pair: string;
  symbol: string;
  bid: Dec;
  bidQty: Dec;
  ask: Dec;
  askQty: Dec;
  last: Dec;
  lastQty: Dec;
  /** 24 h rolling. */
  volume: Dec;
  vwap: Dec;
  low: Dec;
  high: Dec;
  trades: number;
  change: Dec;
  changePct: Dec;
  /** Today (since 00:00 UTC). */
  open: Dec;
  volumeToday: Dec;
  vwapToday: Dec;
  lowToday: Dec;
  highToday: Dec;
  tradesToday: number;
  timeMs: number;
}

export type OhlcInterval = 1 | 5 | 15 | 30 | 60 | 240 | 1440 | 10080 | 21600;

export interface CandleView {
  interval: OhlcInterval;
  /** Start of the candle, epoch ms. */
  intervalBeginMs: number;
  open: Dec;
  high: Dec;
  low: Dec;
  close: Dec;
  vwap: Dec;
  volume: Dec;
  trades: number;
}
