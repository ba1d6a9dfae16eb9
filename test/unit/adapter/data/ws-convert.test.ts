/**
 * Wire → domain for the live feeds, on full-envelope fixtures (ours, and the third-party
 * recordings in ../shared when present) decoded and validated exactly as the WS clients do.
 * Every value is compared as exact text at the instrument's precision.
 */
import { describe, expect, it } from 'vitest';
import type { OhlcMessage, TickerMessage, TradeMessage } from '../../../../generated/spot-ws-v2/types.gen.js';
import type {
  TickerMessage as FuturesTickerMessage,
  TradeMessage as FuturesTradeMessage,
} from '../../../../generated/futures-ws/types.gen.js';
import {
  futuresFundingRate,
  futuresIndexPrice,
  futuresMarkPrice,
  futuresQuoteTick,
  futuresTradeTick,
} from '../../../../src/adapter/data/futures-ws-convert.js';
import { candleBar, spotQuoteTick, spotWsCandle, spotWsTradeTick } from '../../../../src/adapter/data/spot-ws-convert.js';
import { KrakenValidationError } from '../../../../src/core/errors.js';
import { BarType } from '../../../../src/model/bar.js';
import { BTCUSD, FI_XBTUSD, PF_XBTUSD, PI_XBTUSD, futuresFrame, hasShared, ours, shared, spotFrame } from './fixtures.js';

const TS = 7n;
const ns = (iso: string) => BigInt(Date.parse(iso)) * 1_000_000n;

describe('Spot WS v2 → domain', () => {
  it('ticker → QuoteTick: best bid/ask and sizes at the pair precision, the row timestamp to the nanosecond', () => {
    const m = spotFrame<TickerMessage>(ours('spot/ws/ws_recv_ticker_snapshot.json'));
    const q = spotQuoteTick(m.data[0]!, BTCUSD, TS);
    expect([q.instrumentId.toString(), q.bidPrice.toString(), q.askPrice.toString(), q.bidSize.toString(), q.askSize.toString()]).toEqual([
      'BTC/USD.KRAKEN',
      '105944.2',
      '105944.3',
      '0.13600000',
      '2.50000000',
    ]);
    expect([q.bidPrice.precision, q.bidSize.precision]).toEqual([1, 8]);
    expect(q.tsEvent).toBe(ns('2026-03-02T09:15:07.440Z') + 295_000n);
    expect(q.tsInit).toBe(TS);
  });

  it('a ticker row without a timestamp is stamped with the receive time', () => {
    const m = spotFrame<TickerMessage>(ours('spot/ws/ws_recv_ticker_update.json'));
    const { timestamp: _t, ...row } = m.data[0]!;
    expect(spotQuoteTick(row, BTCUSD, TS).tsEvent).toBe(TS);
  });

  it('a price finer than the pair precision is refused with a typed error naming the field, never rounded', () => {
    const m = spotFrame<TickerMessage>(ours('spot/ws/ws_recv_ticker_update.json'));
    const row = { ...m.data[0]!, bid: '105944.25' };
    expect(() => spotQuoteTick(row, BTCUSD, TS)).toThrow(KrakenValidationError);
    expect(() => spotQuoteTick(row, BTCUSD, TS)).toThrow(/\/data\/0\/bid/);
  });

  it('trade → TradeTick: taker side, trade id, exact price and size, one tick per row', () => {
    const m = spotFrame<TradeMessage>(ours('spot/ws/ws_recv_trade_update.json'));
    const ticks = m.data.map((r, i) => spotWsTradeTick(r, BTCUSD, TS, `/data/${i}`));
    expect(ticks.map((t) => [t.price.toString(), t.size.toString(), t.aggressorSide, t.tradeId.value, t.tsEvent])).toEqual([
      ['105944.2', '0.00027625', 'BUYER', '10218208', ns('2026-03-02T09:15:07.440Z') + 295_000n],
      ['105910.5', '0.00100000', 'SELLER', '10218209', ns('2026-03-02T09:15:07.612Z') + 345_000n],
    ]);
  });

  it('ohlc → candle → Bar closing at the end of its interval', () => {
    const m = spotFrame<OhlcMessage>(ours('spot/ws/ws_recv_ohlc_update.json'));
    const c = spotWsCandle(m.data[0]!, BTCUSD);
    expect([
      c.open.toString(),
      c.high.toString(),
      c.low.toString(),
      c.close.toString(),
      c.volume.toString(),
      c.intervalMins,
      c.trades,
    ]).toEqual(['105938.2', '105944.3', '105938.1', '105944.2', '3.09276806', 5, 12]);
    expect(c.beginNs).toBe(ns('2026-03-02T09:15:00Z'));
    const bar = candleBar(c, BarType.fromStr('BTC/USD.KRAKEN-5-MINUTE-LAST-EXTERNAL'), TS);
    expect(bar.tsEvent).toBe(ns('2026-03-02T09:20:00Z'));
    expect(bar.toString()).toBe(
      `BTC/USD.KRAKEN-5-MINUTE-LAST-EXTERNAL,105938.2,105944.3,105938.1,105944.2,3.09276806,${ns('2026-03-02T09:20:00Z')}`,
    );
  });

  it.skipIf(!hasShared)('third-party recordings (../shared) convert exactly too', () => {
    const t = spotFrame<TickerMessage>(shared('spot/ws/ws_ticker_snapshot.json'));
    const q = spotQuoteTick(t.data[0]!, BTCUSD, TS);
    expect([q.bidPrice.toString(), q.askPrice.toString(), q.bidSize.toString(), q.askSize.toString()]).toEqual([
      '105944.2',
      '105944.3',
      '2.50000000',
      '3.20000000',
    ]);
    const o = spotFrame<OhlcMessage>(shared('spot/ws/ws_ohlc_update.json'));
    const c = spotWsCandle(o.data[0]!, BTCUSD);
    expect([c.close.toString(), c.volume.toString(), c.beginNs]).toEqual(['106040.1', '30927.68066226', ns('2023-10-04T16:25:00Z')]);
    const tr = spotFrame<TradeMessage>(shared('spot/ws/ws_trade_update.json'));
    expect(tr.data.map((r) => spotWsTradeTick(r, BTCUSD, TS).size.toString())).toEqual(['0.00027625', '0.00012460']);
  });
});

