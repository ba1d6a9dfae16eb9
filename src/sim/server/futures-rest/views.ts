/**
 * Engine futures views → Kraken Futures REST JSON. Decimals are JSON
 * numbers (`WireNumber`, exact text) except where Kraken sends strings (public trade `size`);
 * times are ISO-8601 with milliseconds.
 */
import type { FuturesAccountsView, FuturesPositionView, FuturesTickerView } from '../../engine/types/futures-views.js';
import type { FuturesFillView, FuturesOrderEvent, FuturesOrderView } from '../../engine/types/futures-orders.js';
import type { FuturesProductSpec } from '../../engine/types/instruments.js';
import type { PublicTrade } from '../../engine/types/market-views.js';
import { num } from '../wire-json.js';

export const iso = (ms: number): string => new Date(ms).toISOString();
const n = (v: string | null | undefined) => (v === null || v === undefined ? undefined : num(v));

export function instrumentInfo(p: FuturesProductSpec): Record<string, unknown> {
  return {
    symbol: p.symbol,
    type: p.type,
    tradeable: true,
    underlying: p.underlying,
    pair: p.pair,
    base: p.base,
    quote: p.quote,
    tickSize: num(p.tickSize),
    contractSize: num(p.contractSize),
    contractValueTradePrecision: p.contractValueTradePrecision,
    impactMidSize: num('1'),
    maxPositionSize: num(p.maxPositionSize),
    openingDate: iso(p.openingDateMs),
    ...(p.lastTradingTimeMs === undefined ? {} : { lastTradingTime: iso(p.lastTradingTimeMs) }),
    fundingRateCoefficient: p.fundingRateCoefficient,
    maxRelativeFundingRate: num(p.maxRelativeFundingRate),
    marginLevels: p.marginLevels.map((l) => ({
      contracts: l.contracts,
      initialMargin: num(l.initialMargin),
      maintenanceMargin: num(l.maintenanceMargin),
    })),
    retailMarginLevels: p.marginLevels.map((l) => ({
      contracts: l.contracts,
      initialMargin: num(l.initialMargin),
      maintenanceMargin: num(l.maintenanceMargin),
    })),
    postOnly: p.postOnly,
    category: '',
    tags: [],
    // Kraken's instruments carry `tradfi` (traditional-finance underlyings); the simulated ones are crypto.
    tradfi: false,
  };
}

export function tickerInfo(t: FuturesTickerView): Record<string, unknown> {
  return {
    symbol: t.symbol,
    last: n(t.last),
    ...(t.lastTimeMs === null ? {} : { lastTime: iso(t.lastTimeMs) }),
    lastSize: n(t.lastSize),
    tag: t.tag,
    pair: t.pair,
    markPrice: num(t.markPrice),
    bid: n(t.bid),
    bidSize: n(t.bidSize),
    ask: n(t.ask),
    askSize: n(t.askSize),
    vol24h: num(t.vol24h),
    volumeQuote: num(t.volumeQuote),
    openInterest: num(t.openInterest),
    open24h: n(t.open24h),
    high24h: n(t.high24h),
    low24h: n(t.low24h),
    fundingRate: n(t.fundingRate),
    fundingRatePrediction: n(t.fundingRatePrediction),
    suspended: t.suspended,
    indexPrice: num(t.indexPrice),
    postOnly: t.postOnly,
    change24h: num(t.change24h),
  };
}

export function publicTrade(t: PublicTrade, uid: string): Record<string, unknown> {
  return { price: num(t.price), side: t.side, size: t.qty, time: iso(t.timeMs), trade_id: t.tradeId, type: 'fill', uid };
}

const TRIGGER_SIGNAL: Record<string, string> = { mark: 'mark_price', last: 'last_price', index: 'spot_price' };

