/** Spot account views: orders, trades, balances, ledger, margin positions, amend history. */
import type { Dec, Side } from './common.js';
import type { PriceInput, SpotOrderType, SpotTimeInForce, TriggerReference } from './spot-requests.js';

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
  /**
   * For a trade that opened a margin position: what has been closed of it so far (TradesHistory's
   * `cprice`, `ccost`, `cfee`, `cvol`, `cmargin`, `net` and the closing `trades`), zero until a
   * closing trade arrives.
   */
  closing?: SpotPositionClosing;
}

export interface SpotPositionClosing {
  /** Average price of the closing trades. */
  cprice: Dec;
  /** Cost (quote) of the closed part at its closing prices. */
  ccost: Dec;
  /** Fees (quote) of the closed part. */
  cfee: Dec;
  /** Volume closed. */
  cvol: Dec;
  /** Margin (quote) released by the closed part. */
  cmargin: Dec;
  /** Realised profit or loss (quote) of the closed part, fees included. */
  net: Dec;
  /** Txids of the closing trades. */
  trades: string[];
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
