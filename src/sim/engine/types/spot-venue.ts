import type { DeadManSwitchResult, Dec } from './common.js';
import type { SpotAssetSpec, SpotPairSpec } from './instruments.js';
import type { CandleView, OhlcInterval, PublicTrade, SpotBookView, SpotTickerView } from './market-views.js';
import type {
  ClosedOrdersQuery,
  SpotAddOrderResult,
  SpotAmendRequest,
  SpotAmendResult,
  SpotBatchRow,
  SpotCancelResult,
  SpotCancelSelector,
  SpotEditRequest,
  SpotEditResult,
  SpotOrderRequest,
  TradesHistoryQuery,
} from './spot-requests.js';
import type {
  SpotAmendView,
  SpotBalanceView,
  SpotLedgerEntry,
  SpotOrderView,
  SpotPositionView,
  SpotTradeBalanceView,
  SpotTradeView,
} from './spot-views.js';

export interface SimSpotVenue {
  assets(): SpotAssetSpec[];
  pairs(): SpotPairSpec[];
  /** Resolve id / altname / wsname / WS v2 symbol. */
  pair(name: string): SpotPairSpec | undefined;

  addOrder(accountId: string, req: SpotOrderRequest): SpotAddOrderResult;
  /** 2..15 orders, one pair. Whole-batch validation throws; per-leg failures come back in `error`. */
  addOrderBatch(
    accountId: string,
    pair: string,
    orders: SpotOrderRequest[],
    opts?: { validate?: boolean; deadlineMs?: number },
  ): SpotBatchRow[];
  amendOrder(accountId: string, req: SpotAmendRequest): SpotAmendResult;
  editOrder(accountId: string, req: SpotEditRequest): SpotEditResult;
  cancelOrder(accountId: string, sel: SpotCancelSelector): SpotCancelResult;
  cancelAll(accountId: string): SpotCancelResult;
  cancelOrderBatch(accountId: string, sel: { txids?: string[]; userrefs?: number[]; clOrdIds?: string[] }): SpotCancelResult;
  /** Dead man's switch; `timeoutSec` 0 disarms. Throws `EGeneral:Invalid arguments:timeout` when >= 86400. */
  cancelAllOrdersAfter(accountId: string, timeoutSec: number): DeadManSwitchResult;

  openOrders(accountId: string, filter?: { userref?: number; clOrdId?: string }): SpotOrderView[];
  /** Newest first, 50 per page. */
  closedOrders(accountId: string, q?: ClosedOrdersQuery): { orders: SpotOrderView[]; count: number };
  queryOrders(accountId: string, txids: string[]): SpotOrderView[];
  orderAmends(accountId: string, txid: string): SpotAmendView[];
  /** Newest first, 50 per page. */
  tradesHistory(accountId: string, q?: TradesHistoryQuery): { trades: SpotTradeView[]; count: number };
  queryTrades(accountId: string, txids: string[]): SpotTradeView[];
  balances(accountId: string): Record<string, SpotBalanceView>;
  tradeBalance(accountId: string, asset?: string): SpotTradeBalanceView;
  openPositions(accountId: string, txids?: string[]): SpotPositionView[];
  ledgers(
    accountId: string,
    q?: { asset?: string; startMs?: number; endMs?: number; ofs?: number },
  ): { entries: SpotLedgerEntry[]; count: number };

  /** Public order book, best first; `count` levels per side. Levels carry exact decimal text. */
  depth(pair: string, count: number): SpotBookView;
  recentTrades(pair: string, sinceMs?: number, count?: number): PublicTrade[];
  ticker(pair: string): SpotTickerView;
  /** Committed candles plus the current one (last). */
  ohlc(pair: string, interval: OhlcInterval, sinceMs?: number): CandleView[];
  lastPrice(pair: string): Dec | null;
  indexPrice(pair: string): Dec | null;
}
