/**
 * Public interface of the simulated Kraken venue engine (matching, accounts, margin, futures,
 * market generator). The protocol layer (`src/sim/server`) translates Kraken REST/WS requests
 * into calls on these interfaces and turns `SimEvent`s into Kraken WS messages.
 *
 * Conventions (see README.md in this folder):
 * - Time: integer epoch **milliseconds** (`number`), from an injected `SimClock`. Nothing runs on
 *   real timers: `SimEngine.tick()` (and every API call) processes everything due up to `clock.nowMs()`.
 * - Money: every price / quantity / fee / balance crossing this interface is an exact decimal
 *   string (`Dec`), never a float. Prices are formatted at the instrument's price precision and
 *   quantities at its lot precision, so they can be put on the wire (and into CRC32 checksums) as-is.
 * - Errors: spot requests throw `SimVenueError` whose `code` is Kraken's exact error string.
 *   Futures requests do not throw for order outcomes: they return Kraken's `status` strings
 *   (`placed`, `insufficientAvailableFunds`, ...) like the real API; they throw `SimVenueError`
 *   only for envelope-level errors (`invalidArgument`, `requiredArgumentMissing`, ...).
 * - Determinism: for a given seed, clock sequence and call sequence, ids and events are identical.
 *
 * This file is the stable contract: changes are additive only.
 */

/** An exact decimal number as text, e.g. `"45283.5"`, `"0.10000000"`. */
export type Dec = string;

export interface SimClock {
  /** Current time, integer epoch milliseconds. */
  nowMs(): number;
}

// ------------------------------------------------------------------------------------------------
// Errors
// ------------------------------------------------------------------------------------------------

/**
 * A venue rejection carrying Kraken's exact error string in `code`
 * (spot: `EOrder:Insufficient funds`, `EGeneral:Invalid arguments:price`, ...;
 * futures envelope errors: `invalidArgument`, `requiredArgumentMissing`, ...).
 */
export class SimVenueError extends Error {
  readonly code: string;
  constructor(code: string, detail?: string) {
    super(detail === undefined ? code : `${code} (${detail})`);
    this.name = 'SimVenueError';
    this.code = code;
  }
}

// ------------------------------------------------------------------------------------------------
// Instruments
// ------------------------------------------------------------------------------------------------

export type Side = 'buy' | 'sell';

export interface SpotAssetSpec {
  /** Kraken asset id, e.g. `XXBT`, `ZUSD`, `USDT`. */
  id: string;
  /** Alternate name, e.g. `XBT`, `USD`. */
  altname: string;
  /** WS v2 name, e.g. `BTC`, `USD`. */
  wsName: string;
  decimals: number;
  displayDecimals: number;
}

/** A fee tier: at 30-day volume >= `volume` (quote units), pay `percent` %. */
export interface FeeTier {
  volume: Dec;
  percent: Dec;
}

export interface SpotPairSpec {
  /** Kraken pair id, e.g. `XXBTZUSD`. */
  id: string;
  /** e.g. `XBTUSD`. */
  altname: string;
  /** WS v1 name, e.g. `XBT/USD`. */
  wsname: string;
  /** WS v2 symbol, e.g. `BTC/USD`. */
  symbol: string;
  base: string; // asset id (XXBT)
  quote: string; // asset id (ZUSD)
  pairDecimals: number;
  lotDecimals: number;
  costDecimals: number;
  tickSize: Dec;
  ordermin: Dec;
  costmin: Dec;
  leverageBuy: number[];
  leverageSell: number[];
  feesTaker: FeeTier[];
  feesMaker: FeeTier[];
  marginCall: number;
  marginStop: number;
  longPositionLimit: number;
  shortPositionLimit: number;
  status: 'online' | 'cancel_only' | 'post_only' | 'limit_only' | 'reduce_only';
  /** Starting mid price for the market generator. */
  initialPrice: Dec;
  /** Whether an index price exists (triggers with `trigger=index`). */
  hasIndex: boolean;
}

export type FuturesProductType = 'futures_inverse' | 'futures_vanilla' | 'flexible_futures';

