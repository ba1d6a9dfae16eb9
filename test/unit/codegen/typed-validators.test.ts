/**
 * The generated validators are type guards, and their tables are typed per message title and per
 * method or operation, so callers narrow without casts. The `expectTypeOf` lines are checked by
 * `npm run typecheck` (tsc covers test/); the `@ts-expect-error` lines fail it if a table ever
 * accepts what it should not. The runtime assertions pin what the guarded type promises: the
 * type is the data *after* validation, with decimals rewritten to strings in place.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  responseValidators as spotRestResponses,
  requestValidators as spotRestRequests,
} from '../../../generated/spot-rest/validators.gen.js';
import type { SpotRestRequests, SpotRestResults, TickerResult } from '../../../generated/spot-rest/types.gen.js';
import { responseValidators as futuresRestResponses } from '../../../generated/futures-rest/validators.gen.js';
import type { FuturesRestResults } from '../../../generated/futures-rest/types.gen.js';
import { messageValidators as spotWs } from '../../../generated/spot-ws-v2/validators.gen.js';
import { responseValidators as spotWsResponses } from '../../../generated/spot-ws-v2/incoming-validators.gen.js';
import { requestValidators as spotWsRequests } from '../../../generated/spot-ws-v2/outgoing-validators.gen.js';
import type { ChannelMessages, MethodResponses, ResponseMethod } from '../../../generated/spot-ws-v2/routes.gen.js';
import type {
  AddOrderRequest,
  AddOrderResponse,
  BookSnapshot,
  BookUpdate,
  CancelOrderResponse,
  SubscribeResponse,
  TickerMessage,
} from '../../../generated/spot-ws-v2/types.gen.js';
import { messageValidators as futuresWs } from '../../../generated/futures-ws/validators.gen.js';
import type { TickerMessage as FuturesTicker } from '../../../generated/futures-ws/types.gen.js';
import { KrakenValidationError } from '../../../src/core/errors.js';
import { parseVenueJson } from '../../../src/core/json.js';
import { validateSpotChannelFrame, validateSpotResponse } from '../../../src/kraken/spot/ws/frame-validation.js';
import type { KrakenSpotWsClient } from '../../../src/kraken/spot/ws/spot-ws-client.js';
import type { SpotWsReply } from '../../../src/kraken/spot/ws/types.js';
import { validateOrThrow, type Validator, type ValidatorError } from '../../../src/transport/validation.js';

/** Only a type-level handle: `typeof` on it instantiates the generic `request` per method. */
declare const _client: KrakenSpotWsClient;
type CancelCall = typeof _client.request<'cancel_order'>;
type AddCall = typeof _client.request<'add_order'>;

/** One of our documented-format fixtures, decoded as the clients decode the wire. */
function fixture(path: string): Record<string, unknown> {
  return parseVenueJson(readFileSync(new URL(`../../../fixtures/${path}`, import.meta.url), 'utf8')) as Record<string, unknown>;
}

/** What a generic caller does: index a per-method table with `M` and validate. */
function answerOf<M extends ResponseMethod>(method: M, data: unknown): MethodResponses[M] {
  return validateOrThrow(spotWsResponses[method], data, `a ${method} answer`);
}

