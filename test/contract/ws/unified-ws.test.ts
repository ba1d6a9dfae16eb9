/**
 * Kraken's Unified WebSocket (UWS): every fixture we wrote from the documented formats
 * (fixtures/unified-ws, full envelopes, one variant per file) decodes with parseVenueJson and
 * validates against its generated validator; outgoing ones re-encode to their own text; the
 * derivatives numbers keep their exact digits; and deliberately wrong messages are refused.
 */
import path from 'node:path';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as encoders from '../../../generated/unified-ws/encoders.gen.js';
import { incomingByChannel, requestsByMethod, responsesByMethod } from '../../../generated/unified-ws/routes.gen.js';
import { messageValidators, type MessageTitle } from '../../../generated/unified-ws/validators.gen.js';
import { responseValidators } from '../../../generated/unified-ws/incoming-validators.gen.js';
import type { AmendOrderResponse, PositionsMessage } from '../../../generated/unified-ws/types.gen.js';
import { KrakenValidationError } from '../../../src/core/errors.js';
import { ownEntry } from '../../../src/transport/ws/frame-validation.js';
import { issuesOf } from '../../../src/transport/validation.js';
import { at, decode, directionOf, listFixtures, minify, repoRoot } from './ws-fixtures.js';

const dir = path.join(repoRoot, 'fixtures/unified-ws');
const fixture = (file: string) => decode(readFileSync(path.join(dir, file), 'utf8'));
const TOKEN = 'G38a1tGFzqGiUCmnegBcm8d4nfP3tytiNQz6tkCBYXY';
const ENCODERS: Readonly<Record<string, (message: never) => string>> = { ...encoders };

/** Schema title → its `x-kraken-type` (margin sections, snapshot/update splits). */
const typeOfTitle = new Map<string, string>();
for (const file of readdirSync(path.join(repoRoot, 'schemas/unified-ws'))) {
  const schema = JSON.parse(readFileSync(path.join(repoRoot, 'schemas/unified-ws', file), 'utf8')) as Record<string, unknown>;
  if (typeof schema['title'] === 'string' && typeof schema['x-kraken-type'] === 'string')
    typeOfTitle.set(schema['title'], schema['x-kraken-type']);
}

/** The title a payload belongs to, routed as a client would: by `method` (out), `channel` and `type`, or `method` (in). */
function titleOf(file: string, payload: Record<string, unknown>): MessageTitle | undefined {
  const { channel, method, type } = payload;
  if (directionOf(file) === 'out') return typeof method === 'string' ? ownEntry<MessageTitle>(requestsByMethod, method) : undefined;
  if (typeof channel === 'string') {
    const candidates = ownEntry<readonly MessageTitle[]>(incomingByChannel, channel) ?? [];
    return candidates.length === 1 ? candidates[0] : candidates.find((t) => typeOfTitle.get(t) === type);
  }
  if (typeof method === 'string') return ownEntry<readonly MessageTitle[]>(responsesByMethod, method)?.[0];
  return undefined;
}

/** Validates in place; the issues, or [] when valid. */
function issues(title: MessageTitle, payload: unknown): string[] {
  const validator = messageValidators[title];
  return validator(payload) ? [] : issuesOf(validator).map((i) => `${i.path || '/'} ${i.message}`);
}

describe('UWS fixtures validate against the generated validators', () => {
  const fixtures = listFixtures(dir);
  it('there are fixtures in both directions', () => {
    expect(fixtures.filter((f) => directionOf(f.file) === 'out').length).toBeGreaterThan(20);
    expect(fixtures.filter((f) => directionOf(f.file) === 'in').length).toBeGreaterThan(40);
  });

  for (const fx of fixtures) {
    it(`${fx.file} validates`, () => {
      const payload = decode(fx.text);
      const title = titleOf(fx.file, payload);
      expect(title, `nothing routes ${fx.file}`).toBeDefined();
      expect(issues(title!, payload)).toEqual([]);
    });
  }

  it('every schema title has at least one fixture', () => {
    const have = new Set(fixtures.map((fx) => titleOf(fx.file, decode(fx.text))));
    expect(Object.keys(messageValidators).filter((t) => !have.has(t as MessageTitle))).toEqual([]);
  });

  it('every outgoing fixture re-encodes to its own text, numbers as bare tokens', () => {
    const sends = fixtures.filter((f) => directionOf(f.file) === 'out');
    for (const fx of sends) {
      const payload = decode(fx.text);
      const title = titleOf(fx.file, payload)!;
      const encode = ownEntry(ENCODERS, `encode${title}`);
      expect(encode, `no encoder for ${title}`).toBeTypeOf('function');
      expect(encode!(payload as never), fx.file).toBe(minify(fx.text));
    }
  });
});

