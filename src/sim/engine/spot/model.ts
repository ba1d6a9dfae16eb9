import type { PriceInput, SpotCloseSpec, SpotOrderType, SpotTimeInForce, TriggerReference } from '../types/spot-requests.js';
import type { Side } from '../types/common.js';
import type {
  SpotAmendView,
  SpotExecOrderStatus,
  SpotLedgerEntry,
  SpotOrderStatus,
  SpotOrderView,
  SpotTradeView,
} from '../types/spot-views.js';
import type { SpotPairSpec } from '../types/instruments.js';
import { type Decimal, ZERO, fixed } from '../decimal.js';

/** Mutable engine-side state of one spot order. */
export interface SpotOrder {
  txid: string;
  accountId: string;
  pair: SpotPairSpec;
  side: Side;
  orderType: SpotOrderType;
  /** Base volume; for viqc orders grows with fills (cash quantity drives the order). */
  volume: Decimal;
  cashQty: Decimal | null;
  volExec: Decimal;
  cost: Decimal;
  fee: Decimal;
  limitPrice: Decimal | null;
  triggerPrice: Decimal | null;
  descrPrice: Decimal;
  descrPrice2: Decimal;
  /** trailing-stop-limit: offset of the limit from the trigger, applied when it fires. */
  limitOffset: PriceInput | null;
  trailingOffset: PriceInput | null;
  peak: Decimal | null;
  trigger: TriggerReference;
  triggered: boolean;
  triggeredMs: number | null;
  display: Decimal | null;
  tif: SpotTimeInForce;
  postOnly: boolean;
  reduceOnly: boolean;
  leverage: number | null;
  userref: number | null;
  clOrdId: string | null;
  openedMs: number;
  startMs: number;
  expireMs: number;
  closedMs: number | null;
  status: SpotOrderStatus;
  execStatus: SpotExecOrderStatus;
  reason: string | null;
  misc: Set<string>;
  oflags: string[];
  amended: boolean;
  tradeTxids: string[];
  refid: string | null;
  close: SpotCloseSpec | null;
  descrClose: string | null;
  feePreference: 'base' | 'quote';
  /** Hold currently reserved for this order (cash orders). */
  hold: { asset: string; amount: Decimal } | null;
  amends: SpotAmendView[];
  /** Resting in the book right now. */
  resting: boolean;
}

export interface SpotPosition {
  posid: string;
  ordertxid: string;
  pair: SpotPairSpec;
  side: Side;
  orderType: SpotOrderType;
  timeMs: number;
  vol: Decimal;
  volClosed: Decimal;
  /** Cost of the still-open part (quote). */
  cost: Decimal;
  fee: Decimal;
  margin: Decimal;
  leverage: number;
  /** The trade that opened this position (its TradesHistory entry shows the closed part). */
  openingTrade: SpotTradeView | null;
  /** What has been closed so far, in quote and base amounts. */
  closed: { cost: Decimal; fee: Decimal; margin: Decimal; net: Decimal; trades: string[] };
}

export interface SpotAccount {
  id: string;
  balances: Map<string, Decimal>;
  holds: Map<string, Decimal>;
  orders: Map<string, SpotOrder>;
  trades: SpotTradeView[];
  ledger: SpotLedgerEntry[];
  positions: SpotPosition[];
  /** Cumulative traded cost per quote asset, for fee tiers. */
  volume: Map<string, Decimal>;
  dmsTriggerMs: number;
  /** Unlimited balances: the synthetic market participant. */
  unlimited: boolean;
}

export function remainingQty(o: SpotOrder): Decimal {
  return o.volume.minus(o.volExec);
}

export function isOpen(o: SpotOrder): boolean {
  return o.status === 'open' || o.status === 'pending';
}

export function isTriggeredType(t: SpotOrderType): boolean {
  return t !== 'market' && t !== 'limit' && t !== 'iceberg';
}

export function isTrailing(t: SpotOrderType): boolean {
  return t === 'trailing-stop' || t === 'trailing-stop-limit';
}

/** Order types that become a limit order when (or as soon as) they are live. */
export function hasLimitPrice(t: SpotOrderType): boolean {
  return t === 'limit' || t === 'iceberg' || t.endsWith('-limit');
}

export function priceInputText(p: PriceInput): string {
  return p.kind === 'absolute' ? p.value : `${p.sign}${p.value}${p.percent ? '%' : ''}`;
}

