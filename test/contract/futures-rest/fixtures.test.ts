/**
 * Every Futures REST payload we hold decodes with `parseVenueJson` and validates with its generated
 * response validator: our own documented-format fixtures (fixtures/futures/http) and the
 * third-party recordings in ../shared/fixtures/kraken/futures/http. Error bodies are checked to be
 * refused by the success validator and classified by the client's decoder.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { responseValidators as chartsValidators } from '../../../generated/futures-charts/validators.gen.js';
import { responseValidators as historyValidators } from '../../../generated/futures-history/validators.gen.js';
import { responseValidators as restValidators } from '../../../generated/futures-rest/validators.gen.js';
import { KrakenAuthError, KrakenNonceError, KrakenRateLimitError, KrakenApiError } from '../../../src/core/errors.js';
import { decodeFuturesResponse } from '../../../src/kraken/futures/http/envelope.js';
import { parseVenueJson } from '../../../src/core/json.js';
import type { Validator } from '../../../src/transport/validation.js';
import { sharedReferencePresent } from '../../helpers/shared-reference.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const OWN_DIR = path.join(repoRoot, 'fixtures/futures/http');
const SHARED_DIR = path.resolve(repoRoot, '../shared/fixtures/kraken/futures/http');

type Op = `rest:${string}` | `history:${string}` | `charts:${string}`;

function validatorFor(op: Op): Validator {
  const [service, id] = op.split(':') as [string, string];
  const table: Record<string, Validator> =
    service === 'rest' ? restValidators : service === 'history' ? historyValidators : chartsValidators;
  const v = table[id];
  if (!v) throw new Error(`no validator for ${op}`);
  return v;
}

function load(dir: string, file: string): unknown {
  return parseVenueJson(readFileSync(path.join(dir, file), 'utf8'));
}

function validate(op: Op, body: unknown): { ok: boolean; errors: unknown } {
  const v = validatorFor(op);
  const ok = v(body);
  return { ok, errors: v.errors };
}

// Our fixtures: file → operation. Every file in the folder must be listed (checked below).
const OWN_SUCCESS: Readonly<Record<string, Op>> = {
  'http_get_instruments.json': 'rest:instruments',
  'http_get_instruments_status.json': 'rest:instrumentsStatus',
  'http_get_instrument_status.json': 'rest:instrumentStatus',
  'http_get_tickers.json': 'rest:tickers',
  'http_get_ticker.json': 'rest:ticker',
  'http_get_orderbook.json': 'rest:orderbook',
  'http_get_history.json': 'rest:history',
  'http_get_historicalfundingrates.json': 'rest:historicalfundingrates',
  'http_post_sendorder_placed.json': 'rest:sendorder',
  'http_post_sendorder_executed.json': 'rest:sendorder',
  'http_post_sendorder_insufficientAvailableFunds.json': 'rest:sendorder',
  'http_post_sendorder_postWouldExecute.json': 'rest:sendorder',
  'http_post_sendorder_trigger_placed.json': 'rest:sendorder',
  'http_post_sendorder_trigger_unknown_signal.json': 'rest:sendorder',
  'http_post_editorder.json': 'rest:editorder',
  'http_post_editorder_orderForEditNotFound.json': 'rest:editorder',
  'http_post_cancelorder.json': 'rest:cancelorder',
  'http_post_cancelorder_notFound.json': 'rest:cancelorder',
  'http_post_cancelallorders.json': 'rest:cancelallorders',
  'http_post_cancelallorders_noOrdersToCancel.json': 'rest:cancelallorders',
  'http_post_cancelallordersafter.json': 'rest:cancelallordersafter',
  'http_post_cancelallordersafter_disarmed.json': 'rest:cancelallordersafter',
  'http_post_batchorder.json': 'rest:batchorder',
  'http_get_openorders.json': 'rest:openorders',
  'http_post_ordersstatus.json': 'rest:ordersStatus',
  'http_get_fills.json': 'rest:fills',
  'http_get_fills_unknown_filltype.json': 'rest:fills',
  'http_get_openpositions.json': 'rest:openpositions',
  'http_get_accounts.json': 'rest:accounts',
  'http_get_leveragepreferences.json': 'rest:getLeveragePreferences',
  'http_put_leveragepreferences.json': 'rest:setLeveragePreferences',
  'http_get_history-orders.json': 'history:orders',
  'http_get_history-executions.json': 'history:executions',
  'http_get_history-triggers.json': 'history:triggers',
  'http_get_market-executions.json': 'history:marketExecutions',
  'http_get_history-positions.json': 'history:positions',
  'http_get_account-log.json': 'history:accountLog',
  'http_get_candles_trade.json': 'charts:candles',
  'http_get_candles_mark.json': 'charts:candles',
  'http_get_candles_spot.json': 'charts:candles',
  'http_get_candles_trade_fractional_volume.json': 'charts:candles',
  'http_get_ticktypes.json': 'charts:tickTypes',
  'http_get_symbols.json': 'charts:symbols',
  'http_get_resolutions.json': 'charts:resolutions',
};

// Error bodies: file → [operation it answered, expected error class].
const OWN_ERRORS: Readonly<Record<string, readonly [Op, typeof KrakenApiError]>> = {
  'http_post_sendorder_error_apiLimitExceeded.json': ['rest:sendorder', KrakenRateLimitError],
  'http_get_openorders_error_nonceBelowThreshold.json': ['rest:openorders', KrakenNonceError],
  'http_get_openorders_error_nonceDuplicate.json': ['rest:openorders', KrakenNonceError],
  'http_get_accounts_error_authenticationError.json': ['rest:accounts', KrakenAuthError],
  'http_post_editorder_error_invalidArgument.json': ['rest:editorder', KrakenApiError],
  'http_get_history-orders_error_rate-limited.json': ['history:orders', KrakenRateLimitError],
  'http_get_history-orders_error_unauthorized.json': ['history:orders', KrakenAuthError],
  'http_get_history-executions_error_errors.json': ['history:executions', KrakenApiError],
};

describe('own Futures fixtures (fixtures/futures/http)', () => {
  it('lists every fixture file exactly once', () => {
    const files = readdirSync(OWN_DIR)
      .filter((f) => f.endsWith('.json'))
      .sort();
    expect(files).toEqual([...Object.keys(OWN_SUCCESS), ...Object.keys(OWN_ERRORS)].sort());
  });

  for (const [file, op] of Object.entries(OWN_SUCCESS)) {
    it(`${file} validates as ${op}`, () => {
      const { ok, errors } = validate(op, load(OWN_DIR, file));
      expect(errors ?? null).toBeNull();
      expect(ok).toBe(true);
    });
  }

  for (const [file, [op, cls]] of Object.entries(OWN_ERRORS)) {
    it(`${file} is not a ${op} result and decodes to ${cls.name}`, () => {
      const text = readFileSync(path.join(OWN_DIR, file), 'utf8');
      expect(validate(op, parseVenueJson(text)).ok).toBe(false);
      const status = file.includes('rate-limited') ? 429 : file.includes('unauthorized') ? 401 : 200;
      let thrown: unknown;
      try {
        decodeFuturesResponse({ status, headers: {}, text }, '/x');
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(cls);
      if (cls === KrakenApiError) expect((thrown as object).constructor).toBe(KrakenApiError);
    });
  }
});

describe('decimals and tolerance in own fixtures', () => {
  it('keeps exact decimal text of JSON-number prices and sizes (trailing zeros, exponents)', () => {
    const book = load(OWN_DIR, 'http_get_orderbook.json') as { orderBook: { bids: string[][] } };
    expect(validate('rest:orderbook', book).ok).toBe(true);
    expect(book.orderBook.bids[1]).toEqual(['67430.5', '0.00010000']);
    const tickers = load(OWN_DIR, 'http_get_tickers.json') as { tickers: Array<{ fundingRate?: string; lastSize?: string }> };
    expect(validate('rest:tickers', tickers).ok).toBe(true);
    expect(tickers.tickers[0]?.fundingRate).toBe('-1.2345e-07');
    expect(tickers.tickers[0]?.lastSize).toBe('0.0150');
  });

  it('normalises integer decimals to strings (instruments tickSize 1)', () => {
    const body = load(OWN_DIR, 'http_get_instruments.json') as {
      instruments: Array<{ tickSize: unknown; contractValueTradePrecision: unknown }>;
    };
    expect(validate('rest:instruments', body).ok).toBe(true);
    expect(body.instruments[0]?.tickSize).toBe('1');
    expect(body.instruments[0]?.contractValueTradePrecision).toBe(4);
  });

  it('keeps an unknown trigger signal instead of failing the send response', () => {
    const body = load(OWN_DIR, 'http_post_sendorder_trigger_unknown_signal.json') as {
      sendStatus: { orderEvents: Array<{ orderTrigger: { triggerSignal: string; limitPrice: unknown } }> };
    };
    expect(validate('rest:sendorder', body).ok).toBe(true);
    expect(body.sendStatus.orderEvents[0]?.orderTrigger.triggerSignal).toBe('index_price_twap');
    expect(body.sendStatus.orderEvents[0]?.orderTrigger.limitPrice).toBeNull();
  });

  it('keeps fillType "assignee" and an unknown future fillType', () => {
    const fills = load(OWN_DIR, 'http_get_fills.json') as { fills: Array<{ fillType: string }> };
    expect(validate('rest:fills', fills).ok).toBe(true);
    expect(fills.fills.map((f) => f.fillType)).toEqual(['maker', 'taker', 'assignee']);
    const unknown = load(OWN_DIR, 'http_get_fills_unknown_filltype.json') as { fills: Array<{ fillType: string }> };
    expect(validate('rest:fills', unknown).ok).toBe(true);
    expect(unknown.fills[0]?.fillType).toBe('blockTrade');
  });

  it('accepts an untouched trigger order without unfilledSize', () => {
    const body = load(OWN_DIR, 'http_get_openorders.json') as { openOrders: Array<Record<string, unknown>> };
    expect(validate('rest:openorders', body).ok).toBe(true);
    const tp = body.openOrders[1]!;
    expect(tp['orderType']).toBe('take_profit');
    expect('unfilledSize' in tp).toBe(false);
  });

  it('keeps account-log amounts exact (JSON numbers there) and nulls as null', () => {
    const body = load(OWN_DIR, 'http_get_account-log.json') as { logs: Array<Record<string, unknown>> };
    expect(validate('history:accountLog', body).ok).toBe(true);
    expect(body.logs[0]?.['old_balance']).toBe('8000.00');
    expect(body.logs[1]?.['realized_funding']).toBe('-0.0073428045972263895');
    expect(body.logs[1]?.['fee']).toBeNull();
  });

  it('keeps an unknown history trigger signal', () => {
    const body = load(OWN_DIR, 'http_get_history-triggers.json') as {
      elements: Array<{ event: { OrderTriggerPlaced: { order: { triggerOptions: { triggerSignal: string } } } } }>;
    };
    expect(validate('history:triggers', body).ok).toBe(true);
    expect(body.elements[1]?.event.OrderTriggerPlaced.order.triggerOptions.triggerSignal).toBe('IndexTwapPrice');
  });

  it('still rejects a wrong type: a float-free schema refuses an object where a price belongs', () => {
    const body = load(OWN_DIR, 'http_get_orderbook.json') as { orderBook: { bids: unknown[][] } };
    body.orderBook.bids[0]![0] = { price: 1 };
    expect(validate('rest:orderbook', body).ok).toBe(false);
  });

  it('refuses a response that lacks its data field', () => {
    expect(validate('rest:sendorder', { result: 'success', serverTime: '2026-05-27T10:00:00.000Z' }).ok).toBe(false);
  });
});

// Third-party recordings (NautilusTrader test data, see ../shared/fixtures/kraken/SOURCES.md).
const SHARED_VALID: Readonly<Record<string, Op>> = {
  'http_cancel_order_futures.json': 'rest:cancelorder',
  'http_futures_candles_mark.json': 'charts:candles',
  'http_futures_candles_spot.json': 'charts:candles',
  'http_futures_candles_trade.json': 'charts:candles',
  'http_futures_fills.json': 'rest:fills',
  // Recorded against `/derivatives/api/v4/historicalfundingrates` and without `serverTime`; the
  // body shape is the documented v3 one, and `serverTime` is optional in our schema.
  'http_futures_historical_funding_rates.json': 'rest:historicalfundingrates',
  'http_futures_instrument_no_fee_schedule.json': 'rest:instruments',
  'http_futures_instruments.json': 'rest:instruments',
  'http_futures_open_orders.json': 'rest:openorders',
  'http_futures_open_positions.json': 'rest:openpositions',
  'http_futures_orderbook.json': 'rest:orderbook',
  'http_futures_public_executions.json': 'history:marketExecutions',
  'http_futures_tickers.json': 'rest:tickers',
  'http_send_order_futures.json': 'rest:sendorder',
  'http_send_order_futures_unknown_trigger.json': 'rest:sendorder',
};

// Contradict the documented format: named, with the reason, and the schema is not loosened.
const SHARED_CONTRADICTING: Readonly<Record<string, readonly [Op, string]>> = {
  'http_futures_order_events.json': [
    'history:orders',
    'labelled GET /api/history/v2/orders, but shaped {serverTime, orderEvents[]} (the sendorder event list) instead of ' +
      'the history event list {len, elements[{uid, timestamp, event}]}; also uses an undocumented event type FILL and non-UUID ids',
  ],
  'http_futures_order_events_unknown.json': [
    'history:orders',
    'same non-history shape {serverTime, orderEvents[]} as http_futures_order_events.json (no len/elements)',
  ],
};

describe.skipIf(!sharedReferencePresent(SHARED_DIR))(
  'third-party Futures recordings (../shared/fixtures/kraken/futures/http; skipped when that folder is absent)',
  () => {
    it('covers every shared Futures HTTP file', () => {
      const files = readdirSync(SHARED_DIR)
        .filter((f) => f.endsWith('.json'))
        .sort();
      expect(files).toEqual([...Object.keys(SHARED_VALID), ...Object.keys(SHARED_CONTRADICTING)].sort());
    });

    for (const [file, op] of Object.entries(SHARED_VALID)) {
      it(`${file} validates as ${op}`, () => {
        const { ok, errors } = validate(op, load(SHARED_DIR, file));
        expect(errors ?? null).toBeNull();
        expect(ok).toBe(true);
      });
    }

    for (const [file, [op, why]] of Object.entries(SHARED_CONTRADICTING)) {
      it(`${file} contradicts the documented ${op} format: ${why}`, () => {
        expect(validate(op, load(SHARED_DIR, file)).ok).toBe(false);
      });
    }

    it('keeps the unknown trigger type/side/signal and tolerates missing limitPrice/clientId', () => {
      const body = load(SHARED_DIR, 'http_send_order_futures_unknown_trigger.json') as {
        sendStatus: { orderEvents: Array<{ orderTrigger: Record<string, unknown> }> };
      };
      expect(validate('rest:sendorder', body).ok).toBe(true);
      const trig = body.sendStatus.orderEvents[0]!.orderTrigger;
      expect([trig['type'], trig['triggerSide'], trig['triggerSignal']]).toEqual(['unknown', 'unknown', 'unknown']);
      expect(trig['quantity']).toBe('1.0');
    });

    it('keeps undocumented extra fill fields (fee_paid, cli_ord_id) with exact decimals', () => {
      const body = load(SHARED_DIR, 'http_futures_fills.json') as { fills: Array<Record<string, unknown>> };
      expect(validate('rest:fills', body).ok).toBe(true);
      expect(body.fills[0]?.['fee_paid']).toBe('0.00008957');
      expect(body.fills[1]?.['cli_ord_id']).toBe('my-order-ref-456');
      expect(body.fills[0]?.['size']).toBe('5000.0');
    });

    it('accepts string candle volumes as decimals', () => {
      const body = load(SHARED_DIR, 'http_futures_candles_trade.json') as { candles: Array<{ volume: unknown }> };
      expect(validate('charts:candles', body).ok).toBe(true);
      expect(body.candles[0]?.volume).toBe('319499');
    });
  },
);