describe('UWS derivatives numbers decode exactly', () => {
  it('positions: size and entry_price (JSON numbers) keep their digits, signs and trailing zeros', () => {
    const msg = fixture('ws_recv_positions_snapshot.json');
    expect(issues('PositionsMessage', msg)).toEqual([]);
    expect(at(msg, 'data', 'futures', 0)).toMatchObject({ size: '0.0150', entry_price: '61031.5', unrealized_funding: '0.0000312' });
    expect(at(msg, 'data', 'futures', 1, 'size')).toBe('-1.250');
  });

  it('the generated guards narrow to the UWS types, decimals typed as strings', () => {
    const msg: unknown = fixture('ws_recv_positions_snapshot.json');
    if (!messageValidators.PositionsMessage(msg)) throw new Error('fixture refused');
    expectTypeOf(msg).toEqualTypeOf<PositionsMessage>();
    expectTypeOf(msg.data.futures[0]!.size).toEqualTypeOf<string>();
    expect(msg.data.futures[0]!.size).toBe('0.0150');
    const ack: unknown = fixture('ws_recv_amend_order.json');
    if (!responseValidators.amend_order(ack)) throw new Error('fixture refused');
    expectTypeOf(ack).toEqualTypeOf<AmendOrderResponse>();
    expect(ack.result?.amend_id).toBe('');
  });

  it('a closed position arrives as size 0, normalised to the text "0"', () => {
    const msg = fixture('ws_recv_positions_update_closed.json');
    expect(issues('PositionsMessage', msg)).toEqual([]);
    expect(at(msg, 'data', 'futures', 0, 'size')).toBe('0');
  });

  it('book levels and the ohlc mark candle keep their exact text', () => {
    const book = fixture('ws_recv_book_snapshot.json');
    expect(issues('BookSnapshot', book)).toEqual([]);
    expect(at(book, 'data', 0, 'asks', 4)).toEqual({ price: '61036.5', qty: '12.0000' });
    const mark = fixture('ws_recv_ohlc_mark.json');
    expect(issues('OhlcMessage', mark)).toEqual([]);
    expect(at(mark, 'data', 0)).toMatchObject({ tick_type: 'mark', close: '61029.84', volume: '0' });
  });

  it('the documented amend example: 490795 and 1.2 go out as 490795 and 1.2', () => {
    const text = encoders.encodeAmendOrderRequest({
      method: 'amend_order',
      params: {
        asset_class: 'derivatives',
        cl_ord_id: '2c6be801-1f53-4f79-a0bb-4ea1c95dfae9',
        limit_price: '490795',
        order_qty: '1.2',
        token: TOKEN,
      },
    });
    expect(text).toBe(
      `{"method":"amend_order","params":{"asset_class":"derivatives","cl_ord_id":"2c6be801-1f53-4f79-a0bb-4ea1c95dfae9","limit_price":490795,"order_qty":1.2,"token":"${TOKEN}"}}`,
    );
  });

  it('the status connection_id beyond 2^53 is carried as exact text', () => {
    const msg = fixture('ws_recv_status.json');
    expect(issues('StatusMessage', msg)).toEqual([]);
    expect(at(msg, 'data', 0, 'connection_id')).toBe('13834774380200032777');
  });
});

/** A fixture with one change: `edit` mutates a decoded copy. */
function altered(file: string, edit: (m: Record<string, unknown>) => void): Record<string, unknown> {
  const msg = fixture(file);
  edit(msg);
  return msg;
}
const params = (m: Record<string, unknown>) => m['params'] as Record<string, unknown>;