export interface FuturesMarginLevel {
  contracts: number;
  initialMargin: Dec;
  maintenanceMargin: Dec;
}

export interface FuturesProductSpec {
  /** `PI_XBTUSD`, `PF_XBTUSD`, `FI_XBTUSD_261225`. */
  symbol: string;
  type: FuturesProductType;
  tag: 'perpetual' | 'month' | 'quarter' | 'semiannual';
  /** e.g. `XBT:USD`. */
  pair: string;
  base: string;
  quote: string;
  /** Index symbol, e.g. `in_xbtusd` / `rr_xbtusd`. */
  underlying: string;
  tickSize: Dec;
  /** Inverse: USD per contract (1). Linear (PF): base per contract unit (1). */
  contractSize: Dec;
  /** Decimal places of order size (0 for inverse contracts, 4 for PF_XBTUSD). */
  contractValueTradePrecision: number;
  /** Margin currency: `XBT` for inverse, `USD` for linear. */
  settlementCurrency: string;
  marginLevels: FuturesMarginLevel[];
  /** Taker / maker fee fractions (e.g. `0.0005`). */
  takerFee: Dec;
  makerFee: Dec;
  fundingRateCoefficient: number;
  maxRelativeFundingRate: Dec;
  /** Epoch ms; absent for perpetuals. */
  lastTradingTimeMs?: number;
  openingDateMs: number;
  initialPrice: Dec;
  maxPositionSize: Dec;
  postOnly: boolean;
}

// ------------------------------------------------------------------------------------------------
// Spot requests
// ------------------------------------------------------------------------------------------------

export type SpotOrderType =
  | 'market'
  | 'limit'
  | 'iceberg'
  | 'stop-loss'
  | 'take-profit'
  | 'stop-loss-limit'
  | 'take-profit-limit'
  | 'trailing-stop'
  | 'trailing-stop-limit';

export type SpotTimeInForce = 'GTC' | 'IOC' | 'GTD' | 'FOK';
export type TriggerReference = 'last' | 'index';

/**
 * A price as Kraken accepts it. `absolute`: a plain price. `offset`: REST's relative syntax
 * (`+5`, `-5`, `#5`, `+2%`): relative to the last trade price (or, for trailing orders' `price`,
 * the trailing distance; for trailing-stop-limit `price2`, the offset from the trigger price).
 * Use `parseKrakenPrice()` to build one from REST text; the WS layer maps
 * `price_type: pct|quote` onto `offset` (pct → percent true).
 */
export type PriceInput =
  | { kind: 'absolute'; value: Dec }
  | { kind: 'offset'; sign: '+' | '-' | '#'; value: Dec; percent: boolean };

export interface SpotCloseSpec {
  orderType: Exclude<SpotOrderType, 'market'>;
  price: PriceInput;
  price2?: PriceInput;
}

export interface SpotOrderRequest {
  /** Pair id (`XXBTZUSD`), altname (`XBTUSD`), wsname (`XBT/USD`) or WS v2 symbol (`BTC/USD`). */
  pair: string;
  side: Side;
  orderType: SpotOrderType;
  /** Base volume. For viqc orders give `cashOrderQty` instead (volume may be omitted). */
  volume?: Dec;
  /** Volume in quote currency (`oflags=viqc` / WS `cash_order_qty`): buy market orders only, not margin. */
  cashOrderQty?: Dec;
  /** Iceberg visible quantity (REST `displayvol`, WS `display_qty`); >= 1/15 of volume. */
  displayVol?: Dec;
  /** Limit price (limit, iceberg) or trigger price (stop/take-profit/trailing). */
  price?: PriceInput;
  /** Limit price of *-limit triggered orders. */
  price2?: PriceInput;
  trigger?: TriggerReference;
  /** Leverage as an integer ratio (`5` for 5:1); present → margin order. */
  leverage?: number;
  reduceOnly?: boolean;
  postOnly?: boolean;
  timeInForce?: SpotTimeInForce;
  /** Scheduled start, epoch ms (0/absent = now). */
  startTimeMs?: number;
  /** GTD expiry, epoch ms. */
  expireTimeMs?: number;
  userref?: number;
  clOrdId?: string;
  /** Reject if the engine processes the order after this time (epoch ms). */
  deadlineMs?: number;
  validate?: boolean;
  close?: SpotCloseSpec;
  /** `fcib` / `fciq`: recorded on the order; fees are always charged in quote (see README). */
  feePreference?: 'base' | 'quote';
  stpType?: 'cancel-newest' | 'cancel-oldest' | 'cancel-both';
}

