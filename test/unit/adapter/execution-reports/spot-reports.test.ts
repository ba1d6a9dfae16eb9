/**
 * Spot report builders on our full-envelope fixtures (every order type and status, every fill
 * type, margin positions on both sides, BalanceEx, TradeBalance with and without positions),
 * validated first by the generated response validators as the raw client does.
 */
import { describe, expect, it } from 'vitest';
import type {
  BalanceExResult,
  ClosedOrdersResult,
  OpenOrdersResult,
  OpenPositionsResult,
  TradeBalanceResult,
  TradesHistoryResult,
} from '../../../../generated/spot-rest/types.gen.js';
import {
  aggregateMarginPositions,
  flatReportsForMissing,
  marginMetricsLine,
  parseBalanceEx,
  parseSpotMarginPositions,
  parseSpotOrders,
  parseSpotTrades,
  parseTradeBalance,
  walletPositionReports,
} from '../../../../src/adapter/execution/reports/index.js';
import { KrakenValidationError } from '../../../../src/core/errors.js';
import { InstrumentId } from '../../../../src/model/identifiers.js';
import type { OrderStatusReport } from '../../../../src/model/reports.js';
import { Quantity } from '../../../../src/model/values.js';
import { ctx, ourSpot, TS_INIT } from './report-fixtures.js';

const T = 1_767_614_400n * 1_000_000_000n;
const byId = (reports: readonly OrderStatusReport[]) => new Map(reports.map((r) => [r.venueOrderId.value, r]));
const str = (v: { toString(): string } | null) => (v === null ? null : v.toString());

