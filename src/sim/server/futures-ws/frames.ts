/**
 * Engine futures views → Futures WS v1 feed messages. Numbers are JSON
 * numbers with exact text; times are epoch ms; names keep Kraken's mixed casing.
 */
import type { FuturesAccountsView, FuturesPositionView, FuturesTickerView } from '../../engine/types/futures-views.js';
import type { FuturesFillView, FuturesOrderView } from '../../engine/types/futures-orders.js';
import type { PublicTrade } from '../../engine/types/market-views.js';
import { num } from '../wire-json.js';

const n = (v: string | null) => (v === null ? undefined : num(v));

export function tickerMessage(t: FuturesTickerView, feed: 'ticker' | 'ticker_lite'): Record<string, unknown> {
  const dtm = t.maturityTimeMs === 0 ? 0 : Math.max(0, Math.floor((t.maturityTimeMs - t.timeMs) / 86_400_000));
  const base: Record<string, unknown> = {
    time: t.timeMs,
    product_id: t.symbol,
    feed,
    bid: n(t.bid),
    ask: n(t.ask),
    change: num(t.change24h),
    premium: num('0.0'),
    volume: num(t.vol24h),
    tag: t.tag,
    pair: t.pair,
    dtm,
    maturityTime: t.maturityTimeMs,
    volumeQuote: num(t.volumeQuote),
  };
  if (feed === 'ticker_lite') return base;
  return {
    ...base,
    // Funding fields are perpetual-only and omitted when zero, as in Kraken's ticker examples.
    ...(t.fundingRate === null || /^-?0(\.0*)?$/.test(t.fundingRate) ? {} : { funding_rate: num(t.fundingRate) }),
    ...(t.fundingRatePrediction === null || /^-?0(\.0*)?$/.test(t.fundingRatePrediction)
      ? {}
      : { funding_rate_prediction: num(t.fundingRatePrediction) }),
    ...(t.relativeFundingRate === null || /^-?0(\.0*)?$/.test(t.relativeFundingRate)
      ? {}
      : { relative_funding_rate: num(t.relativeFundingRate) }),
    ...(t.relativeFundingRatePrediction === null || /^-?0(\.0*)?$/.test(t.relativeFundingRatePrediction)
      ? {}
      : { relative_funding_rate_prediction: num(t.relativeFundingRatePrediction) }),
    ...(t.nextFundingRateTimeMs === null ? {} : { next_funding_rate_time: t.nextFundingRateTimeMs }),
    bid_size: n(t.bidSize),
    ask_size: n(t.askSize),
    leverage: '50x',
    index: num(t.indexPrice),
    last: n(t.last),
    suspended: t.suspended,
    openInterest: num(t.openInterest),
    markPrice: num(t.markPrice),
    post_only: t.postOnly,
    open: n(t.open24h),
    high: n(t.high24h),
    low: n(t.low24h),
  };
}

export function tradeItem(symbol: string, t: PublicTrade & { type?: string }, seq: number): Record<string, unknown> {
  return {
    feed: 'trade',
    product_id: symbol,
    uid: `${symbol}-${t.tradeId}`,
    side: t.side,
    type: t.type ?? 'fill',
    seq,
    time: t.timeMs,
    qty: num(t.qty),
    price: num(t.price),
  };
}

const WS_TRIGGER: Record<string, string> = { mark: 'mark', last: 'last', index: 'spot' };

