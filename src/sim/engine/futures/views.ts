import type { FuturesAccountsView, FuturesPositionView, FuturesTickerView } from '../types/futures-views.js';
import { type Decimal, ZERO, fixed, maxD } from '../decimal.js';
import type { FuturesState, ProductState } from './state.js';
import type { FuturesAccount } from './model.js';
import { isInverse, notionalUsd, priceDecimals } from './model.js';
import { predictedRate } from './schedule.js';

/** Views of futures state as Kraken reports it: open positions and the market ticker. */

export function positionViews(core: FuturesState, acc: FuturesAccount): FuturesPositionView[] {
  const out: FuturesPositionView[] = [];
  for (const [sym, pos] of acc.positions) {
    if (pos.size.isZero()) continue;
    const p = core.product(sym) as ProductState;
    const pd = priceDecimals(p.spec);
    const qd = p.spec.contractValueTradePrecision;
    const m = core.positionIm(p, pos);
    const pnl = core.unrealizedPnl(p, pos);
    const f = core.figures(acc);
    const notional = notionalUsd(p.spec, pos.size, p.mark);
    // Liquidation price estimate: where equity would fall to maintenance margin, this position alone moving.
    const slack = f.equity.minus(f.mm);
    const perUnit = isInverse(p.spec) ? ZERO : pos.size.abs().times(p.spec.contractSize);
    const liq = perUnit.isZero() ? ZERO : pos.size.isPos() ? p.mark.minus(slack.div(perUnit)) : p.mark.plus(slack.div(perUnit));
    out.push({
      symbol: p.spec.symbol,
      side: pos.size.isPos() ? 'long' : 'short',
      size: fixed(pos.size.abs(), qd),
      signedSize: fixed(pos.size, qd),
      price: fixed(pos.entry, pd + 2),
      fillTimeMs: pos.fillTimeMs,
      unrealizedFunding: pos.unrealizedFunding.toFixed(12),
      pnl: pnl.toFixed(isInverse(p.spec) ? 10 : 6),
      pnlCurrency: p.spec.settlementCurrency === 'XBT' ? 'BTC' : p.spec.settlementCurrency,
      markPrice: fixed(p.mark, pd),
      indexPrice: fixed(p.index, pd),
      initialMargin: m.im.toFixed(6),
      maintenanceMargin: m.mm.toFixed(6),
      liquidationThreshold: fixed(maxD(liq, ZERO), pd),
      effectiveLeverage: f.equity.isZero() ? '0' : notional.div(f.equity).toFixed(4),
      returnOnEquity: m.im.isZero() ? '0' : core.settlementUsd(p, pnl).div(m.im).toFixed(4),
    });
  }
  return out;
}

export function futuresTicker(core: FuturesState, p: ProductState): FuturesTickerView {
  const now = core.now();
  const pd = priceDecimals(p.spec);
  const qd = p.spec.contractValueTradePrecision;
  const d24 = p.trades.last24h(now);
  const last = p.trades.lastPrice;
  const perp = p.spec.tag === 'perpetual';
  const open24 = d24.open;
  const abs = isInverse(p.spec) ? p.relativeRate.div(p.index) : p.relativeRate.times(p.index);
  const predicted = predictedRate(core, p);
  const absPred = isInverse(p.spec) ? predicted.div(p.index) : predicted.times(p.index);
  const oi = [...core.accounts.values()]
    .filter((a) => !a.unlimited)
    .reduce((s, a) => s.plus(a.positions.get(p.spec.symbol)?.size.abs() ?? ZERO), ZERO);
  return {
    symbol: p.spec.symbol,
    pair: p.spec.pair,
    tag: p.spec.tag,
    last: last ? fixed(last, pd) : null,
    lastTimeMs: p.trades.lastTimeMs,
    lastSize: last ? fixed(p.trades.lastQty, qd) : null,
    markPrice: fixed(p.mark, pd),
    indexPrice: fixed(p.index, pd),
    bid: p.book.best('buy') ? fixed(p.book.best('buy') as Decimal, pd) : null,
    bidSize: p.book.best('buy') ? fixed(p.book.bestQty('buy'), qd) : null,
    ask: p.book.best('sell') ? fixed(p.book.best('sell') as Decimal, pd) : null,
    askSize: p.book.best('sell') ? fixed(p.book.bestQty('sell'), qd) : null,
    vol24h: fixed(d24.volume, qd),
    volumeQuote: isInverse(p.spec) ? fixed(d24.volume, qd) : fixed(d24.volume.times(d24.vwap), 2),
    openInterest: fixed(oi, qd),
    open24h: open24 ? fixed(open24, pd) : null,
    high24h: d24.high ? fixed(d24.high, pd) : null,
    low24h: d24.low ? fixed(d24.low, pd) : null,
    change24h: open24 && last ? last.minus(open24).div(open24).times(100).toFixed(4) : '0',
    fundingRate: perp ? abs.toSignificantDigits(12).toFixed() : null,
    fundingRatePrediction: perp ? absPred.toSignificantDigits(12).toFixed() : null,
    relativeFundingRate: perp ? p.relativeRate.toFixed() : null,
    relativeFundingRatePrediction: perp ? predicted.toFixed() : null,
    nextFundingRateTimeMs: perp ? p.nextFundingMs : null,
    maturityTimeMs: p.spec.lastTradingTimeMs ?? 0,
    suspended: p.expired,
    postOnly: p.spec.postOnly,
    timeMs: now,
  };
}