describe('Spot orders → OrderStatusReport', () => {
  const open = parseSpotOrders(ourSpot<OpenOrdersResult>('OpenOrders', 'open_orders.json').open, ctx);
  const r = byId(open.reports);

  it('parses every open order shape, none lost', () => {
    expect(open.failures).toEqual([]);
    expect(open.reports).toHaveLength(13);
  });

  it('a post-only GTC limit with its client order id, at the pair precision', () => {
    const o = r.get('OLIMIT-BUY01-POSTGTC')!;
    expect(o.instrumentId.toString()).toBe('BTC/USD.KRAKEN');
    expect([o.orderSide, o.orderType, o.timeInForce, o.orderStatus]).toEqual(['BUY', 'LIMIT', 'GTC', 'ACCEPTED']);
    expect([o.quantity.toString(), o.filledQty.toString(), str(o.price)]).toEqual(['0.50000000', '0.00000000', '60000.0']);
    expect(o.clientOrderId?.value).toBe('strat-1-0001');
    expect(o.postOnly).toBe(true);
    expect(o.triggerPrice).toBeNull();
    expect(o.tsAccepted).toBe(T + 1_123_456_000n);
    expect(o.tsInit).toBe(TS_INIT);
  });

  it('a partially filled limit carries its filled quantity and average price', () => {
    const o = r.get('OLIMIT-SELL2-PARTIAL')!;
    expect([o.orderStatus, o.filledQty.toString(), o.leavesQty.toString(), str(o.avgPx)]).toEqual([
      'PARTIALLY_FILLED',
      '0.25000000',
      '0.75000000',
      '61000.0',
    ]);
  });

  it('conditional orders: descr.price is the trigger, descr.price2 the limit, trigger reference from `trigger`', () => {
    expect([
      r.get('OSTOPL-SELL3-TRIGGER')!.orderType,
      str(r.get('OSTOPL-SELL3-TRIGGER')!.triggerPrice),
      r.get('OSTOPL-SELL3-TRIGGER')!.price,
    ]).toEqual(['STOP_MARKET', '57000.0', null]);
    expect(r.get('OSTOPL-SELL3-TRIGGER')!.triggerType).toBe('LAST_PRICE');
    const sl = r.get('OSTOPL-LMT04-INDEXTR')!;
    expect([sl.orderType, str(sl.triggerPrice), str(sl.price), sl.triggerType]).toEqual([
      'STOP_LIMIT',
      '57000.0',
      '56900.0',
      'INDEX_PRICE',
    ]);
    const tp = r.get('OTAKEP-BUY05-TRIGGER')!;
    expect([tp.orderType, str(tp.triggerPrice), tp.instrumentId.toString()]).toEqual(['MARKET_IF_TOUCHED', '2900.00', 'ETH/USD.KRAKEN']);
    const tpl = r.get('OTAKEP-LMT06-LIMITPX')!;
    expect([tpl.orderType, str(tpl.triggerPrice), str(tpl.price)]).toEqual(['LIMIT_IF_TOUCHED', '3600.00', '3590.00']);
  });

  it('trailing stops: a relative offset is not a price, the computed stop and limit prices are used', () => {
    const ts = r.get('OTRAIL-STP07-RELATIV')!;
    expect([ts.orderType, str(ts.triggerPrice), ts.price]).toEqual(['TRAILING_STOP_MARKET', '59500.0', null]);
    const tsl = r.get('OTRAIL-LMT08-PERCENT')!;
    expect([tsl.orderType, str(tsl.triggerPrice), str(tsl.price)]).toEqual(['TRAILING_STOP_LIMIT', '59400.0', '59300.0']);
  });

  it('iceberg is a limit; GTD from expiretm; a fired stop-limit resting in the book is TRIGGERED; pending is accepted', () => {
    expect([r.get('OICEBG-BUY09-DISPLAY')!.orderType, str(r.get('OICEBG-BUY09-DISPLAY')!.price)]).toEqual(['LIMIT', '3000.00']);
    const gtd = r.get('OLIMIT-GTD10-EXPIRES')!;
    expect([gtd.timeInForce, gtd.expireTime]).toEqual(['GTD', T + 3_600_000_000_000n]);
    expect(r.get('OSTOPL-LMT11-STOPPED')!.orderStatus).toBe('TRIGGERED');
    expect(r.get('OPEND0-BUY12-PENDING')!.orderStatus).toBe('ACCEPTED');
    expect(r.get('OMARGN-LEV13-FIVEX01')!.orderSide).toBe('SELL');
  });

  it('closed orders: filled, canceled with fills, canceled without, expired, quote-quantity, position settlement', () => {
    const closed = parseSpotOrders(ourSpot<ClosedOrdersResult>('ClosedOrders', 'closed_orders.json').closed, ctx);
    expect(closed.failures).toEqual([]);
    const c = byId(closed.reports);
    const f = c.get('OCLOSD-LMT01-FILLED0')!;
    expect([f.orderStatus, f.filledQty.toString(), f.tsLast, f.cancelReason]).toEqual([
      'FILLED',
      '0.50000000',
      T - 7_100_500_000_000n,
      null,
    ]);
    expect([c.get('OCLOSD-MKT02-AVGPRIC')!.orderType, str(c.get('OCLOSD-MKT02-AVGPRIC')!.avgPx)]).toEqual(['MARKET', '60000.10000']);
    const p = c.get('OCANCL-LMT03-PARTIAL')!;
    expect([p.orderStatus, p.filledQty.toString(), p.quantity.toString(), p.cancelReason]).toEqual([
      'CANCELED',
      '0.40000000',
      '1.00000000',
      'User requested',
    ]);
    expect([c.get('OCANCL-LMT04-NOFILL0')!.orderStatus, c.get('OCANCL-LMT04-NOFILL0')!.avgPx]).toEqual(['CANCELED', null]);
    expect([c.get('OEXPRD-GTD05-EXPIRED')!.orderStatus, c.get('OEXPRD-GTD05-EXPIRED')!.cancelReason]).toEqual(['EXPIRED', 'Order expired']);
    // `viqc`: vol is quote currency (100 USD); the order's base quantity is what executed.
    const q = c.get('OVIQC0-MKT06-QUOTEQT')!;
    expect([q.orderStatus, q.quantity.toString(), q.filledQty.toString()]).toEqual(['FILLED', '0.00166666', '0.00166666']);
    expect([c.get('OSETTL-POS07-CLOSING')!.orderType, c.get('OSETTL-POS07-CLOSING')!.orderStatus]).toEqual(['MARKET', 'FILLED']);
  });

  it('one bad entry is a typed failure naming the entry and field; the good one is kept', () => {
    const parsed = parseSpotOrders(ourSpot<OpenOrdersResult>('OpenOrders', 'open_orders_bad_entries.json').open, ctx);
    expect(parsed.reports.map((x) => x.venueOrderId.value)).toEqual(['OGOOD0-LMT01-KEEPME1']);
    expect(parsed.failures.map((f) => f.id)).toEqual(['OBADPR-LMT02-UNKNOWN', 'OBADDC-LMT03-TOOFINE']);
    for (const f of parsed.failures) expect(f.error).toBeInstanceOf(KrakenValidationError);
    expect((parsed.failures[0]!.error as KrakenValidationError).issues[0]!.path).toBe('/OBADPR-LMT02-UNKNOWN/descr/pair');
    expect((parsed.failures[1]!.error as KrakenValidationError).issues[0]!.path).toBe('/OBADDC-LMT03-TOOFINE/vol_exec');
  });
});

