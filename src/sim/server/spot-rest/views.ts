/**
 * Engine views → Kraken Spot REST JSON. Amounts are strings, timestamps
 * fractional Unix seconds (JSON numbers), exactly as Kraken sends them.
 */
import type { CandleView, PublicTrade, SpotTickerView } from '../../engine/types/market-views.js';
import type { SpotAssetSpec, SpotPairSpec } from '../../engine/types/instruments.js';
import type { SpotLedgerEntry, SpotOrderView, SpotPositionView, SpotTradeView } from '../../engine/types/spot-views.js';
import { num, unixSeconds, type WireNumber } from '../wire-json.js';

export function assetInfo(a: SpotAssetSpec): Record<string, unknown> {
  return { aclass: 'currency', altname: a.altname, decimals: a.decimals, display_decimals: a.displayDecimals, status: 'enabled' };
}

export function assetPairInfo(p: SpotPairSpec, info: string): Record<string, unknown> {
  // Fee tiers are JSON numbers on the wire (`[[0, 0.4], [10000, 0.35], ...]` in Kraken's AssetPairs):
  // written from the exact decimal text, never through a JS float.
  const fees = p.feesTaker.map((t) => [num(t.volume), num(t.percent)]);
  const feesMaker = p.feesMaker.map((t) => [num(t.volume), num(t.percent)]);
  if (info === 'leverage') return { leverage_buy: p.leverageBuy, leverage_sell: p.leverageSell };
  if (info === 'fees') return { fees, fees_maker: feesMaker, fee_volume_currency: 'ZUSD' };
  if (info === 'margin') return { margin_call: p.marginCall, margin_stop: p.marginStop };
  return {
    altname: p.altname,
    wsname: p.wsname,
    aclass_base: 'currency',
    base: p.base,
    aclass_quote: 'currency',
    quote: p.quote,
    lot: 'unit',
    cost_decimals: p.costDecimals,
    pair_decimals: p.pairDecimals,
    lot_decimals: p.lotDecimals,
    lot_multiplier: 1,
    leverage_buy: p.leverageBuy,
    leverage_sell: p.leverageSell,
    fees,
    fees_maker: feesMaker,
    fee_volume_currency: 'ZUSD',
    margin_call: p.marginCall,
    margin_stop: p.marginStop,
    ordermin: p.ordermin,
    costmin: p.costmin,
    tick_size: p.tickSize,
    status: p.status,
    long_position_limit: p.longPositionLimit,
    short_position_limit: p.shortPositionLimit,
  };
}

export function tickerInfo(t: SpotTickerView): Record<string, unknown> {
  // Kraken's `a`/`b` carry [price, whole lot volume, lot volume]; the whole-lot figure is the
  // integer part of the lot volume.
  const whole = (q: string) => q.split('.')[0] ?? '0';
  return {
    a: [t.ask, whole(t.askQty), t.askQty],
    b: [t.bid, whole(t.bidQty), t.bidQty],
    c: [t.last, t.lastQty],
    v: [t.volumeToday, t.volume],
    p: [t.vwapToday, t.vwap],
    t: [t.tradesToday, t.trades],
    l: [t.lowToday, t.low],
    h: [t.highToday, t.high],
    o: t.open,
  };
}

export function ohlcRow(c: CandleView): unknown[] {
  return [Math.floor(c.intervalBeginMs / 1000), c.open, c.high, c.low, c.close, c.vwap, c.volume, c.trades];
}

export function publicTradeRow(t: PublicTrade): unknown[] {
  return [t.price, t.qty, unixSeconds(t.timeMs), t.side === 'buy' ? 'b' : 's', t.ordType === 'market' ? 'm' : 'l', '', t.tradeId];
}