describe('Futures WS v1 → domain', () => {
  const ticker = futuresFrame<FuturesTickerMessage>(ours('futures/ws/ws_recv_ticker.json'));

  it('ticker → QuoteTick at the contract precision, stamped with the ticker time', () => {
    const q = futuresQuoteTick(ticker, PF_XBTUSD, TS)!;
    expect([q.bidPrice.toString(), q.askPrice.toString(), q.bidSize.toString(), q.askSize.toString(), q.tsEvent]).toEqual([
      '67892.5',
      '67911.5',
      '0.1250',
      '0.0010',
      1772442907406n * 1_000_000n,
    ]);
  });

  it('a ticker without one side of the book gives no quote', () => {
    const { bid: _b, ...oneSided } = ticker;
    expect(futuresQuoteTick(oneSided as FuturesTickerMessage, PF_XBTUSD, TS)).toBeNull();
  });

  it('mark and index keep every digit Kraken computed (finer than the tick), never rounded', () => {
    expect(futuresMarkPrice(ticker, PF_XBTUSD, TS)?.value.toString()).toBe('67899.68641534714');
    expect(futuresIndexPrice(ticker, PF_XBTUSD, TS)?.value.toString()).toBe('67901.54');
    expect(futuresMarkPrice(ticker, PF_XBTUSD, TS)?.tsEvent).toBe(1772442907406n * 1_000_000n);
  });

  it('funding: the relative rate exactly (exponent notation converted without a float), next funding time, interval null', () => {
    const f = futuresFundingRate(ticker, PF_XBTUSD, TS)!;
    expect(f.rate.toString()).toBe('-0.000001380384722222');
    expect(f.nextFundingTime).toBe(1772445600000n * 1_000_000n);
    expect(f.interval).toBeNull();
    expect(f.instrumentId.toString()).toBe('PF_XBTUSD.KRAKEN');
  });

  it('Kraken omits the funding fields of a perpetual while the rate is zero: that reads as rate 0', () => {
    const { relative_funding_rate: _r, funding_rate: _f, ...zero } = ticker;
    const f = futuresFundingRate(zero, PF_XBTUSD, TS)!;
    expect(f.rate.isZero()).toBe(true);
    expect(f.nextFundingTime).toBe(1772445600000n * 1_000_000n);
  });

  it('dated futures pay no funding', () => {
    expect(futuresFundingRate(ticker, FI_XBTUSD, TS)).toBeNull();
  });

  it('trade → TradeTick with the uid as trade id; a liquidation is a trade too', () => {
    for (const [file, side, id] of [
      ['futures/ws/ws_recv_trade.json', 'SELLER', '05af78ac-a774-478c-a50c-8b9c234e071e'],
      ['futures/ws/ws_recv_trade_liquidation.json', 'BUYER', '8d2f3a11-1b4c-4f77-9a5e-2c1b0e9f4d21'],
    ] as const) {
      const t = futuresTradeTick(futuresFrame<FuturesTradeMessage>(ours(file)), PF_XBTUSD, TS);
      expect([t.aggressorSide, t.tradeId.value, t.size.precision]).toEqual([side, id, 4]);
    }
    const t = futuresTradeTick(futuresFrame<FuturesTradeMessage>(ours('futures/ws/ws_recv_trade.json')), PF_XBTUSD, TS);
    expect([t.price.toString(), t.size.toString(), t.tsEvent]).toEqual(['67911.5', '0.0150', 1772442907519n * 1_000_000n]);
  });

  it.skipIf(!hasShared)('third-party recordings (../shared): inverse perpetual ticker and trade', () => {
    const t = futuresFrame<FuturesTickerMessage>(shared('futures/ws/ws_futures_ticker.json'));
    const q = futuresQuoteTick(t, PI_XBTUSD, TS)!;
    expect([q.bidPrice.toString(), q.askPrice.toString(), q.bidSize.toString(), q.askSize.toString()]).toEqual([
      '21978.5',
      '21987.0',
      '2536',
      '13948',
    ]);
    expect(futuresMarkPrice(t, PI_XBTUSD, TS)?.value.toString()).toBe('21979.68641534714');
    expect(futuresFundingRate(t, PI_XBTUSD, TS)?.rate.toString()).toBe('-0.000001380384722222');
    const tr = futuresTradeTick(futuresFrame<FuturesTradeMessage>(shared('futures/ws/ws_futures_trade.json')), PI_XBTUSD, TS);
    expect([tr.price.toString(), tr.size.toString()]).toEqual(['34969.5', '15000']);
  });
});