describe('Spot TradesHistory → FillReport', () => {
  const parsed = parseSpotTrades(ourSpot<TradesHistoryResult>('TradesHistory', 'trades_history.json').trades, ctx);
  const f = new Map(parsed.reports.map((x) => [x.tradeId.value, x]));

  it('every fill type becomes a fill, oldest first', () => {
    expect(parsed.failures).toEqual([]);
    expect(parsed.reports).toHaveLength(7);
    const times = parsed.reports.map((x) => x.tsEvent);
    expect([...times].sort((a, b) => (a < b ? -1 : 1))).toEqual(times);
  });

  it('trade id is the trade txid, fee exact in the quote currency, liquidity from `maker`', () => {
    const m = f.get('TMAKER-BUY01-LIMIT01')!;
    expect([
      m.venueOrderId.value,
      m.orderSide,
      m.lastQty.toString(),
      m.lastPx.toString(),
      m.commission.toString(),
      m.liquiditySide,
    ]).toEqual(['OCLOSD-LMT01-FILLED0', 'BUY', '0.50000000', '60000.0', '75.00000 USD', 'MAKER']);
    const t = f.get('TTAKER-SEL02-MARKET1')!;
    expect([t.orderSide, t.commission.toString(), t.liquiditySide]).toEqual(['SELL', '72.00012 USD', 'TAKER']);
    expect(f.get('TOLDTR-BUY06-NOMAKER')!.liquiditySide).toBe('NO_LIQUIDITY_SIDE');
    expect(f.get('TFEEBS-BUY07-FCIBASE')!.commission.toString()).toBe('0.00013000 BTC');
  });

  it('margin opening and closing trades, settlements and stop fills are all fills', () => {
    expect(f.get('TMARGN-OPN03-POSOPEN')!.instrumentId.toString()).toBe('ETH/USD.KRAKEN');
    expect(f.get('TMARGN-CLS04-CLOSING')!.lastQty.toString()).toBe('3.00000000');
    expect(f.get('TSTOPL-SEL05-TRIGGRD')!.lastPx.toString()).toBe('56999.9');
  });
});

describe('Spot OpenPositions → PositionStatusReport', () => {
  const positions = ourSpot<OpenPositionsResult>('OpenPositions', 'open_positions.json');

  it('aggregates by (pair, side): open volume summed, average open price cost-weighted, P&L summed', () => {
    const { aggregates, failures } = aggregateMarginPositions(positions, ctx);
    expect(failures).toEqual([]);
    const btc = aggregates.find((a) => a.instrument.id.toString() === 'BTC/USD.KRAKEN')!;
    expect([btc.side, btc.quantity.toString(), btc.cost.toString(), str(btc.unrealizedPnl), btc.positionIds.length]).toEqual([
      'LONG',
      '1.10000000',
      '91000.00000',
      '37.5000',
      2,
    ]);
    expect(
      aggregates
        .filter((a) => a.instrument.id.toString() === 'ETH/USD.KRAKEN')
        .map((a) => a.side)
        .sort(),
    ).toEqual(['LONG', 'SHORT']);
  });

  it('one report per instrument; a pair held both ways is netted', () => {
    const parsed = parseSpotMarginPositions(positions, ctx);
    expect(parsed.failures).toEqual([]);
    const p = new Map(parsed.reports.map((x) => [x.instrumentId.toString(), x]));
    const btc = p.get('BTC/USD.KRAKEN')!;
    // (30000 + 61000) / 1.5 opened
    expect([btc.positionSide, btc.quantity.toString(), str(btc.avgPxOpen), btc.unrealizedPnl?.toString()]).toEqual([
      'LONG',
      '1.10000000',
      '60666.6666667',
      '37.5000 USD',
    ]);
    const eth = p.get('ETH/USD.KRAKEN')!;
    expect([eth.positionSide, eth.quantity.toString(), str(eth.avgPxOpen), eth.unrealizedPnl?.toString()]).toEqual([
      'SHORT',
      '2.00000000',
      '3100.00000000',
      '10.00 USD',
    ]);
  });

  it('without docalcs the P&L is unknown, not zero', () => {
    const parsed = parseSpotMarginPositions(ourSpot<OpenPositionsResult>('OpenPositions', 'open_positions_no_calcs.json'), ctx);
    expect(parsed.reports).toHaveLength(1);
    expect(parsed.reports[0]!.unrealizedPnl).toBeNull();
  });

  it('a cached open position the venue no longer lists gets a synthetic FLAT', () => {
    const listed = parseSpotMarginPositions(positions, ctx).reports;
    const cached = [
      { instrumentId: InstrumentId.fromStr('BTC/USD.KRAKEN'), quantity: Quantity.fromStr('1.1') },
      { instrumentId: InstrumentId.fromStr('ETH/BTC.KRAKEN'), quantity: Quantity.fromStr('4.00000000') },
    ];
    const flats = flatReportsForMissing(cached, listed, ctx);
    expect(flats.map((x) => [x.instrumentId.toString(), x.positionSide, x.quantity.toString()])).toEqual([
      ['ETH/BTC.KRAKEN', 'FLAT', '0.00000000'],
    ]);
  });
});

