import type { Side } from '../types/common.js';
import type { SpotPairSpec } from '../types/instruments.js';
import type { SpotPositionView, SpotTradeBalanceView } from '../types/spot-views.js';
import { SimVenueError } from '../errors.js';
import { Decimal, ZERO, fixed } from '../decimal.js';
import type { IdFactory } from '../ids.js';
import type { SpotAccount, SpotOrder, SpotPosition } from './model.js';
import { remainingQty } from './model.js';
import type { SpotWallets } from './wallets.js';

/** Price and conversion services the margin book needs from the venue. */
export interface MarginMarket {
  refPrice(pair: SpotPairSpec): Decimal;
  /** Convert an amount between assets at current prices; null when no route exists. */
  convert(amount: Decimal, from: string, to: string): Decimal | null;
}

const ROLLOVER_MS = 4 * 3_600_000;

/**
 * Spot margin positions (OpenPositions / TradeBalance). One position per opening order; an
 * opposite margin order closes open positions first-in-first-out and only the excess opens a
 * new one, as Kraken nets margin orders against positions of the same pair.
 */
export class SpotMarginBook {
  constructor(
    private readonly wallets: SpotWallets,
    private readonly market: MarginMarket,
    private readonly ids: IdFactory,
    private readonly now: () => number,
  ) {}

  openVolume(acc: SpotAccount, pair: SpotPairSpec, side: Side): Decimal {
    return acc.positions.filter((p) => p.pair.id === pair.id && p.side === side).reduce((s, p) => s.plus(p.vol.minus(p.volClosed)), ZERO);
  }

  /** Throw Kraken's margin errors when an order for `qty` at `price` cannot be opened. */
  checkOpen(acc: SpotAccount, pair: SpotPairSpec, side: Side, qty: Decimal, price: Decimal, leverage: number, denom = 'ZUSD'): void {
    const opposite = this.openVolume(acc, pair, side === 'buy' ? 'sell' : 'buy');
    const opening = qty.minus(opposite);
    if (opening.lte(0)) return;
    const limit = side === 'buy' ? pair.longPositionLimit : pair.shortPositionLimit;
    if (this.openVolume(acc, pair, side).plus(opening).gt(limit)) throw new SimVenueError('EOrder:Margin position size exceeded');
    const needQuote = opening.times(price).div(leverage);
    const need = this.market.convert(needQuote, pair.quote, denom) ?? needQuote;
    const tb = this.tradeBalanceRaw(acc, denom);
    // Kraken: "EOrder:Margin level too low" = the client lacks equity/collateral (its error table).
    if (tb.mf.minus(tb.uvMargin).lt(need)) throw new SimVenueError('EOrder:Margin level too low');
  }

  /**
   * Apply a margin fill: close opposite positions first-in-first-out, then open one with the rest.
   * Returns the trade's position status, the volume it closed, the ledger entries it wrote and
   * the position it opened (if any).
   */
  applyFill(
    acc: SpotAccount,
    order: SpotOrder,
    qty: Decimal,
    price: Decimal,
    fee: Decimal,
    tradeTxid: string,
  ): { posstatus: string; closed: Decimal; ledgerIds: string[]; opened: SpotPosition | null } {
    const pair = order.pair;
    const leverage = order.leverage ?? 1;
    let left = qty;
    let realised = ZERO;
    let closedVol = ZERO;
    const ledgerIds: string[] = [];
    const closeSide: Side = order.side === 'buy' ? 'sell' : 'buy';
    for (const pos of acc.positions.filter((p) => p.pair.id === pair.id && p.side === closeSide)) {
      if (left.lte(0)) break;
      const open = pos.vol.minus(pos.volClosed);
      const take = Decimal.min(open, left);
      const openPrice = pos.cost.div(open);
      const pnl = pos.side === 'buy' ? price.minus(openPrice).times(take) : openPrice.minus(price).times(take);
      const feeShare = fee.times(take).div(qty);
      realised = realised.plus(pnl);
      pos.closed.cost = pos.closed.cost.plus(take.times(price));
      pos.closed.fee = pos.closed.fee.plus(feeShare);
      pos.closed.margin = pos.closed.margin.plus(pos.margin.times(take).div(open));
      pos.closed.net = pos.closed.net.plus(pnl).minus(feeShare);
      pos.closed.trades.push(tradeTxid);
      pos.cost = pos.cost.minus(openPrice.times(take));
      pos.margin = pos.margin.times(open.minus(take)).div(open);
      pos.volClosed = pos.volClosed.plus(take);
      left = left.minus(take);
      closedVol = closedVol.plus(take);
      publishClosing(pos);
    }
    acc.positions = acc.positions.filter((p) => p.vol.gt(p.volClosed));
    if (!closedVol.isZero()) {
      const entry = this.wallets.post(acc, pair.quote, realised, ZERO, 'margin', tradeTxid, 'closing');
      if (entry) ledgerIds.push(entry.id);
    }
    let posstatus = closedVol.isZero() ? 'open' : left.gt(0) ? 'partial' : 'closed';
    let opened: SpotPosition | null = null;
    if (left.gt(0)) {
      if (order.reduceOnly) {
        posstatus = 'closed';
      } else {
        opened = {
          posid: this.ids.kraken('T'),
          ordertxid: order.txid,
          pair,
          side: order.side,
          orderType: order.orderType,
          timeMs: this.now(),
          vol: left,
          volClosed: ZERO,
          cost: left.times(price),
          fee: ZERO,
          margin: left.times(price).div(leverage),
          leverage,
          openingTrade: null,
          closed: { cost: ZERO, fee: ZERO, margin: ZERO, net: ZERO, trades: [] },
        };
        acc.positions.push(opened);
      }
    }
    // Fees on margin trades are charged to the quote balance at execution.
    if (!fee.isZero()) {
      const entry = this.wallets.post(acc, pair.quote, ZERO, fee, 'margin', tradeTxid, 'fee');
      if (entry) ledgerIds.push(entry.id);
      if (opened) opened.fee = opened.fee.plus(fee);
    }
    return { posstatus, closed: closedVol, ledgerIds, opened };
  }

