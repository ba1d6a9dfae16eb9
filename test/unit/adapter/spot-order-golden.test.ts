/**
 * The Spot order golden table (fixtures/spot/golden/execution-orders.json): every order shape in,
 * the transport chosen and the exact WS v2 and REST wire bodies out; every shape Kraken cannot
 * carry denied with its reason. REST bodies are also checked against the AddOrder request schema.
 *
 * Findings pinned here (Kraken's docs, 2026):
 * - FOK travels over WS: `add_order` accepts `time_in_force: fok` for limit-price types since 2026.
 * - A leveraged order travels over REST: WS `add_order` has no leverage ratio, only `margin`
 *   (the pair's maximum), so `leverage: "N:1"` exists on REST alone.
 * - Trailing stops, icebergs and quote quantities are encoded on WS (`triggers.price_type`,
 *   `display_qty`, `cash_order_qty`).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { AssetPairsResult, AssetsResult } from '../../../generated/spot-rest/types.gen.js';
import { requestValidators, responseValidators } from '../../../generated/spot-rest/validators.gen.js';
import { chooseSpotTransport } from '../../../src/adapter/execution/spot/spot-order-entry.js';
import { prepareSpotOrder } from '../../../src/adapter/execution/spot/spot-order-prep.js';
import { parseSpotInstruments } from '../../../src/adapter/instruments/spot-instruments.js';
import { parseVenueJson } from '../../../src/core/json.js';
import type { OrderType, TimeInForce, TrailingOffsetType, TriggerType } from '../../../src/model/enums.js';
import { ClientOrderId, InstrumentId, StrategyId } from '../../../src/model/identifiers.js';
import { Order } from '../../../src/model/order.js';
import { Decimal, Price, Quantity } from '../../../src/model/values.js';
import { validateOrThrow, type Validator } from '../../../src/transport/validation.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

interface Intent {
  type: OrderType;
  side: 'BUY' | 'SELL';
  quantity: string;
  price?: string;
  triggerPrice?: string;
  triggerType?: TriggerType;
  timeInForce?: TimeInForce;
  expireTimeSecs?: number;
  postOnly?: boolean;
  reduceOnly?: boolean;
  quoteQuantity?: boolean;
  displayQty?: string;
  trailingOffset?: string;
  limitOffset?: string;
  trailingOffsetType?: TrailingOffsetType;
}
interface Case {
  name: string;
  note?: string;
  account: 'CASH' | 'MARGIN';
  defaultLeverage?: number | null;
  useWsTrade?: boolean;
  params: Record<string, string | number | boolean>;
  clientOrderId?: string;
  order: Intent;
  expect: { transport?: 'ws' | 'rest'; ws?: unknown; rest?: unknown; denied?: string };
}
const golden = JSON.parse(readFileSync(path.join(root, 'fixtures/spot/golden/execution-orders.json'), 'utf8')) as {
  clientOrderId: string;
  nowSecs: number;
  orders: Case[];
  denials: Case[];
};

function result<T>(file: string, op: 'AssetPairs' | 'Assets'): T {
  const body = parseVenueJson(readFileSync(path.join(root, file), 'utf8')) as { result: unknown };
  const validator: Validator = responseValidators[op];
  return validateOrThrow(validator, body.result, op, op) as T;
}
const parsed = parseSpotInstruments(
  result<AssetPairsResult>('fixtures/spot/http/http_get_asset_pairs.json', 'AssetPairs'),
  result<AssetsResult>('fixtures/spot/http/http_get_assets.json', 'Assets'),
  0n,
);
const info = parsed.instruments.find((i) => i.instrument.id.toString() === 'BTC/USD.KRAKEN')!;
const NOW_NS = BigInt(golden.nowSecs) * 1_000_000_000n;

function orderOf(c: Case): Order {
  const i = c.order;
  return Order.create({
    strategyId: new StrategyId('S-001'),
    instrumentId: InstrumentId.fromStr('BTC/USD.KRAKEN'),
    clientOrderId: new ClientOrderId(c.clientOrderId ?? golden.clientOrderId),
    side: i.side,
    orderType: i.type,
    quantity: Quantity.fromStr(i.quantity),
    timeInForce: i.timeInForce ?? 'GTC',
    ...(i.price === undefined ? {} : { price: Price.fromStr(i.price) }),
    ...(i.triggerPrice === undefined ? {} : { triggerPrice: Price.fromStr(i.triggerPrice) }),
    ...(i.triggerType === undefined ? {} : { triggerType: i.triggerType }),
    ...(i.expireTimeSecs === undefined ? {} : { expireTime: BigInt(i.expireTimeSecs) * 1_000_000_000n }),
    ...(i.postOnly === undefined ? {} : { postOnly: i.postOnly }),
    ...(i.reduceOnly === undefined ? {} : { reduceOnly: i.reduceOnly }),
    ...(i.quoteQuantity === undefined ? {} : { quoteQuantity: i.quoteQuantity }),
    ...(i.displayQty === undefined ? {} : { displayQty: Quantity.fromStr(i.displayQty) }),
    ...(i.trailingOffset === undefined ? {} : { trailingOffset: Decimal.fromStr(i.trailingOffset) }),
    ...(i.limitOffset === undefined ? {} : { limitOffset: Decimal.fromStr(i.limitOffset) }),
    ...(i.trailingOffsetType === undefined ? {} : { trailingOffsetType: i.trailingOffsetType }),
    tsEvent: NOW_NS,
    tsInit: NOW_NS,
  });
}

function prepare(c: Case) {
  return prepareSpotOrder(orderOf(c), c.params, {
    info,
    margin: c.account === 'MARGIN',
    defaultLeverage: c.defaultLeverage ?? null,
    nowNs: NOW_NS,
  });
}

describe('Spot order golden table', () => {
  it('covers every order type, time in force, trigger and instruction of the Spot tables', () => {
    const types = new Set(golden.orders.map((c) => c.order.type));
    expect([...types].sort()).toEqual(
      [
        'LIMIT',
        'LIMIT_IF_TOUCHED',
        'MARKET',
        'MARKET_IF_TOUCHED',
        'STOP_LIMIT',
        'STOP_MARKET',
        'TRAILING_STOP_LIMIT',
        'TRAILING_STOP_MARKET',
      ].sort(),
    );
    const tifs = new Set(golden.orders.map((c) => c.order.timeInForce ?? 'GTC'));
    expect([...tifs].sort()).toEqual(['FOK', 'GTC', 'GTD', 'IOC']);
    expect(golden.orders.some((c) => c.order.triggerType === 'INDEX_PRICE')).toBe(true);
    for (const flag of ['postOnly', 'reduceOnly', 'quoteQuantity', 'displayQty'] as const)
      expect(golden.orders.some((c) => c.order[flag] !== undefined)).toBe(true);
  });

  it.each(golden.orders.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const p = prepare(c);
    if ('reason' in p) throw new Error(`unexpectedly denied: ${p.reason}`);
    expect(p.ws).toEqual(c.expect.ws);
    expect(p.rest).toEqual(c.expect.rest);
    validateOrThrow(requestValidators['AddOrder'], { nonce: '1', ...p.rest }, 'AddOrder', 'AddOrder');
    const transport = chooseSpotTransport({ useWsTrade: c.useWsTrade ?? true, params: c.params, wsRefusals: [p.wsRefusal], wsReady: true });
    expect(transport).toBe(c.expect.transport);
    // With the WS down, every shape goes over REST.
    expect(chooseSpotTransport({ useWsTrade: true, params: c.params, wsRefusals: [p.wsRefusal], wsReady: false })).toBe('rest');
  });

  it.each(golden.denials.map((c) => [c.name, c] as const))('denied: %s', (_name, c) => {
    const p = prepare(c);
    expect('reason' in p ? p.reason : 'not denied').toBe(c.expect.denied);
  });

  it('a batch entry is the single order without its symbol / pair', () => {
    const p = prepare(golden.orders[1]!);
    if ('reason' in p) throw new Error(p.reason);
    const { symbol, ...ws } = p.ws;
    const { pair, ...rest } = p.rest;
    expect([symbol, pair]).toEqual(['BTC/USD', 'XBTUSD']);
    expect(p.wsBatchEntry).toEqual(ws);
    expect(p.restBatchEntry).toEqual(rest);
  });
});