describe('generated validators are type guards', () => {
  it('a WS message validator narrows unknown data to its message type, decimals as strings', () => {
    expectTypeOf(spotWs.BookSnapshot).toEqualTypeOf<Validator<BookSnapshot>>();
    const data: unknown = {
      channel: 'book',
      type: 'snapshot',
      data: [{ symbol: 'BTC/USD', bids: [{ price: 105944, qty: '0.5' }], asks: [], checksum: 1 }],
    };
    if (!spotWs.BookSnapshot(data)) throw new Error(JSON.stringify(spotWs.BookSnapshot.errors));
    expectTypeOf(data).toEqualTypeOf<BookSnapshot>();
    expectTypeOf(data.data[0]!.bids[0]!.price).toEqualTypeOf<string>();
    // The guarded type is the post-validation type: the integer price was rewritten in place.
    expect(data.data[0]!.bids[0]!.price).toBe('105944');
  });

  it("a failed guard leaves ajv's errors reachable on the same function", () => {
    expectTypeOf(spotWs.TickerMessage.errors).toEqualTypeOf<readonly ValidatorError[] | null | undefined>();
    const ticker = fixture('spot/ws/ws_recv_ticker_update.json');
    expect(spotWs.TickerMessage(ticker)).toBe(true);
    (ticker['data'] as Record<string, unknown>[])[0]!['last'] = 1.5; // a float, never a decimal
    expect(spotWs.TickerMessage(ticker)).toBe(false);
    expect(spotWs.TickerMessage.errors?.[0]?.instancePath).toBe('/data/0/last');
  });

  it('REST tables are typed per operation: request as sent, result after validation', () => {
    expectTypeOf(spotRestResponses.Ticker).toEqualTypeOf<Validator<SpotRestResults['Ticker']>>();
    expectTypeOf<SpotRestResults['Ticker']>().toEqualTypeOf<TickerResult>();
    expectTypeOf(spotRestRequests.AddOrder).toEqualTypeOf<Validator<SpotRestRequests['AddOrder']>>();
    expectTypeOf<SpotRestRequests['AddOrder']>().toHaveProperty('nonce');
    expectTypeOf(futuresRestResponses.tickers).toEqualTypeOf<Validator<FuturesRestResults['tickers']>>();

    const ticker = validateOrThrow(spotRestResponses.Ticker, fixture('spot/http/http_get_ticker.json')['result'], 'Ticker');
    expectTypeOf(ticker).toEqualTypeOf<TickerResult>();
    const [pair] = Object.values(ticker);
    expect(typeof pair?.a[0]).toBe('string');
  });

  it('a table indexed by a generic method gives that method’s type, and refuses another method’s message', () => {
    expectTypeOf(answerOf<'subscribe'>).returns.toEqualTypeOf<SubscribeResponse>();
    expectTypeOf(answerOf<'add_order'>).returns.toEqualTypeOf<AddOrderResponse>();
    expectTypeOf(spotWsRequests.add_order).toEqualTypeOf<Validator<AddOrderRequest>>();

    const ack = answerOf('add_order', { method: 'add_order', success: true, req_id: 7, result: { order_id: 'O1' } });
    expect(ack.result?.order_id).toBe('O1');
    expect(() => answerOf('add_order', { method: 'cancel_all', success: true, req_id: 7 })).toThrow(KrakenValidationError);
  });

  it('frame checks narrow to the channel’s or method’s message union', () => {
    const book = validateSpotChannelFrame(
      'book',
      {
        channel: 'book',
        type: 'update',
        data: [{ symbol: 'BTC/USD', bids: [], asks: [], checksum: 5, timestamp: '2026-01-01T00:00:00.000000Z' }],
      },
      'ws://x',
    );
    expect(book.valid).toBe(true);
    if (book.valid) {
      expectTypeOf(book.message).toEqualTypeOf<ChannelMessages[keyof ChannelMessages]>();
      expectTypeOf<ChannelMessages['book']>().toEqualTypeOf<BookSnapshot | BookUpdate>();
      expect(book.message.channel).toBe('book');
      if (book.message.channel === 'book') expectTypeOf(book.message).toEqualTypeOf<BookSnapshot | BookUpdate>();
    }
    const bad = validateSpotResponse('add_order', { method: 'add_order' }, 'ws://x');
    expect(bad.valid).toBe(false);
    if (!bad.valid) expectTypeOf(bad.error).toEqualTypeOf<KrakenValidationError>();
  });

  it('the Spot WS client resolves each request with its own reply type (checked by tsc)', () => {
    expectTypeOf<SpotWsReply<'cancel_order'>>().toEqualTypeOf<CancelOrderResponse[]>();
    expectTypeOf<SpotWsReply<'add_order'>>().toEqualTypeOf<AddOrderResponse>();
    expectTypeOf<Awaited<ReturnType<CancelCall>>>().toEqualTypeOf<CancelOrderResponse[]>();
    expectTypeOf<Awaited<ReturnType<AddCall>>>().toEqualTypeOf<AddOrderResponse>();
  });

  it('refuses at compile time what it refuses at run time', () => {
    // @ts-expect-error: a validator of one message is not a validator of another.
    const wrong: Validator<TickerMessage> = spotWs.BookSnapshot;
    // @ts-expect-error: Spot and Futures tickers are different messages.
    const crossed: Validator<FuturesTicker> = spotWs.TickerMessage;
    // @ts-expect-error: no such title.
    const missing: unknown = spotWs.NoSuchMessage;
    expectTypeOf(futuresWs.TickerMessage).toEqualTypeOf<Validator<FuturesTicker>>();
    expect([wrong, crossed, missing].filter((v) => v === undefined)).toHaveLength(1);
  });
});