export interface SpotAddOrderResult {
  /** Absent when `validate` was set. */
  txid?: string;
  descr: { order: string; close?: string };
  userref?: number;
  clOrdId?: string;
}

export interface SpotBatchRow {
  txid?: string;
  descr?: { order: string; close?: string };
  clOrdId?: string;
  userref?: number;
  /** Per-leg failure after whole-batch validation passed (e.g. `EOrder:Insufficient funds`). */
  error?: string;
}

export interface SpotAmendRequest {
  txid?: string;
  clOrdId?: string;
  orderQty?: Dec;
  displayQty?: Dec;
  limitPrice?: PriceInput;
  triggerPrice?: PriceInput;
  postOnly?: boolean;
  deadlineMs?: number;
}

export interface SpotAmendResult {
  amendId: string;
  txid: string;
  clOrdId?: string;
}

export interface SpotEditRequest {
  /** txid of the order to replace (or a userref when `userref` selection is used). */
  txid: string;
  pair: string;
  /** New userref for the replacement order. */
  newUserref?: number;
  volume?: Dec;
  displayVol?: Dec;
  price?: PriceInput;
  price2?: PriceInput;
  postOnly?: boolean;
  deadlineMs?: number;
  validate?: boolean;
}

export interface SpotEditResult {
  status: 'ok';
  txid: string;
  originaltxid: string;
  volume: Dec;
  price: Dec;
  price2: Dec;
  ordersCancelled: number;
  descr: { order: string };
  newuserref?: number;
  olduserref?: number;
}

export interface SpotCancelSelector {
  txid?: string;
  userref?: number;
  clOrdId?: string;
}

export interface SpotCancelResult {
  count: number;
  /** The txids that were cancelled (the WS layer sends one ack per order). */
  txids: string[];
}

export interface DeadManSwitchResult {
  currentTimeMs: number;
  /** 0 when disarmed. */
  triggerTimeMs: number;
}

// ------------------------------------------------------------------------------------------------
// Spot views
// ------------------------------------------------------------------------------------------------

/** REST order status. */
export type SpotOrderStatus = 'pending' | 'open' | 'closed' | 'canceled' | 'expired';
/** WS v2 `order_status`. */
export type SpotExecOrderStatus = 'pending_new' | 'new' | 'partially_filled' | 'filled' | 'canceled' | 'expired';

export interface SpotOrderView {
  txid: string;
  accountId: string;
  /** Pair id (`XXBTZUSD`). */
  pair: string;
  /** Pair altname (`XBTUSD`), used in `descr.pair`. */
  pairAltname: string;
  /** WS v2 symbol (`BTC/USD`). */
  symbol: string;
  side: Side;
  orderType: SpotOrderType;
  status: SpotOrderStatus;
  execStatus: SpotExecOrderStatus;
  userref: number | null;
  clOrdId: string | null;
  openedMs: number;
  startMs: number;
  expireMs: number;
  closedMs: number | null;
  /** Close reason (`User requested`, `Post only order`, ...) for closed/canceled/expired orders. */
  reason: string | null;
  /** Base volume (for viqc orders: the executed volume, known only as it fills). */
  volume: Dec;
  volExec: Dec;
  cost: Dec;
  fee: Dec;
  /** Average fill price ("0" before any fill). */
  avgPrice: Dec;
  /** descr.price: limit price or trigger price / trailing offset as submitted (resolved absolute when relative to last). */
  descrPrice: Dec;
  /** descr.price2 ("0" when not used). */
  descrPrice2: Dec;
  /** Effective limit price once known (limit types; triggered *-limit after triggering). */
  limitPrice: Dec | null;
  /** Trigger (stop) price of triggered types; for trailing types the current stop level. */
  triggerPrice: Dec | null;
  trigger: TriggerReference;
  /** For triggered types: whether the trigger fired. */
  triggered: boolean;
  triggeredMs: number | null;
  /** Trailing stops: best reference price seen since submission. */
  peakPrice: Dec | null;
  /** Trailing stops: distance as submitted (`+50`, `+1%`). */
  trailingOffset: PriceInput | null;
  cashOrderQty: Dec | null;
  displayQty: Dec | null;
  displayRemain: Dec | null;
  timeInForce: SpotTimeInForce;
  postOnly: boolean;
  reduceOnly: boolean;
  margin: boolean;
  /** `none` for cash orders, `5:1` for margin. */
  leverage: string;
  oflags: string[];
  /** `stopped`, `touched`, `liquidated`, `partial`, `amended`. */
  misc: string[];
  amended: boolean;
  descrOrder: string;
  descrClose: string | null;
  tradeTxids: string[];
  /** Txid of the order this one was created from (conditional close / edit). */
  refid: string | null;
  feePreference: 'base' | 'quote';
}