/** Kraken's human `descr.order` text, e.g. `buy 2.12340000 XBTUSD @ limit 25000.1 with 2:1 leverage`. */
export function describeOrder(
  o: Pick<SpotOrder, 'side' | 'volume' | 'pair' | 'orderType' | 'descrPrice' | 'descrPrice2' | 'leverage' | 'trailingOffset' | 'cashQty'>,
): string {
  const p = o.pair;
  const vol = o.cashQty !== null && o.volume.isZero() ? fixed(o.cashQty, p.costDecimals) : fixed(o.volume, p.lotDecimals);
  const price = fixed(o.descrPrice, p.pairDecimals);
  const price2 = fixed(o.descrPrice2, p.pairDecimals);
  let what: string;
  switch (o.orderType) {
    case 'market':
      what = 'market';
      break;
    case 'limit':
    case 'iceberg':
      what = `${o.orderType} ${price}`;
      break;
    case 'stop-loss':
      what = `stop loss ${price}`;
      break;
    case 'take-profit':
      what = `take profit ${price}`;
      break;
    case 'stop-loss-limit':
      what = `stop loss ${price} -> limit ${price2}`;
      break;
    case 'take-profit-limit':
      what = `take profit ${price} -> limit ${price2}`;
      break;
    case 'trailing-stop':
      what = `trailing stop ${o.trailingOffset ? priceInputText(o.trailingOffset) : price}`;
      break;
    case 'trailing-stop-limit':
      what = `trailing stop ${o.trailingOffset ? priceInputText(o.trailingOffset) : price} -> limit ${price2}`;
      break;
  }
  const lev = o.leverage !== null ? ` with ${o.leverage}:1 leverage` : '';
  return `${o.side} ${vol} ${p.altname} @ ${what}${lev}`;
}

export function toOrderView(o: SpotOrder, displayRemain: Decimal | null = null): SpotOrderView {
  const p = o.pair;
  const avg = o.volExec.isZero() ? ZERO : o.cost.div(o.volExec);
  return {
    txid: o.txid,
    accountId: o.accountId,
    pair: p.id,
    pairAltname: p.altname,
    symbol: p.symbol,
    side: o.side,
    orderType: o.orderType,
    status: o.status,
    execStatus: o.execStatus,
    userref: o.userref,
    clOrdId: o.clOrdId,
    openedMs: o.openedMs,
    startMs: o.startMs,
    expireMs: o.expireMs,
    closedMs: o.closedMs,
    reason: o.reason,
    volume: fixed(o.volume, p.lotDecimals),
    volExec: fixed(o.volExec, p.lotDecimals),
    cost: fixed(o.cost, p.costDecimals),
    fee: fixed(o.fee, p.costDecimals),
    avgPrice: avg.isZero() ? '0' : fixed(avg, p.pairDecimals + 2),
    descrPrice: fixed(o.descrPrice, p.pairDecimals),
    descrPrice2: fixed(o.descrPrice2, p.pairDecimals),
    limitPrice: o.limitPrice === null ? null : fixed(o.limitPrice, p.pairDecimals),
    triggerPrice: o.triggerPrice === null ? null : fixed(o.triggerPrice, p.pairDecimals),
    trigger: o.trigger,
    triggered: o.triggered,
    triggeredMs: o.triggeredMs,
    peakPrice: o.peak === null ? null : fixed(o.peak, p.pairDecimals),
    trailingOffset: o.trailingOffset,
    cashOrderQty: o.cashQty === null ? null : fixed(o.cashQty, p.costDecimals),
    displayQty: o.display === null ? null : fixed(o.display, p.lotDecimals),
    displayRemain: displayRemain === null ? null : fixed(displayRemain, p.lotDecimals),
    timeInForce: o.tif,
    postOnly: o.postOnly,
    reduceOnly: o.reduceOnly,
    margin: o.leverage !== null,
    leverage: o.leverage === null ? 'none' : `${o.leverage}:1`,
    oflags: [...o.oflags],
    misc: [...o.misc],
    amended: o.amended,
    descrOrder: describeOrder(o),
    descrClose: o.descrClose,
    tradeTxids: [...o.tradeTxids],
    refid: o.refid,
    feePreference: o.feePreference,
  };
}