describe('UWS validators refuse wrong messages', () => {
  // [what, title, payload, an issue that must be among those reported ("path message" prefix)]
  const refusals: [string, MessageTitle, Record<string, unknown>, string][] = [
    [
      'order_userref on a derivatives order (not available for derivatives)',
      'AddOrderRequest',
      altered('ws_send_add_order_limit.json', (m) => {
        delete params(m)['cl_ord_id'];
        params(m)['order_userref'] = 7;
      }),
      '/params/order_userref boolean schema is false',
    ],
    [
      'an iceberg order type (absent from UWS)',
      'AddOrderRequest',
      altered('ws_send_add_order_limit.json', (m) => {
        params(m)['order_type'] = 'iceberg';
      }),
      '/params/order_type must be equal to one of the allowed values',
    ],
    [
      'a stop-loss without triggers',
      'AddOrderRequest',
      altered('ws_send_add_order_stop_loss.json', (m) => {
        delete params(m)['triggers'];
      }),
      "/params must have required property 'triggers'",
    ],
    [
      'an add_order without asset_class',
      'AddOrderRequest',
      altered('ws_send_add_order_market.json', (m) => {
        delete params(m)['asset_class'];
      }),
      "/params must have required property 'asset_class'",
    ],
    [
      'display_qty in a derivatives batch row',
      'BatchAddRequest',
      altered('ws_send_batch_add.json', (m) => {
        (params(m)['orders'] as Record<string, unknown>[])[0]!['display_qty'] = '0.001';
      }),
      '/params/orders/0/display_qty boolean schema is false',
    ],
    [
      'a batch of one order (2 to 15)',
      'BatchAddRequest',
      altered('ws_send_batch_add.json', (m) => {
        (params(m)['orders'] as unknown[]).pop();
      }),
      '/params/orders must NOT have fewer than 2 items',
    ],
    [
      'cancel_order naming both order_id and cl_ord_id',
      'CancelOrderRequest',
      altered('ws_send_cancel_order.json', (m) => {
        params(m)['cl_ord_id'] = ['x'];
      }),
      '/params must NOT be valid',
    ],
    [
      'amend_order naming both order_id and cl_ord_id',
      'AmendOrderRequest',
      altered('ws_send_amend_order.json', (m) => {
        params(m)['cl_ord_id'] = 'x';
      }),
      '/params must NOT be valid',
    ],
    [
      'a derivatives cancel by a Spot-style order id (derivatives ids are UUIDs)',
      'CancelOrderRequest',
      altered('ws_send_cancel_order.json', (m) => {
        params(m)['order_id'] = ['OQCLML-BW3P3-BUCMWZ'];
      }),
      '/params/order_id/0 must match pattern',
    ],
    [
      'a derivatives amend by a Spot-style order id',
      'AmendOrderRequest',
      altered('ws_send_amend_order.json', (m) => {
        params(m)['order_id'] = 'OQCLML-BW3P3-BUCMWZ';
      }),
      '/params/order_id must match pattern',
    ],
    [
      'a derivatives batch_cancel by a Spot-style order id',
      'BatchCancelRequest',
      altered('ws_send_batch_cancel.json', (m) => {
        params(m)['orders'] = ['OQCLML-BW3P3-BUCMWZ'];
      }),
      '/params/orders/0 must match pattern',
    ],
    [
      'a margin subscription with snapshot (Kraken refuses it)',
      'SubscribeRequest',
      altered('ws_send_subscribe_margin.json', (m) => {
        params(m)['snapshot'] = true;
      }),
      "/params must NOT have additional properties: 'snapshot'",
    ],
    [
      'a positions subscription with both snapshot and with_margin',
      'SubscribeRequest',
      altered('ws_send_subscribe_positions_with_margin.json', (m) => {
        params(m)['snapshot'] = false;
      }),
      '/params must NOT be valid',
    ],
    [
      'an ohlc tick_type that is not trade, mark or spot',
      'SubscribeRequest',
      altered('ws_send_subscribe_ohlc_mark.json', (m) => {
        params(m)['tick_type'] = 'index';
      }),
      '/params/tick_type must be equal to one of the allowed values',
    ],
    [
      'a position size that is a float, not exact decimal text',
      'PositionsMessage',
      altered('ws_recv_positions_snapshot.json', (m) => {
        ((m['data'] as Record<string, unknown[]>)['futures']![0] as Record<string, unknown>)['size'] = 0.015;
      }),
      '/data/futures/0/size must be a decimal',
    ],
    [
      'a positions message without its futures list',
      'PositionsMessage',
      altered('ws_recv_positions_snapshot.json', (m) => {
        delete (m['data'] as Record<string, unknown>)['futures'];
      }),
      "/data must have required property 'futures'",
    ],
    [
      'a book update without symbol',
      'BookUpdate',
      altered('ws_recv_book_update.json', (m) => {
        delete (m['data'] as Record<string, unknown>[])[0]!['symbol'];
      }),
      "/data/0 must have required property 'symbol'",
    ],
  ];

  for (const [what, title, payload, expected] of refusals) {
    it(`refuses ${what}`, () => {
      const found = issues(title, payload);
      expect(found.length, 'the validator accepted it').toBeGreaterThan(0);
      expect(
        found.some((issue) => issue.startsWith(expected)),
        found.join('; '),
      ).toBe(true);
    });
  }

  it('a margin frame whose type is neither section matches no margin schema', () => {
    const msg = altered('ws_recv_margin_multi_collateral.json', (m) => {
      m['type'] = 'snapshot';
    });
    expect(issues('MarginMultiCollateral', msg)).not.toEqual([]);
    expect(issues('MarginSingleCollateral', structuredClone(msg))).not.toEqual([]);
  });

  it('the generated encoder refuses a bad request before anything is sent', () => {
    const bad = { method: 'cancel_all', params: { asset_class: 'futures', token: TOKEN } } as never;
    expect(() => encoders.encodeCancelAllRequest(bad)).toThrow(KrakenValidationError);
  });
});