  private positionFigures(p: SpotPosition): { value: Decimal; net: Decimal; open: Decimal } {
    const open = p.vol.minus(p.volClosed);
    const px = this.market.refPrice(p.pair);
    const value = open.times(px);
    const net = p.side === 'buy' ? value.minus(p.cost) : p.cost.minus(value);
    return { value, net, open };
  }

  positions(acc: SpotAccount, txids?: string[]): SpotPositionView[] {
    return acc.positions
      .filter((p) => !txids || txids.length === 0 || txids.includes(p.posid) || txids.includes(p.ordertxid))
      .map((p) => {
        const { value, net } = this.positionFigures(p);
        const dp = p.pair.costDecimals;
        return {
          posid: p.posid,
          ordertxid: p.ordertxid,
          posstatus: 'open' as const,
          pair: p.pair.id,
          timeMs: p.timeMs,
          side: p.side,
          orderType: p.orderType,
          cost: fixed(p.cost, dp),
          fee: fixed(p.fee, dp),
          vol: fixed(p.vol, p.pair.lotDecimals),
          volClosed: fixed(p.volClosed, p.pair.lotDecimals),
          margin: fixed(p.margin, dp),
          value: fixed(value, dp),
          net: fixed(net, dp),
          terms: '0.0000 % per 4 hours',
          rollovertmMs: p.timeMs + ROLLOVER_MS * Math.max(1, Math.ceil((this.now() - p.timeMs + 1) / ROLLOVER_MS)),
          leverage: `${p.leverage}:1`,
        };
      });
  }

  private tradeBalanceRaw(acc: SpotAccount, denom: string) {
    const conv = (amount: Decimal, asset: string): Decimal => this.market.convert(amount, asset, denom) ?? ZERO;
    let eb = ZERO;
    for (const [asset, bal] of acc.balances) eb = eb.plus(conv(bal, asset));
    let m = ZERO;
    let n = ZERO;
    let c = ZERO;
    let v = ZERO;
    for (const p of acc.positions) {
      const { value, net } = this.positionFigures(p);
      m = m.plus(conv(p.margin, p.pair.quote));
      n = n.plus(conv(net, p.pair.quote));
      c = c.plus(conv(p.cost, p.pair.quote));
      v = v.plus(conv(value, p.pair.quote));
    }
    let uv = ZERO;
    let uvMargin = ZERO;
    for (const o of acc.orders.values()) {
      if (o.status !== 'open' && o.status !== 'pending') continue;
      const px = o.limitPrice ?? o.triggerPrice ?? this.market.refPrice(o.pair);
      const val = conv(remainingQty(o).times(px), o.pair.quote);
      uv = uv.plus(val);
      if (o.leverage !== null) uvMargin = uvMargin.plus(val.div(o.leverage));
    }
    const tb = eb;
    const e = tb.plus(n);
    return { eb, tb, m, n, c, v, e, mf: e.minus(m), ml: m.isZero() ? null : e.div(m).times(100), uv, uvMargin };
  }

  tradeBalance(acc: SpotAccount, denom = 'ZUSD'): SpotTradeBalanceView {
    const r = this.tradeBalanceRaw(acc, denom);
    const dp = this.wallets.decimalsOf(denom);
    const f = (d: Decimal): string => fixed(d, dp);
    return {
      eb: f(r.eb),
      tb: f(r.tb),
      m: f(r.m),
      n: f(r.n),
      c: f(r.c),
      v: f(r.v),
      e: f(r.e),
      mf: f(r.mf),
      ml: r.ml === null ? null : fixed(r.ml, 2),
      uv: f(r.uv),
    };
  }
}

/** Writes a position's closed part onto the trade that opened it (TradesHistory's `c*` fields). */
export function publishClosing(pos: SpotPosition): void {
  const trade = pos.openingTrade;
  if (trade === null) return;
  const pair = pos.pair;
  const c = pos.closed;
  trade.closing = {
    cprice: fixed(pos.volClosed.isZero() ? ZERO : c.cost.div(pos.volClosed), pair.pairDecimals),
    ccost: fixed(c.cost, pair.costDecimals),
    cfee: fixed(c.fee, pair.costDecimals),
    cvol: fixed(pos.volClosed, pair.lotDecimals),
    cmargin: fixed(c.margin, pair.costDecimals),
    net: fixed(c.net, pair.costDecimals),
    trades: [...c.trades],
  };
  if (pos.volClosed.gte(pos.vol)) trade.posstatus = 'closed';
}
