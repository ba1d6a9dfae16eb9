/**
 * Contract tests: the report builders over third-party payloads (../shared/fixtures/kraken,
 * recorded or hand-written by another Kraken client), each validated by our generated response
 * validators first, as the raw clients do. Where a payload departs from Kraken's documented
 * format, the test says so and pins what the builders do with it. Skipped, with a message, when
 * the shared folder is absent.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type {
  ClosedOrdersResult,
  OpenOrdersResult,
  OpenPositionsResult,
  TradeBalanceResult,
  TradesHistoryResult,
} from '../../../generated/spot-rest/types.gen.js';
import type { FillsResult, OpenordersResult, OpenpositionsResult } from '../../../generated/futures-rest/types.gen.js';
import { responseValidators as historyValidators } from '../../../generated/futures-history/validators.gen.js';
import {
  parseFuturesFills,
  parseFuturesOpenOrders,
  parseFuturesPositions,
  parseSpotMarginPositions,
  parseSpotOrders,
  parseSpotTrades,
  parseTradeBalance,
} from '../../../src/adapter/execution/reports/index.js';
import {
  ctx,
  decode,
  futuresBody,
  hasShared,
  SHARED_SKIP,
  sharedDir,
  spotResult,
} from '../../unit/adapter/execution-reports/report-fixtures.js';

const spotFile = (name: string) => path.join(sharedDir, 'spot/http', name);
const futuresFile = (name: string) => path.join(sharedDir, 'futures/http', name);
const str = (v: { toString(): string } | null) => (v === null ? null : v.toString());

describe.skipIf(!hasShared)(`third-party Spot payloads → reports${hasShared ? '' : ` (skipped: ${SHARED_SKIP})`}`, () => {
  it('OpenOrders: both orders; the stop-loss puts its trigger in price2, not price', () => {
    const parsed = parseSpotOrders(spotResult<OpenOrdersResult>('OpenOrders', spotFile('http_open_orders.json')).open, ctx);
    expect(parsed.failures).toEqual([]);
    const r = new Map(parsed.reports.map((x) => [x.venueOrderId.value, x]));
    const limit = r.get('O26VBY-ISGAE-JP5TLU')!;
    expect([limit.instrumentId.toString(), limit.orderType, str(limit.price), limit.quantity.toString()]).toEqual([
      'BTC/USDT.KRAKEN',
      'LIMIT',
      '29500.0',
      '0.50000000',
    ]);
    // Kraken documents `descr.price` as a stop-loss's trigger; this payload has price "0" and the
    // trigger in price2. The builder then takes the trigger from `stopprice`, which Kraken fills.
    const stop = r.get('OYEQF4-FDE4C-NMUYUI')!;
    expect([stop.orderType, str(stop.triggerPrice), stop.price, stop.instrumentId.toString()]).toEqual([
      'STOP_MARKET',
      '1800.00',
      null,
      'ETH/USDT.KRAKEN',
    ]);
  });

  it('ClosedOrders: two filled orders', () => {
    const parsed = parseSpotOrders(spotResult<ClosedOrdersResult>('ClosedOrders', spotFile('http_closed_orders.json')).closed, ctx);
    expect(parsed.failures).toEqual([]);
    expect(parsed.reports.map((x) => [x.venueOrderId.value, x.orderStatus, x.filledQty.toString(), str(x.avgPx)])).toEqual([
      ['O5KZFT-GH3AD-LP6TLU', 'FILLED', '0.50000000', '29500.0'],
      ['OCLOSED-2-TESTID', 'FILLED', '1.00000000', '1850.0'],
    ]);
  });

  it('TradesHistory: two fills with fees, trade ids and liquidity', () => {
    const parsed = parseSpotTrades(spotResult<TradesHistoryResult>('TradesHistory', spotFile('http_trades_history.json')).trades, ctx);
    expect(parsed.failures).toEqual([]);
    expect(
      parsed.reports.map((f) => [f.tradeId.value, f.venueOrderId.value, f.lastPx.toString(), f.commission.toString(), f.liquiditySide]),
    ).toEqual([
      ['TCCCTY-WJ6EO-4FP4VZ', 'O26VBY-ISGAE-JP5TLU', '29500.5', '23.60 USDT', 'MAKER'],
      ['TDCVFQ-TPEG4-6X7LSZ', 'OYEQF4-FDE4C-NMUYUI', '1799.75', '3.60 USDT', 'TAKER'],
    ]);
  });

  it('OpenPositions: one long margin position, P&L unknown (no docalcs figures)', () => {
    const parsed = parseSpotMarginPositions(
      spotResult<OpenPositionsResult>('OpenPositions', spotFile('http_spot_open_positions.json')),
      ctx,
    );
    expect(parsed.failures).toEqual([]);
    expect(
      parsed.reports.map((p) => [p.instrumentId.toString(), p.positionSide, p.quantity.toString(), str(p.avgPxOpen), p.unrealizedPnl]),
    ).toEqual([['BTC/USD.KRAKEN', 'LONG', '0.50000000', '100000.0000000', null]]);
  });

  it('TradeBalance: every figure exact', () => {
    const m = parseTradeBalance(spotResult<TradeBalanceResult>('TradeBalance', spotFile('http_spot_trade_balance.json')));
    expect([m.margin.initial.toString(), m.info['equity'], m.info['margin_level'], m.info['unrealized_pnl']]).toEqual([
      '12500.00 USD',
      '198499.67',
      '1587.99',
      '-250.75',
    ]);
  });
});

describe.skipIf(!hasShared)(`third-party Futures payloads → reports${hasShared ? '' : ` (skipped: ${SHARED_SKIP})`}`, () => {
  it('openorders: three orders; the client order id is spelled `cli_ord_id`', () => {
    const parsed = parseFuturesOpenOrders(
      futuresBody<OpenordersResult>('openorders', futuresFile('http_futures_open_orders.json')).openOrders,
      ctx,
    );
    expect(parsed.failures).toEqual([]);
    expect(
      parsed.reports.map((o) => [o.instrumentId.toString(), o.orderType, o.orderStatus, o.quantity.toString(), o.filledQty.toString()]),
    ).toEqual([
      ['PI_ETHUSD.KRAKEN', 'LIMIT', 'ACCEPTED', '100', '0'],
      ['PI_ETHUSD.KRAKEN', 'LIMIT_IF_TOUCHED', 'ACCEPTED', '10', '0'],
      ['PI_XBTUSD.KRAKEN', 'LIMIT', 'PARTIALLY_FILLED', '7000', '2000'],
    ]);
    // Kraken's REST documents `cliOrdId`; this payload uses the WS feed's `cli_ord_id`. Accepted either way.
    expect(parsed.reports[2]!.clientOrderId?.value).toBe('my-client-order-123');
  });

  it("order events: not Kraken's documented history format, refused at the edge", () => {
    // The file has `orderEvents[{ order, type: "PLACE" }]`; Kraken's history API (`/api/history/v3/orders`)
    // answers `{ len, elements: [{ uid, timestamp, event: { OrderPlaced: {...} } }] }`. The
    // validator refuses it, so the raw client would throw (a failed page), never half-parse it.
    for (const name of ['http_futures_order_events.json', 'http_futures_order_events_unknown.json']) {
      expect(historyValidators.orders(decode(futuresFile(name)))).toBe(false);
    }
  });

  it("fills: fees from the payload's own fee_paid / fee_currency (a WS-feed field Kraken's REST does not document)", () => {
    const fills = futuresBody<FillsResult>('fills', futuresFile('http_futures_fills.json')).fills;
    const parsed = parseFuturesFills(fills, ctx);
    expect(parsed.failures).toEqual([]);
    expect(
      parsed.reports.map((f) => [f.instrumentId.toString(), f.orderSide, f.lastQty.toString(), f.commission.toString(), f.liquiditySide]),
    ).toEqual([
      ['PI_XBTUSD.KRAKEN', 'BUY', '5000', '0.00008957 BTC', 'MAKER'],
      ['PI_ETHUSD.KRAKEN', 'BUY', '5000', '0.00685589 ETH', 'TAKER'],
      ['PI_XBTUSD.KRAKEN', 'SELL', '2500', '0.00004456 BTC', 'MAKER'],
    ]);
    const start = 1_680_882_600_000n * 1_000_000n; // 2023-04-07T15:50:00Z
    expect(parseFuturesFills(fills, ctx, { startNs: start }).reports.map((f) => f.tradeId.value.slice(0, 8))).toEqual([
      'b1aa44b2',
      'd3f4e5a6',
    ]);
  });

  it('openpositions: sizes and average prices exact; a 20-digit funding rounded to 18', () => {
    const parsed = parseFuturesPositions(
      futuresBody<OpenpositionsResult>('openpositions', futuresFile('http_futures_open_positions.json')).openPositions,
      ctx,
    );
    expect(parsed.failures).toEqual([]);
    expect(parsed.reports.map((p) => [p.positionSide, p.quantity.toString(), str(p.avgPxOpen), p.unrealizedFunding?.toString()])).toEqual([
      // Kraken prints the funding as a double with 20 fraction digits; the model keeps 18.
      ['SHORT', '8000', '27523.749993345933', '0.000058794638529900 BTC'],
      ['LONG', '12000', '1750.25', '-0.00002345 ETH'],
    ]);
  });
});