export function orderInfo(o: SpotOrderView, withTrades: boolean): Record<string, unknown> {
  const closed = o.status === 'closed' || o.status === 'canceled' || o.status === 'expired';
  return {
    refid: o.refid,
    userref: o.userref,
    cl_ord_id: o.clOrdId,
    status: o.status,
    opentm: unixSeconds(o.openedMs),
    starttm: o.startMs === 0 ? 0 : unixSeconds(o.startMs),
    expiretm: o.expireMs === 0 ? 0 : unixSeconds(o.expireMs),
    descr: {
      pair: o.pairAltname,
      type: o.side,
      ordertype: o.orderType,
      price: o.descrPrice,
      price2: o.descrPrice2,
      leverage: o.leverage,
      order: o.descrOrder,
      close: o.descrClose ?? '',
    },
    vol: o.volume,
    vol_exec: o.volExec,
    cost: o.cost,
    fee: o.fee,
    price: o.avgPrice,
    stopprice: o.triggerPrice ?? '0.00000',
    // Kraken fills `limitprice` only once a triggered *-limit order has fired; every other order
    // (plain limits included, whose price is in `descr.price`) shows zero.
    limitprice: o.triggered && o.limitPrice !== null ? o.limitPrice : '0.00000',
    ...(o.trigger === 'index' ? { trigger: 'index' } : {}),
    margin: o.margin,
    misc: o.misc.join(','),
    oflags: o.oflags.join(','),
    ...(withTrades && o.tradeTxids.length > 0 ? { trades: o.tradeTxids } : {}),
    ...(closed ? { closetm: unixSeconds(o.closedMs ?? o.openedMs), reason: o.reason } : {}),
  };
}

export function tradeInfo(t: SpotTradeView, withLedgers: boolean): Record<string, unknown> {
  return {
    ordertxid: t.ordertxid,
    postxid: t.postxid,
    pair: t.pair,
    time: unixSeconds(t.timeMs),
    type: t.side,
    ordertype: t.orderType,
    price: t.price,
    cost: t.cost,
    fee: t.fee,
    vol: t.vol,
    margin: t.margin,
    leverage: t.leverage,
    misc: t.misc.join(','),
    trade_id: t.tradeId,
    maker: t.maker,
    ...(t.posstatus === null ? {} : { posstatus: t.posstatus }),
    // A trade that opened a margin position also carries what has been closed of it.
    ...(t.closing === undefined
      ? {}
      : {
          cprice: t.closing.cprice,
          ccost: t.closing.ccost,
          cfee: t.closing.cfee,
          cvol: t.closing.cvol,
          cmargin: t.closing.cmargin,
          net: t.closing.net,
          trades: t.closing.trades,
        }),
    ...(withLedgers ? { ledgers: t.ledgerIds } : {}),
  };
}

export function ledgerInfo(l: SpotLedgerEntry): Record<string, unknown> {
  return {
    refid: l.refid,
    time: unixSeconds(l.timeMs),
    type: l.type,
    subtype: l.subtype,
    aclass: 'currency',
    asset: l.asset,
    amount: l.amount,
    fee: l.fee,
    balance: l.balance,
  };
}

export function positionInfo(p: SpotPositionView, docalcs: boolean): Record<string, unknown> {
  return {
    ordertxid: p.ordertxid,
    posstatus: p.posstatus,
    pair: p.pair,
    time: unixSeconds(p.timeMs),
    type: p.side,
    ordertype: p.orderType,
    cost: p.cost,
    fee: p.fee,
    vol: p.vol,
    vol_closed: p.volClosed,
    margin: p.margin,
    ...(docalcs ? { value: p.value, net: p.net } : {}),
    terms: p.terms,
    rollovertm: String(Math.floor(p.rollovertmMs / 1000)),
    misc: '',
    oflags: '',
  };
}

/** A map built without a prototype so venue-controlled keys can never poison one. */
export function keyed<T>(entries: Iterable<readonly [string, T]>): Record<string, T> {
  const out = Object.create(null) as Record<string, T>;
  for (const [k, v] of entries) out[k] = v;
  return out;
}

export type { WireNumber };