export function wsOrder(o: FuturesOrderView): Record<string, unknown> {
  return {
    instrument: o.symbol,
    time: o.receivedTimeMs,
    last_update_time: o.lastUpdateTimeMs,
    // `qty` is what is left to fill (0 once filled), `filled` what has been.
    qty: num(o.unfilled),
    filled: num(o.filled),
    ...(o.limitPrice === null ? {} : { limit_price: num(o.limitPrice) }),
    // Every order carries `stop_price`; Kraken's frames show 0.0 on plain limit orders.
    stop_price: num(o.stopPrice ?? '0.0'),
    type: o.wsType,
    order_id: o.orderId,
    ...(o.cliOrdId === null ? {} : { cli_ord_id: o.cliOrdId }),
    direction: o.side === 'buy' ? 0 : 1,
    reduce_only: o.reduceOnly,
    ...(o.triggerSignal === null
      ? {}
      : { triggerSignal: (Object.hasOwn(WS_TRIGGER, o.triggerSignal) ? WS_TRIGGER[o.triggerSignal] : undefined) ?? o.triggerSignal }),
    ...(o.trailingStopOptions === null
      ? {}
      : { trailing_stop_options: { max_deviation: num(o.trailingStopOptions.maxDeviation), unit: o.trailingStopOptions.unit } }),
    ...(o.limitPriceOffset === null
      ? {}
      : { limit_price_offset: { price_offset: num(o.limitPriceOffset.priceOffset), unit: o.limitPriceOffset.unit } }),
  };
}

export function wsFill(f: FuturesFillView): Record<string, unknown> {
  return {
    instrument: f.symbol,
    time: f.fillTimeMs,
    price: num(f.price),
    seq: f.seq,
    buy: f.side === 'buy',
    qty: num(f.size),
    remaining_order_qty: num(f.remainingOrderQty),
    order_id: f.orderId,
    ...(f.cliOrdId === null ? {} : { cli_ord_id: f.cliOrdId }),
    fill_id: f.fillId,
    fill_type: f.fillType,
    fee_paid: num(f.feePaid),
    fee_currency: f.feeCurrency,
    taker_order_type: f.takerOrderType,
    order_type: f.orderType,
  };
}

export function wsPosition(p: FuturesPositionView): Record<string, unknown> {
  return {
    instrument: p.symbol,
    balance: num(p.signedSize),
    entry_price: num(p.price),
    mark_price: num(p.markPrice),
    index_price: num(p.indexPrice),
    pnl: num(p.pnl),
    liquidation_threshold: num(p.liquidationThreshold),
    return_on_equity: num(p.returnOnEquity),
    effective_leverage: num(p.effectiveLeverage),
    unrealized_funding: num(p.unrealizedFunding),
    initial_margin: num(p.initialMargin),
    maintenance_margin: num(p.maintenanceMargin),
    pnl_currency: p.pnlCurrency,
  };
}

export function wsBalances(a: FuturesAccountsView): Record<string, unknown> {
  const f = a.flex;
  const futures = Object.fromEntries(
    Object.entries(a.margin).map(([name, m]) => [
      name,
      {
        name,
        pair: name.replace(/^f[iv]_/, '').toUpperCase(),
        unit: m.currency.toUpperCase(),
        portfolio_value: num(m.auxiliary.pv),
        balance: num(m.balances[m.currency] ?? Object.values(m.balances)[0] ?? '0'),
        maintenance_margin: num(m.marginRequirements.mm),
        initial_margin: num(m.marginRequirements.im),
        available: num(m.auxiliary.af),
        unrealized_funding: num(m.auxiliary.funding),
        pnl: num(m.auxiliary.pnl),
      },
    ]),
  );
  return {
    holding: Object.fromEntries(Object.entries(a.cash.balances).map(([c, v]) => [c.toUpperCase(), num(v)])),
    futures,
    flex_futures: {
      currencies: Object.fromEntries(
        Object.entries(f.currencies).map(([c, v]) => [
          c,
          {
            quantity: num(v.quantity),
            value: num(v.value),
            collateral_value: num(v.collateral),
            available: num(v.available),
            haircut: num('0.0'),
            conversion_spread: num('0.0'),
          },
        ]),
      ),
      balance_value: num(f.balanceValue),
      portfolio_value: num(f.portfolioValue),
      collateral_value: num(f.collateralValue),
      initial_margin: num(f.initialMarginWithOrders),
      initial_margin_without_orders: num(f.initialMargin),
      maintenance_margin: num(f.maintenanceMargin),
      pnl: num(f.pnl),
      unrealized_funding: num(f.unrealizedFunding),
      total_unrealized: num(f.totalUnrealized),
      total_unrealized_as_margin: num(f.totalUnrealizedAsMargin),
      margin_equity: num(f.marginEquity),
      available_margin: num(f.availableMargin),
    },
  };
}
