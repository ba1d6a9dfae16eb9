/**
 * Futures report builders on our full-envelope fixtures: open orders of every type, the
 * order-event history folded per order with its executions, fills with fees from the execution
 * history and the client-side fillTime filter, positions with funding, and accounts.
 */
import { describe, expect, it } from 'vitest';
import type { ExecutionsResult, OrdersResult } from '../../../../generated/futures-history/types.gen.js';
import type { AccountsResult, FillsResult, OpenordersResult, OpenpositionsResult } from '../../../../generated/futures-rest/types.gen.js';
import {
  completeOrThrow,
  indexFuturesExecutions,
  parseFuturesAccounts,
  parseFuturesFills,
  parseFuturesOpenOrders,
  parseFuturesOrderHistory,
  parseFuturesPositions,
} from '../../../../src/adapter/execution/reports/index.js';
import { KrakenStateError, KrakenValidationError } from '../../../../src/core/errors.js';
import { Decimal } from '../../../../src/model/values.js';
import { ctx, ourFutures, ourHistory } from './report-fixtures.js';

const T0 = 1_767_610_800_000n * 1_000_000n;
const str = (v: { toString(): string } | null) => (v === null ? null : v.toString());

describe('Futures openorders → OrderStatusReport', () => {
  const parsed = parseFuturesOpenOrders(ourFutures<OpenordersResult>('openorders', 'open_orders.json').openOrders, ctx);
  const r = new Map(parsed.reports.map((x) => [x.venueOrderId.value, x]));
  const o = (n: number) => r.get(`1f0c4a2e-000${n}-4d6e-9a00-00000000000${n}`)!;

  it('every order type, none lost', () => {
    expect(parsed.failures).toEqual([]);
    expect(parsed.reports).toHaveLength(7);
  });

  it('limit orders: quantity = filled + unfilled, client order id, reduce-only', () => {
    expect([o(1).orderType, o(1).orderStatus, o(1).quantity.toString(), str(o(1).price), o(1).clientOrderId?.value]).toEqual([
      'LIMIT',
      'ACCEPTED',
      '0.5000',
      '60000',
      'strat-2-0001',
    ]);
    expect(o(1).tsAccepted).toBe(1_767_614_340_123n * 1_000_000n);
    expect([o(2).instrumentId.toString(), o(2).orderStatus, o(2).quantity.toString(), o(2).filledQty.toString(), o(2).reduceOnly]).toEqual([
      'PI_XBTUSD.KRAKEN',
      'PARTIALLY_FILLED',
      '5000',
      '2000',
      true,
    ]);
  });

  it('stops, take-profits and trailing stops with their trigger signal', () => {
    expect([o(3).orderType, str(o(3).triggerPrice), o(3).price, o(3).triggerType]).toEqual(['STOP_MARKET', '57000', null, 'MARK_PRICE']);
    expect([o(4).orderType, str(o(4).triggerPrice), str(o(4).price), o(4).triggerType]).toEqual([
      'STOP_LIMIT',
      '57000',
      '56900',
      'LAST_PRICE',
    ]);
    expect([o(5).orderType, str(o(5).triggerPrice), o(5).triggerType]).toEqual(['MARKET_IF_TOUCHED', '2900.5', 'INDEX_PRICE']);
    expect([o(6).orderType, str(o(6).triggerPrice), str(o(6).price)]).toEqual(['LIMIT_IF_TOUCHED', '3600.0', '3590.1']);
    expect([o(7).orderType, str(o(7).triggerPrice)]).toEqual(['TRAILING_STOP_MARKET', '59500']);
  });
});