/** `/accounts` view: one flex (multi-collateral) account for everything plus inverse margin accounts. */
export function accountsView(core: FuturesState, acc: FuturesAccount): FuturesAccountsView {
  const f = core.figures(acc);
  const usd = (d: Decimal): string => d.toFixed(2);
  const currencies: FuturesAccountsView['flex']['currencies'] = {};
  for (const [ccy, qty] of [...acc.balances].sort(([a], [b]) => a.localeCompare(b))) {
    const value = core.usd(ccy, qty);
    currencies[ccy] = { quantity: qty.toFixed(), value: usd(value), collateral: usd(value), available: qty.toFixed() };
  }
  const margin: FuturesAccountsView['margin'] = {};
  for (const p of core.products.values()) {
    if (!isInverse(p.spec)) continue;
    const pos = acc.positions.get(p.spec.symbol);
    const key = p.spec.symbol
      .toLowerCase()
      .replace(/^pi_/, 'fi_')
      .replace(/_\d{6}$/, '');
    // One margin pool: the account's XBT is counted once, in `flex`. The inverse margin account
    // shows its position (keyed by contract, as Kraken's balances are) and no collateral of its
    // own; `af` is what the pool has available, in XBT.
    const pnl = pos ? core.unrealizedPnl(p, pos) : ZERO;
    const m = pos ? core.positionIm(p, pos) : { im: ZERO, mm: ZERO };
    const imX = p.mark.isZero() ? ZERO : m.im.div(p.mark);
    const mmX = p.mark.isZero() ? ZERO : m.mm.div(p.mark);
    const pv = pnl.plus(pos?.unrealizedFunding ?? ZERO);
    const available = p.mark.isZero() ? ZERO : f.available.div(p.mark);
    const existing = margin[key];
    if (existing) continue;
    margin[key] = {
      type: 'marginAccount',
      currency: 'xbt',
      balances: { ...(pos ? { [p.spec.symbol]: pos.size.toFixed() } : {}), xbt: '0' },
      auxiliary: {
        usd: '0',
        pv: pv.toFixed(10),
        pnl: pnl.toFixed(10),
        af: available.toFixed(10),
        funding: (pos?.unrealizedFunding ?? ZERO).toFixed(10),
      },
      marginRequirements: { im: imX.toFixed(10), mm: mmX.toFixed(10), lt: mmX.times('0.8').toFixed(10), tt: mmX.times('0.5').toFixed(10) },
      triggerEstimates: { im: '0', mm: '0', lt: '0', tt: '0' },
    };
  }
  const cash: Record<string, string> = {};
  return {
    cash: { type: 'cashAccount', balances: cash },
    flex: {
      type: 'multiCollateralMarginAccount',
      currencies,
      initialMargin: usd(f.im),
      initialMarginWithOrders: usd(f.im.plus(f.orderIm)),
      maintenanceMargin: usd(f.mm),
      balanceValue: usd(f.collateral),
      portfolioValue: usd(f.equity),
      collateralValue: usd(f.collateral),
      pnl: usd(f.pnl),
      unrealizedFunding: usd(f.funding),
      totalUnrealized: usd(f.pnl.plus(f.funding)),
      totalUnrealizedAsMargin: usd(f.pnl.plus(f.funding)),
      availableMargin: usd(f.available),
      marginEquity: usd(f.equity),
    },
    margin,
  };
}
