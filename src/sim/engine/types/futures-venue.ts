import type { DeadManSwitchResult, Dec } from './common.js';
import type {
  FuturesAccountLogEntry,
  FuturesBatchStatus,
  FuturesCancelAllResult,
  FuturesFillView,
  FuturesHistoryEvent,
  FuturesHistoryQuery,
  FuturesOrderResult,
  FuturesOrderView,
  FuturesPositionUpdate,
} from './futures-orders.js';
import type { FuturesBatchInstruction, FuturesEditRequest, FuturesOrderRequest } from './futures-requests.js';
import type { FundingRateView, FuturesAccountsView, FuturesCandleView, FuturesPositionView, FuturesTickerView } from './futures-views.js';
import type { FuturesProductSpec } from './instruments.js';
import type { BookLevelView, PublicTrade } from './market-views.js';

export interface SimFuturesVenue {
  products(): FuturesProductSpec[];
  product(symbol: string): FuturesProductSpec | undefined;

  sendOrder(accountId: string, req: FuturesOrderRequest): FuturesOrderResult;
  editOrder(accountId: string, req: FuturesEditRequest): FuturesOrderResult;
  cancelOrder(accountId: string, sel: { orderId?: string; cliOrdId?: string }): FuturesOrderResult;
  cancelAllOrders(accountId: string, symbol?: string): FuturesCancelAllResult;
  cancelAllOrdersAfter(accountId: string, timeoutSec: number): DeadManSwitchResult;
  batchOrder(accountId: string, instructions: FuturesBatchInstruction[]): FuturesBatchStatus[];

  openOrders(accountId: string): FuturesOrderView[];
  /** Open orders plus those closed within the last 5 s. */
  ordersStatus(accountId: string, sel: { orderIds?: string[]; cliOrdIds?: string[] }): FuturesOrderView[];
  /** Newest first; 100 fills before `lastFillTimeMs` (exclusive) when given. */
  fills(accountId: string, lastFillTimeMs?: number): FuturesFillView[];
  openPositions(accountId: string): FuturesPositionView[];
  accounts(accountId: string): FuturesAccountsView;
  historicalFundingRates(symbol: string): FundingRateView[];
  /** History API events, newest first unless sort 'asc'. */
  orderHistory(
    accountId: string,
    q?: { sinceMs?: number; beforeMs?: number; sort?: 'asc' | 'desc'; count?: number },
  ): FuturesHistoryEvent[];
  executionHistory(
    accountId: string,
    q?: { sinceMs?: number; beforeMs?: number; sort?: 'asc' | 'desc'; count?: number },
  ): FuturesHistoryEvent[];
  /** History API `/positions`: position changes, newest first unless sort 'asc'. */
  positionHistory(accountId: string, q?: FuturesHistoryQuery): FuturesPositionUpdate[];
  /** History API `/account-log`: ledger entries, newest first unless sort 'asc'. */
  accountLog(accountId: string, q?: FuturesHistoryQuery & { fromId?: number; toId?: number }): FuturesAccountLogEntry[];
  /** History API `/market/{symbol}/orders`: every account's order events in one market (the server sanitises them). */
  marketOrderHistory(symbol: string, q?: FuturesHistoryQuery): FuturesHistoryEvent[];

  tickers(): FuturesTickerView[];
  ticker(symbol: string): FuturesTickerView;
  orderbook(symbol: string): { bids: BookLevelView[]; asks: BookLevelView[] };
  publicTrades(symbol: string, beforeMs?: number): PublicTrade[];
  /** Charts API: `tickType` trade|mark|spot, resolution `1m`..`1w`, bounds in ms. */
  candles(tickType: 'trade' | 'mark' | 'spot', symbol: string, resolution: string, fromMs?: number, toMs?: number): FuturesCandleView[];
  markPrice(symbol: string): Dec;
  indexPrice(symbol: string): Dec;
}