/** An order inside order events: a plain `order`, or an `orderTrigger` for untriggered stops. */
export function eventOrder(o: FuturesOrderView): Record<string, unknown> {
  if (o.isTrigger && !o.triggered) {
    return {
      orderTrigger: {
        uid: o.orderId,
        clientId: o.cliOrdId,
        type: o.limitPrice === null ? 'ioc' : 'lmt',
        symbol: o.symbol,
        side: o.side,
        quantity: num(o.size),
        limitPrice: n(o.limitPrice) ?? null,
        triggerPrice: n(o.stopPrice) ?? null,
        triggerSide: (o.side === 'buy') === (o.restType === 'stop') ? 'trigger_above' : 'trigger_below',
        triggerSignal:
          (Object.hasOwn(TRIGGER_SIGNAL, o.triggerSignal ?? 'mark') ? TRIGGER_SIGNAL[o.triggerSignal ?? 'mark'] : undefined) ??
          'mark_price',
        reduceOnly: o.reduceOnly,
        timestamp: iso(o.receivedTimeMs),
        lastUpdateTimestamp: iso(o.lastUpdateTimeMs),
        startTime: null,
      },
    };
  }
  return { order: plainOrder(o) };
}

function plainOrder(o: FuturesOrderView): Record<string, unknown> {
  const type =
    o.orderType === 'post' ? 'post' : o.orderType === 'ioc' || o.orderType === 'mkt' ? 'ioc' : o.orderType === 'fok' ? 'fok' : 'lmt';
  return {
    orderId: o.orderId,
    cliOrdId: o.cliOrdId,
    type,
    symbol: o.symbol,
    side: o.side,
    quantity: num(o.size),
    filled: num(o.filled),
    ...(o.limitPrice === null ? {} : { limitPrice: num(o.limitPrice) }),
    ...(o.stopPrice === null ? {} : { stopPrice: num(o.stopPrice) }),
    reduceOnly: o.reduceOnly,
    timestamp: iso(o.receivedTimeMs),
    lastUpdateTimestamp: iso(o.lastUpdateTimeMs),
  };
}

export function orderEvent(e: FuturesOrderEvent): Record<string, unknown> {
  switch (e.type) {
    case 'PLACE':
      return { type: 'PLACE', ...eventOrder(e.order), reducedQuantity: n(e.reducedQuantity) ?? null };
    case 'CANCEL':
      return { type: 'CANCEL', uid: e.uid, ...eventOrder(e.order) };
    case 'EDIT':
      return { type: 'EDIT', old: plainOrder(e.old), new: plainOrder(e.new), reducedQuantity: n(e.reducedQuantity) ?? null };
    case 'REJECT':
      return { type: 'REJECT', uid: e.uid, ...eventOrder(e.order), reason: e.reason };
    case 'EXECUTION':
      return {
        type: 'EXECUTION',
        executionId: e.executionId,
        price: num(e.price),
        amount: num(e.amount),
        orderPriorEdit: null,
        orderPriorExecution: plainOrder(e.orderPriorExecution),
        takerReducedQuantity: n(e.takerReducedQuantity) ?? null,
      };
  }
}

export function openOrder(o: FuturesOrderView): Record<string, unknown> {
  return {
    order_id: o.orderId,
    ...(o.cliOrdId === null ? {} : { cliOrdId: o.cliOrdId }),
    status: o.status === 'partiallyFilled' ? 'partiallyFilled' : 'untouched',
    side: o.side,
    orderType: o.restType === 'trailing_stop' ? 'stop' : o.restType,
    symbol: o.symbol,
    ...(o.limitPrice === null ? {} : { limitPrice: num(o.limitPrice) }),
    ...(o.stopPrice === null ? {} : { stopPrice: num(o.stopPrice) }),
    filledSize: num(o.filled),
    unfilledSize: num(o.unfilled),
    reduceOnly: o.reduceOnly,
    ...(o.triggerSignal === null ? {} : { triggerSignal: o.triggerSignal === 'index' ? 'spot' : o.triggerSignal }),
    lastUpdateTime: iso(o.lastUpdateTimeMs),
    receivedTime: iso(o.receivedTimeMs),
  };
}