export interface SpotTradeView {
  /** Private trade txid (`TXXXXX-XXXXX-XXXXXX`). */
  txid: string;
  /** Public per-pair integer trade id. */
  tradeId: number;
  ordertxid: string;
  postxid: string;
  pair: string;
  timeMs: number;
  side: Side;
  orderType: SpotOrderType;
  price: Dec;
  cost: Dec;
  fee: Dec;
  feeAsset: string;
  vol: Dec;
  margin: Dec;
  leverage: string;
  maker: boolean;
  misc: string[];
  /** For margin trades: `open` / `closed` etc. */
  posstatus: string | null;
  ledgerIds: string[];
}

export interface SpotBalanceView {
  balance: Dec;
  holdTrade: Dec;
}

export interface SpotLedgerEntry {
  id: string;
  refid: string;
  timeMs: number;
  type: 'trade' | 'margin' | 'deposit' | 'rollover' | 'adjustment';
  subtype: string;
  asset: string;
  amount: Dec;
  fee: Dec;
  balance: Dec;
}

export interface SpotTradeBalanceView {
  eb: Dec;
  tb: Dec;
  m: Dec;
  n: Dec;
  c: Dec;
  v: Dec;
  e: Dec;
  mf: Dec;
  /** Absent (null) when no position is open. */
  ml: Dec | null;
  uv: Dec;
}

export interface SpotPositionView {
  posid: string;
  ordertxid: string;
  posstatus: 'open';
  pair: string;
  timeMs: number;
  side: Side;
  orderType: SpotOrderType;
  cost: Dec;
  fee: Dec;
  vol: Dec;
  volClosed: Dec;
  margin: Dec;
  /** docalcs: current value and unrealised P&L. */
  value: Dec;
  net: Dec;
  terms: string;
  rollovertmMs: number;
  leverage: string;
}

export interface SpotAmendView {
  amendId: string;
  amendType: 'original' | 'user' | 'restated';
  orderQty: Dec;
  displayQty: Dec | null;
  remainingQty: Dec;
  limitPrice: Dec | null;
  triggerPrice: Dec | null;
  postOnly: boolean;
  reason: string | null;
  timestampMs: number;
}

export interface BookLevel {
  price: Dec;
  qty: Dec;
  /** Last update time of the level, epoch ms. */
  timeMs: number;
}

export interface SpotBookView {
  pair: string;
  bids: BookLevel[];
  asks: BookLevel[];
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

// ------------------------------------------------------------------------------------------------
// Spot venue
// ------------------------------------------------------------------------------------------------

export interface ClosedOrdersQuery {
  /** Exclusive lower bound (epoch ms) on the selected time (see closetime). */
  startMs?: number;
  /** Inclusive upper bound (epoch ms). */
  endMs?: number;
  ofs?: number;
  closetime?: 'open' | 'close' | 'both';
  userref?: number;
  clOrdId?: string;
}

export interface TradesHistoryQuery {
  startMs?: number;
  endMs?: number;
  ofs?: number;
}

export interface SpotVenue {
  assets(): SpotAssetSpec[];
  pairs(): SpotPairSpec[];
  /** Resolve id / altname / wsname / WS v2 symbol. */
  pair(name: string): SpotPairSpec | undefined;

