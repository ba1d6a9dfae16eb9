/** The engine's event stream: synchronous, in order, each event with a global `seq`. */
import type { Dec, Side } from './common.js';
import type { FuturesFillView, FuturesOrderView } from './futures-orders.js';
import type { FundingRateView, FuturesAccountsView, FuturesPositionView, FuturesTickerView } from './futures-views.js';
import type { CandleView, LevelChange, PublicTrade, SpotTickerView } from './market-views.js';
import type { SpotLedgerEntry, SpotOrderView } from './spot-views.js';

export type SpotExecType =
  'pending_new' | 'new' | 'trade' | 'filled' | 'iceberg_refill' | 'canceled' | 'expired' | 'amended' | 'restated' | 'status';

export interface SpotFillInfo {
  /** Private trade txid; WS `exec_id`. */
  execId: string;
  tradeId: number;
  lastQty: Dec;
  lastPrice: Dec;
  cost: Dec;
  fee: Dec;
  feeAsset: string;
  liquidityInd: 'm' | 't';
}

export type SimEvent =
  /** An order lifecycle step. `order` is the full order state *after* the step. */
  | {
      type: 'spot.execution';
      seq: number;
      timeMs: number;
      accountId: string;
      execType: SpotExecType;
      order: SpotOrderView;
      fill?: SpotFillInfo;
      reason?: string;
    }
  /** A balance change (one ledger entry) or a hold change (no ledger). */
  | {
      type: 'spot.balance';
      seq: number;
      timeMs: number;
      accountId: string;
      asset: string;
      balance: Dec;
      holdTrade: Dec;
      ledger?: SpotLedgerEntry;
    }
  /** Public L2 changes, applied in order (several for one price possible). */
  | { type: 'spot.book'; seq: number; timeMs: number; pair: string; bids: LevelChange[]; asks: LevelChange[] }
  | { type: 'spot.trade'; seq: number; timeMs: number; pair: string; trades: PublicTrade[] }
  /** Ticker after a step; `afterTrade` when the step printed trades (WS `event_trigger: trades`), else a book change only. */
  | { type: 'spot.ticker'; seq: number; timeMs: number; pair: string; ticker: SpotTickerView; afterTrade: boolean }
  /** The current candle of every interval after a trade (Kraken pushes incomplete bars). */
  | { type: 'spot.ohlc'; seq: number; timeMs: number; pair: string; candles: CandleView[] }
  | { type: 'futures.fill'; seq: number; timeMs: number; accountId: string; fill: FuturesFillView }
  /** open_orders feed: upsert (`isCancel` false) or removal (`isCancel` true) with Kraken's reason. */
  | { type: 'futures.order'; seq: number; timeMs: number; accountId: string; order: FuturesOrderView; isCancel: boolean; reason: string }
  | { type: 'futures.positions'; seq: number; timeMs: number; accountId: string; positions: FuturesPositionView[] }
  | { type: 'futures.balances'; seq: number; timeMs: number; accountId: string; accounts: FuturesAccountsView }
  | { type: 'futures.book'; seq: number; timeMs: number; symbol: string; side: Side; price: Dec; qty: Dec }
  | { type: 'futures.trade'; seq: number; timeMs: number; symbol: string; trade: PublicTrade & { type: 'fill' | 'liquidation' } }
  | { type: 'futures.ticker'; seq: number; timeMs: number; symbol: string; ticker: FuturesTickerView }
  | { type: 'futures.funding'; seq: number; timeMs: number; symbol: string; rate: FundingRateView };

export type SimEventListener = (event: SimEvent) => void;