export function orderStatusDetails(o: FuturesOrderView): Record<string, unknown> {
  const status =
    o.status === 'filled'
      ? 'FULLY_EXECUTED'
      : o.status === 'cancelled'
        ? 'CANCELLED'
        : o.isTrigger && !o.triggered
          ? 'TRIGGER_PLACED'
          : 'ENTERED_BOOK';
  return {
    order: {
      type: o.isTrigger ? 'TRIGGER_ORDER' : 'ORDER',
      orderId: o.orderId,
      cliOrdId: o.cliOrdId,
      symbol: o.symbol,
      side: o.side,
      quantity: num(o.size),
      filled: num(o.filled),
      limitPrice: n(o.limitPrice) ?? null,
      reduceOnly: o.reduceOnly,
      timestamp: iso(o.receivedTimeMs),
      lastUpdateTimestamp: iso(o.lastUpdateTimeMs),
      priceTriggerOptions:
        o.isTrigger && o.stopPrice !== null
          ? {
              triggerPrice: num(o.stopPrice),
              triggerSide: (o.side === 'buy') === (o.restType === 'stop') ? 'TRIGGER_ABOVE' : 'TRIGGER_BELOW',
              triggerSignal: `${(o.triggerSignal === 'index' ? 'spot' : (o.triggerSignal ?? 'mark')).toUpperCase()}_PRICE`,
            }
          : null,
      triggerTime: null,
      // Required by Kraken's schema, which gives it no type; no simulated order comes from an algo.
      algoId: null,
    },
    status,
    updateReason: null,
    error: null,
  };
}

export function fillInfo(f: FuturesFillView): Record<string, unknown> {
  return {
    fill_id: f.fillId,
    order_id: f.orderId,
    cliOrdId: f.cliOrdId,
    symbol: f.symbol,
    side: f.side,
    size: num(f.size),
    price: num(f.price),
    fillTime: iso(f.fillTimeMs),
    fillType: f.fillType,
  };
}

export function positionInfo(p: FuturesPositionView): Record<string, unknown> {
  return {
    side: p.side,
    symbol: p.symbol,
    price: num(p.price),
    fillTime: iso(p.fillTimeMs),
    size: num(p.size),
    unrealizedFunding: num(p.unrealizedFunding),
    pnlCurrency: p.pnlCurrency === 'XBT' ? 'BTC' : p.pnlCurrency,
  };
}

const decimalMap = (m: Record<string, string>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, num(v)]));

export function accountsInfo(a: FuturesAccountsView): Record<string, unknown> {
  const f = a.flex;
  const margin = Object.fromEntries(
    Object.entries(a.margin).map(([name, m]) => [
      name,
      {
        type: m.type,
        currency: m.currency,
        // Margin and cash account balances are decimal strings in Kraken's schema (flex figures are numbers).
        balances: { ...m.balances },
        auxiliary: decimalMap(m.auxiliary),
        marginRequirements: decimalMap(m.marginRequirements),
        triggerEstimates: decimalMap(m.triggerEstimates),
      },
    ]),
  );
  return {
    cash: { type: 'cashAccount', balances: { ...a.cash.balances } },
    flex: {
      type: f.type,
      currencies: Object.fromEntries(Object.entries(f.currencies).map(([c, v]) => [c, decimalMap(v)])),
      initialMargin: num(f.initialMargin),
      initialMarginWithOrders: num(f.initialMarginWithOrders),
      maintenanceMargin: num(f.maintenanceMargin),
      balanceValue: num(f.balanceValue),
      portfolioValue: num(f.portfolioValue),
      collateralValue: num(f.collateralValue),
      pnl: num(f.pnl),
      unrealizedFunding: num(f.unrealizedFunding),
      totalUnrealized: num(f.totalUnrealized),
      totalUnrealizedAsMargin: num(f.totalUnrealizedAsMargin),
      availableMargin: num(f.availableMargin),
      marginEquity: num(f.marginEquity),
    },
    ...margin,
  };
}