describe('Futures order-event history → closed and filled orders', () => {
  const history = ourHistory<OrdersResult>('orders', 'history_orders.json');
  const execs = ourHistory<ExecutionsResult>('executions', 'history_executions.json');
  const index = indexFuturesExecutions(execs.elements, execs.accountUid);
  const parsed = parseFuturesOrderHistory(history.elements, ctx, index.byOrder);
  const r = new Map(parsed.reports.map((x) => [x.venueOrderId.value.slice(-1), x]));

  it('folds each order to its last state; events without an order change nothing', () => {
    expect(index.failures).toEqual([]);
    expect(parsed.failures).toEqual([]);
    expect([...r.keys()].sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('a limit filled by two executions is FILLED with the executions average price', () => {
    const a = r.get('a')!;
    expect([a.orderStatus, a.filledQty.toString(), str(a.avgPx), a.clientOrderId?.value]).toEqual([
      'FILLED',
      '0.5000',
      '59999.400000',
      'strat-2-0000',
    ]);
    expect(a.tsLast).toBe(T0 + 800_000_000n);
  });

  it('edited then cancelled after a partial fill: CANCELED with the edited quantity and the fill', () => {
    const b = r.get('b')!;
    expect([b.orderStatus, b.quantity.toString(), b.filledQty.toString(), str(b.price), b.cancelReason]).toEqual([
      'CANCELED',
      '4000',
      '1000',
      '61001.0',
      'cancelled_by_user',
    ]);
  });

  it('rejected post-only, market filled from its execution alone, IOC remainder cancelled', () => {
    expect([r.get('c')!.orderStatus, r.get('c')!.postOnly, r.get('c')!.cancelReason]).toEqual(['REJECTED', true, 'postWouldExecute']);
    expect([r.get('d')!.orderType, r.get('d')!.orderStatus, r.get('d')!.filledQty.toString()]).toEqual(['MARKET', 'FILLED', '2.000']);
    expect([r.get('e')!.timeInForce, r.get('e')!.orderStatus, r.get('e')!.filledQty.toString()]).toEqual(['IOC', 'CANCELED', '0.1000']);
  });
});

describe('Futures fills → FillReport', () => {
  const fills = ourFutures<FillsResult>('fills', 'fills.json').fills;
  const execs = ourHistory<ExecutionsResult>('executions', 'history_executions.json');
  const { fees } = indexFuturesExecutions(execs.elements, execs.accountUid);

  it('fees from our side of the execution, in the settlement currency; liquidity from fillType', () => {
    const parsed = parseFuturesFills(fills, ctx, { fees });
    expect(parsed.failures).toEqual([]);
    expect(
      parsed.reports.map((f) => [
        f.tradeId.value.slice(-2),
        f.orderSide,
        f.lastQty.toString(),
        f.lastPx.toString(),
        f.commission.toString(),
        f.liquiditySide,
      ]),
    ).toEqual([
      ['f1', 'BUY', '0.2000', '60000', '2.4 USD', 'MAKER'],
      ['f2', 'BUY', '0.3000', '59999', '3.59994 USD', 'MAKER'],
      ['f3', 'SELL', '1000', '61001.0', '0.0000081966 BTC', 'TAKER'],
      ['f4', 'SELL', '2.000', '3100.5', '3.1005 USD', 'TAKER'],
      ['f5', 'SELL', '0.1000', '59000', '2.95 USD', 'TAKER'],
    ]);
    expect(parsed.reports[0]!.clientOrderId?.value).toBe('strat-2-0000');
  });

  it('filters on fillTime on the client, inclusive bounds', () => {
    const parsed = parseFuturesFills(fills, ctx, { fees, startNs: T0 + 800_000_000n, endNs: T0 + 5_000_000_000n });
    expect(parsed.reports.map((f) => f.tradeId.value.slice(-2))).toEqual(['f2', 'f3', 'f4']);
  });

  it('a fill whose fee is known nowhere is a failure, the others are kept', () => {
    const parsed = parseFuturesFills(fills, ctx, { fees: new Map([...fees].filter(([k]) => !k.endsWith('f3'))) });
    expect(parsed.reports).toHaveLength(4);
    expect(parsed.failures.map((f) => f.id.slice(-2))).toEqual(['f3']);
    expect(parsed.failures[0]!.error).toBeInstanceOf(KrakenValidationError);
  });

  it('liquidations and assignments have no book side; a lower-case symbol is found', () => {
    const special = ourFutures<FillsResult>('fills', 'fills_liquidation.json').fills;
    const ids = special.map((f) => f.fill_id);
    const parsed = parseFuturesFills(special, ctx, { fees: new Map(ids.map((id) => [id, Decimal.fromStr('1.5')])) });
    expect(parsed.failures).toEqual([]);
    expect(parsed.reports.map((f) => [f.instrumentId.toString(), f.liquiditySide])).toEqual([
      ['PF_XBTUSD.KRAKEN', 'NO_LIQUIDITY_SIDE'],
      ['PF_XBTUSD.KRAKEN', 'NO_LIQUIDITY_SIDE'],
    ]);
  });
});

describe('Futures positions and accounts', () => {
  it('positions with exact average price and unrealised funding', () => {
    const parsed = parseFuturesPositions(ourFutures<OpenpositionsResult>('openpositions', 'open_positions.json').openPositions, ctx);
    expect(parsed.failures).toEqual([]);
    expect(
      parsed.reports.map((p) => [
        p.instrumentId.toString(),
        p.positionSide,
        p.quantity.toString(),
        str(p.avgPxOpen),
        p.unrealizedFunding?.toString(),
      ]),
    ).toEqual([
      ['PF_XBTUSD.KRAKEN', 'LONG', '0.5000', '60012.3456789', '-0.0123456789 USD'],
      // pnlCurrency null: the inverse contract's settlement currency.
      ['PI_XBTUSD.KRAKEN', 'SHORT', '1000', '61001', '0.00000012345 BTC'],
    ]);
  });

  it('accounts: flex collateral balances and margins, single-collateral accounts, cash kept apart', () => {
    const a = parseFuturesAccounts(ourFutures<AccountsResult>('accounts', 'accounts.json').accounts);
    expect(a.failures).toEqual([]);
    const b = new Map(a.balances.map((x) => [x.currency.code, x]));
    expect([b.get('USD')!.total.toString(), b.get('USD')!.free.toString(), b.get('USD')!.locked.toString()]).toEqual([
      '10000.5 USD',
      '9000.25 USD',
      '1000.25 USD',
    ]);
    // flex 0.25 + fi_xbtusd 0.05
    expect(b.get('BTC')!.total.toString()).toBe('0.3000000000 BTC');
    // A negative `available` frees nothing.
    expect([b.get('ETH')!.free.isZero(), b.get('ETH')!.locked.toString()]).toEqual([true, '1.5 ETH']);
    expect(a.margins.map((m) => [m.initial.toString(), m.maintenance.toString()])).toEqual([
      ['1200.5 USD', '600.25 USD'],
      ['0.0010 BTC', '0.0005 BTC'],
    ]);
    expect(a.info['flex_portfolio_value']).toBe('29700.25');
    expect(a.info['flex_unrealized_funding']).toBe('-0.0123456789');
    expect([a.info['cash_BTC'], a.info['cash_USD']]).toEqual(['0.1000000000', '100.00']);
  });
});

describe('completeOrThrow', () => {
  it('passes a complete fetch through and names every gap of an incomplete one', () => {
    const fills = ourFutures<FillsResult>('fills', 'fills.json').fills;
    const parsed = parseFuturesFills(fills, ctx); // no execution history: every fee unknown
    expect(completeOrThrow({ reports: [1, 2], failures: [], complete: true }, 'fills')).toEqual([1, 2]);
    expect(() => completeOrThrow({ ...parsed, complete: false }, 'Futures fills')).toThrow(KrakenStateError);
    expect(() => completeOrThrow({ ...parsed, complete: false }, 'Futures fills')).toThrow(
      /Futures fills incomplete \(0 read\): 3c2e1d4f-0005.*fee unknown/,
    );
  });
});