  addOrder(accountId: string, req: SpotOrderRequest): SpotAddOrderResult;
  /** 2..15 orders, one pair. Whole-batch validation throws; per-leg failures come back in `error`. */
  addOrderBatch(accountId: string, pair: string, orders: SpotOrderRequest[], opts?: { validate?: boolean; deadlineMs?: number }): SpotBatchRow[];
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
  ledgers(accountId: string, q?: { asset?: string; startMs?: number; endMs?: number; ofs?: number }): { entries: SpotLedgerEntry[]; count: number };

  /** Public order book, best first; `count` levels per side. Levels carry exact decimal text. */
  depth(pair: string, count: number): SpotBookView;
  recentTrades(pair: string, sinceMs?: number, count?: number): PublicTrade[];
  ticker(pair: string): SpotTickerView;
  /** Committed candles plus the current one (last). */
  ohlc(pair: string, interval: OhlcInterval, sinceMs?: number): CandleView[];
  lastPrice(pair: string): Dec | null;
  indexPrice(pair: string): Dec | null;
}

// ------------------------------------------------------------------------------------------------
// Futures
// ------------------------------------------------------------------------------------------------

export type FuturesOrderType = 'lmt' | 'post' | 'mkt' | 'stp' | 'take_profit' | 'ioc' | 'trailing_stop' | 'fok';
export type FuturesTriggerSignal = 'mark' | 'index' | 'last';

export type FuturesSendStatus =
  | 'placed'
  | 'partiallyFilled'
  | 'filled'
  | 'cancelled'
  | 'edited'
  | 'marketSuspended'
  | 'marketInactive'
  | 'invalidPrice'
  | 'invalidSize'
  | 'insufficientAvailableFunds'
  | 'clientOrderIdAlreadyExist'
  | 'clientOrderIdTooBig'
  | 'maxPositionViolation'
  | 'notFound'
  | 'orderForEditNotFound'
  | 'orderForEditNotAStop'
  | 'postWouldExecute'
  | 'iocWouldNotExecute'
  | 'wouldNotReducePosition'
  | 'marketIsPostOnly'
  | 'wouldProcessAfterSpecifiedTime'
  | 'noOrdersToCancel'
  | 'invalidOrderType'
  | 'invalidSide';

export interface FuturesOrderRequest {
  orderType: FuturesOrderType;
  symbol: string;
  side: Side;
  size: Dec;
  limitPrice?: Dec;
  stopPrice?: Dec;
  cliOrdId?: string;
  triggerSignal?: FuturesTriggerSignal;
  reduceOnly?: boolean;
  trailingStopMaxDeviation?: Dec;
  trailingStopDeviationUnit?: 'PERCENT' | 'QUOTE_CURRENCY';
  limitPriceOffsetValue?: Dec;
  limitPriceOffsetUnit?: 'QUOTE_CURRENCY' | 'PERCENT';
  processBeforeMs?: number;
}

export interface FuturesEditRequest {
  orderId?: string;
  cliOrdId?: string;
  size?: Dec;
  limitPrice?: Dec;
  stopPrice?: Dec;
  trailingStopMaxDeviation?: Dec;
  trailingStopDeviationUnit?: 'PERCENT' | 'QUOTE_CURRENCY';
  qtyMode?: 'RELATIVE' | 'ABSOLUTE';
  processBeforeMs?: number;
}

/** Order as shown in REST order events / open orders. */
export interface FuturesOrderView {
  orderId: string;
  cliOrdId: string | null;
  accountId: string;
  symbol: string;
  side: Side;
  /** Order type as submitted. */
  orderType: FuturesOrderType;
  /** REST `openorders` style type: `lmt`, `stop`, `take_profit`, `trailing_stop`. WS feed style: see `wsType`. */
  restType: 'lmt' | 'stop' | 'take_profit' | 'trailing_stop';
  /** WS `open_orders.type`: `limit`, `stop`, `take_profit`, `trailing_stop`. */
  wsType: 'limit' | 'stop' | 'take_profit' | 'trailing_stop';
  size: Dec;
  filled: Dec;
  unfilled: Dec;
  limitPrice: Dec | null;
  stopPrice: Dec | null;
  triggerSignal: FuturesTriggerSignal | null;
  reduceOnly: boolean;
  /** `untouched` | `partiallyFilled` while open; terminal: `filled` | `cancelled`. */
  status: 'untouched' | 'partiallyFilled' | 'filled' | 'cancelled';
  receivedTimeMs: number;
  lastUpdateTimeMs: number;
  trailingStopOptions: { maxDeviation: Dec; unit: 'percent' | 'quote_currency' } | null;
  limitPriceOffset: { priceOffset: Dec; unit: 'percent' | 'quote_currency' } | null;
  isTrigger: boolean;
  triggered: boolean;
}

export type FuturesOrderEvent =
  | { type: 'PLACE'; order: FuturesOrderView; reducedQuantity: Dec | null }
  | { type: 'CANCEL'; uid: string; order: FuturesOrderView }
  | { type: 'EDIT'; old: FuturesOrderView; new: FuturesOrderView; reducedQuantity: Dec | null }
  | { type: 'REJECT'; uid: string; order: FuturesOrderView; reason: 'POST_WOULD_EXECUTE' | 'IOC_WOULD_NOT_EXECUTE' | string }
  | { type: 'EXECUTION'; executionId: string; price: Dec; amount: Dec; orderPriorExecution: FuturesOrderView; takerReducedQuantity: Dec | null };

export interface FuturesOrderResult {
  status: FuturesSendStatus;
  orderId?: string;
  cliOrdId?: string;
  receivedTimeMs: number;
  orderEvents: FuturesOrderEvent[];
}

export interface FuturesCancelAllResult {
  status: 'cancelled' | 'noOrdersToCancel';
  cancelOnly: string;
  cancelledOrders: { orderId: string; cliOrdId: string | null }[];
  receivedTimeMs: number;
  orderEvents: FuturesOrderEvent[];
}

export type FuturesBatchInstruction =
  | ({ order: 'send'; orderTag: string } & FuturesOrderRequest)
  | ({ order: 'edit' } & FuturesEditRequest)
  | { order: 'cancel'; orderId?: string; cliOrdId?: string };

export interface FuturesBatchStatus extends FuturesOrderResult {
  orderTag?: string;
}

export type FuturesFillType = 'maker' | 'taker' | 'liquidation' | 'takerAfterEdit';

export interface FuturesFillView {
  fillId: string;
  orderId: string;
  cliOrdId: string | null;
  symbol: string;
  side: Side;
  size: Dec;
  price: Dec;
  fillTimeMs: number;
  fillType: FuturesFillType;
  /** Remaining order quantity after the fill. */
  remainingOrderQty: Dec;
  feePaid: Dec;
  feeCurrency: string;
  /** WS `order_type` (`lmt`, `ioc`, `post`, `stp`, `market`, ...). */
  orderType: string;
  takerOrderType: string;
  seq: number;
}

export interface FuturesPositionView {
  symbol: string;
  side: 'long' | 'short';
  /** Absolute size. */
  size: Dec;
  /** Signed size (WS `balance`). */
  signedSize: Dec;
  price: Dec;
  fillTimeMs: number;
  unrealizedFunding: Dec;
  pnl: Dec;
  pnlCurrency: string;
  markPrice: Dec;
  indexPrice: Dec;
  initialMargin: Dec;
  maintenanceMargin: Dec;
  liquidationThreshold: Dec;
  effectiveLeverage: Dec;
  returnOnEquity: Dec;
}

export interface FuturesFlexAccountView {
  type: 'multiCollateralMarginAccount';
  currencies: Record<string, { quantity: Dec; value: Dec; collateral: Dec; available: Dec }>;
  initialMargin: Dec;
  initialMarginWithOrders: Dec;
  maintenanceMargin: Dec;
  balanceValue: Dec;
  portfolioValue: Dec;
  collateralValue: Dec;
  pnl: Dec;
  unrealizedFunding: Dec;
  totalUnrealized: Dec;
  totalUnrealizedAsMargin: Dec;
  availableMargin: Dec;
  marginEquity: Dec;
}

export interface FuturesMarginAccountView {
  type: 'marginAccount';
  /** e.g. `xbt`. */
  currency: string;
  balances: Record<string, Dec>;
  auxiliary: { usd: Dec; pv: Dec; pnl: Dec; af: Dec; funding: Dec };
  marginRequirements: { im: Dec; mm: Dec; lt: Dec; tt: Dec };
  triggerEstimates: { im: Dec; mm: Dec; lt: Dec; tt: Dec };
}

export interface FuturesAccountsView {
  cash: { type: 'cashAccount'; balances: Record<string, Dec> };
  flex: FuturesFlexAccountView;
  /** Single-collateral inverse accounts keyed like Kraken (`fi_xbtusd`). */
  margin: Record<string, FuturesMarginAccountView>;
}

export interface FuturesTickerView {
  symbol: string;
  pair: string;
  tag: string;
  last: Dec | null;
  lastTimeMs: number | null;
  lastSize: Dec | null;
  markPrice: Dec;
  indexPrice: Dec;
  bid: Dec | null;
  bidSize: Dec | null;
  ask: Dec | null;
  askSize: Dec | null;
  vol24h: Dec;
  volumeQuote: Dec;
  openInterest: Dec;
  open24h: Dec | null;
  high24h: Dec | null;
  low24h: Dec | null;
  change24h: Dec;
  /** Perpetuals only (null otherwise): absolute and relative rates of the current period. */
  fundingRate: Dec | null;
  fundingRatePrediction: Dec | null;
  relativeFundingRate: Dec | null;
  relativeFundingRatePrediction: Dec | null;
  nextFundingRateTimeMs: number | null;
  /** Epoch ms; 0 for perpetuals. */
  maturityTimeMs: number;
  suspended: boolean;
  postOnly: boolean;
  timeMs: number;
}

export interface FundingRateView {
  timestampMs: number;
  fundingRate: Dec;
  relativeFundingRate: Dec;
}

/** History API event (`/api/history/v3/orders|executions|triggers`). */
export interface FuturesHistoryEvent {
  uid: string;
  timestampMs: number;
  kind: 'OrderPlaced' | 'OrderUpdated' | 'OrderCancelled' | 'OrderRejected' | 'Execution' | 'TriggerPlaced' | 'TriggerActivated' | 'TriggerCancelled';
  order: FuturesOrderView;
  reason: string | null;
  execution?: { uid: string; price: Dec; quantity: Dec; markPrice: Dec; fee: Dec; positionSize: Dec; maker: boolean; usdValue: Dec };
}

export interface FuturesCandleView {
  timeMs: number;
  open: Dec;
  high: Dec;
  low: Dec;
  close: Dec;
  volume: Dec;
}

export interface FuturesVenue {
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
  orderHistory(accountId: string, q?: { sinceMs?: number; beforeMs?: number; sort?: 'asc' | 'desc'; count?: number }): FuturesHistoryEvent[];
  executionHistory(accountId: string, q?: { sinceMs?: number; beforeMs?: number; sort?: 'asc' | 'desc'; count?: number }): FuturesHistoryEvent[];