describe('Spot balances, margin figures and wallet positions', () => {
  const balances = parseBalanceEx(ourSpot<BalanceExResult>('BalanceEx', 'balance_ex.json'));

  it('BalanceEx: total, hold and free per normalised currency, exact', () => {
    expect(balances.failures).toEqual([]);
    const b = new Map(balances.balances.map((x) => [x.currency.code, x]));
    expect([b.get('USD')!.total.toString(), b.get('USD')!.locked.toString(), b.get('USD')!.free.toString()]).toEqual([
      '25435.2100 USD',
      '3000.0000 USD',
      '22435.2100 USD',
    ]);
    expect(b.get('BTC')!.free.toString()).toBe('0.9345678901 BTC');
    expect(b.get('USDT')!.locked.isZero()).toBe(true);
    // An auto-earn balance is a separate holding, not more BTC.
    expect(b.get('BTC.F')!.total.toString()).toBe('0.0100000000 BTC.F');
  });

  it('TradeBalance: used margin as initial margin, every figure exact in info, one metrics line', () => {
    const m = parseTradeBalance(ourSpot<TradeBalanceResult>('TradeBalance', 'trade_balance.json'));
    expect(m.margin.initial.toString()).toBe('6584.0000 USD');
    expect(m.info).toEqual({
      equity: '45047.6234',
      free_margin: '38463.6234',
      unrealized_pnl: '47.5000',
      margin_level: '684.1981',
      trade_balance: '45000.1234',
      equivalent_balance: '98765.4321',
      cost_basis: '42420.0000',
      valuation: '42467.5000',
      unexecuted_value: '0.0000',
      used_margin: '6584.0000',
      asset: 'ZUSD',
    });
    expect(marginMetricsLine(m)).toBe('Margin metrics: equity=45047.6234 USD, free_margin=38463.6234, unrealized_pnl=47.5000');
    const none = parseTradeBalance(ourSpot<TradeBalanceResult>('TradeBalance', 'trade_balance_no_positions.json'), 'ZGBP');
    expect(none.info['margin_level']).toBeUndefined();
    expect([none.currency.code, none.info['asset']]).toEqual(['GBP', 'ZGBP']);
  });

  it('wallet positions: a positive balance is LONG on the configured quote only, never double-reported', () => {
    const usdt = walletPositionReports(balances.balances, ctx);
    expect(usdt.map((x) => [x.instrumentId.toString(), x.positionSide, x.quantity.toString()])).toEqual([
      ['BTC/USDT.KRAKEN', 'LONG', '1.23456789'],
      ['ETH/USDT.KRAKEN', 'LONG', '10.00000000'],
    ]);
    const usd = walletPositionReports(balances.balances, ctx, 'USD');
    expect(usd.map((x) => x.instrumentId.toString())).toEqual(['BTC/USD.KRAKEN', 'ETH/USD.KRAKEN']);
    // Only BTC/EUR has EUR as quote; the EUR balance itself (zero) is never a position.
    expect(walletPositionReports(balances.balances, ctx, 'EUR').map((x) => x.instrumentId.toString())).toEqual(['BTC/EUR.KRAKEN']);
  });
});