  tickers(): FuturesTickerView[];
  ticker(symbol: string): FuturesTickerView;
  orderbook(symbol: string): { bids: BookLevel[]; asks: BookLevel[] };
  publicTrades(symbol: string, beforeMs?: number): PublicTrade[];
  /** Charts API: `tickType` trade|mark|spot, resolution `1m`..`1w`, bounds in ms. */
  candles(tickType: 'trade' | 'mark' | 'spot', symbol: string, resolution: string, fromMs?: number, toMs?: number): FuturesCandleView[];
  markPrice(symbol: string): Dec;
  indexPrice(symbol: string): Dec;
}

// ------------------------------------------------------------------------------------------------
// Events
// ------------------------------------------------------------------------------------------------

export type SpotExecType =
  | 'pending_new'
  | 'new'
  | 'trade'
  | 'filled'
  | 'iceberg_refill'
  | 'canceled'
  | 'expired'
  | 'amended'
  | 'restated'
  | 'status';

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

export interface LevelChange {
  price: Dec;
  /** New total visible quantity; `"0"` deletes the level. */
  qty: Dec;
}

export type SimEvent =
  /** An order lifecycle step. `order` is the full order state *after* the step. */
  | { type: 'spot.execution'; seq: number; timeMs: number; accountId: string; execType: SpotExecType; order: SpotOrderView; fill?: SpotFillInfo; reason?: string }
  /** A balance change (one ledger entry) or a hold change (no ledger). */
  | { type: 'spot.balance'; seq: number; timeMs: number; accountId: string; asset: string; balance: Dec; holdTrade: Dec; ledger?: SpotLedgerEntry }
  /** Public L2 changes, applied in order (several for one price possible). */
  | { type: 'spot.book'; seq: number; timeMs: number; pair: string; bids: LevelChange[]; asks: LevelChange[] }
  | { type: 'spot.trade'; seq: number; timeMs: number; pair: string; trades: PublicTrade[] }
  | { type: 'spot.ticker'; seq: number; timeMs: number; pair: string; ticker: SpotTickerView }
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

// ------------------------------------------------------------------------------------------------
// Engine
// ------------------------------------------------------------------------------------------------

export interface MarketGeneratorOptions {
  /** Simulated ms between generator steps (default 1000). */
  stepMs?: number;
  /** Price levels each side kept by the synthetic participants (default 10). */
  levels?: number;
  /** Probability per step of a synthetic aggressive trade (default 0.3). */
  tradeProbability?: number;
  /** Per-step relative volatility of the mid price (default 0.0002). */
  volatility?: number;
}

export interface SimEngineOptions {
  clock: SimClock;
  seed: number;
  spotAssets?: SpotAssetSpec[];
  spotPairs?: SpotPairSpec[];
  futuresProducts?: FuturesProductSpec[];
  /** `false` disables the random market (books start empty; use replay or accounts to trade). */
  market?: MarketGeneratorOptions | false;
}

/** A recorded market message to replay into a spot book (prices/qtys as exact decimal text). */
export type ReplayMessage =
  | { kind: 'book_snapshot'; pair: string; bids: { price: Dec; qty: Dec }[]; asks: { price: Dec; qty: Dec }[] }
  | { kind: 'book_update'; pair: string; bids?: { price: Dec; qty: Dec }[]; asks?: { price: Dec; qty: Dec }[] }
  | { kind: 'trade'; pair: string; side: Side; price: Dec; qty: Dec };

export interface SimEngineApi {
  readonly clock: SimClock;
  readonly spot: SpotVenue;
  readonly futures: FuturesVenue;
  /** Subscribe to every event; returns an unsubscribe function. */
  on(listener: SimEventListener): () => void;
  /** Process everything due up to `clock.nowMs()`: generator steps, GTD expiry, dead man's switches, triggers, funding. */
  tick(): void;
  createSpotAccount(accountId: string, init?: { balances?: Record<string, Dec> }): void;
  createFuturesAccount(accountId: string, init?: { balances?: Record<string, Dec> }): void;
  hasSpotAccount(accountId: string): boolean;
  hasFuturesAccount(accountId: string): boolean;
  /** Credit (or debit, negative) a spot balance; recorded as a `deposit`/`adjustment` ledger entry. */
  depositSpot(accountId: string, asset: string, amount: Dec): void;
  depositFutures(accountId: string, currency: string, amount: Dec): void;
  /** Feed recorded market data into a spot book (replay mode). */
  replay(message: ReplayMessage): void;
  /** Set the spot index price used by `trigger=index` orders (the generator also moves it). */
  setSpotIndexPrice(pair: string, price: Dec): void;
  /** Set futures mark/index price (tests, replay). */
  setFuturesPrices(symbol: string, prices: { mark?: Dec; index?: Dec }): void;
}
