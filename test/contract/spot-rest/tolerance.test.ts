/**
 * Responses are tolerant (unknown fields kept, enums open) but still typed: a wrong type fails
 * with an error path that points at the offending field (schemas/README.md "Responses are
 * tolerant, requests are strict").
 */
import { describe, expect, it } from 'vitest';
import { KrakenValidationError } from '../../../src/core/errors.js';
import { validateOrThrow } from '../../../src/transport/validation.js';
import { responseValidators } from '../../../generated/spot-rest/validators.gen.js';
import { loadResult } from './fixture-files.js';

const OPEN_ID = 'OQCLML-BW3P3-BUCMWZ';

function openOrders(): { open: Record<string, Record<string, unknown>> } & Record<string, unknown> {
  return loadResult('http_post_open_orders.json') as { open: Record<string, Record<string, unknown>> };
}

describe('unknown fields are kept', () => {
  it('on the result, on an order and inside descr', () => {
    const result = openOrders();
    result['next_cursor'] = 'abc';
    const order = result.open[OPEN_ID]!;
    order['sender_sub_id'] = 'desk-7';
    order['future_field'] = { nested: [1, '2.50'] };
    (order['descr'] as Record<string, unknown>)['display_hint'] = 'x';

    expect(responseValidators.OpenOrders(result)).toBe(true);
    expect(result['next_cursor']).toBe('abc');
    expect(order['future_field']).toEqual({ nested: [1, '2.50'] });
    expect((order['descr'] as Record<string, unknown>)['display_hint']).toBe('x');
  });
});

describe('response enums are open', () => {
  it('accepts order status, order type and trigger values this schema does not know', () => {
    const result = openOrders();
    const order = result.open[OPEN_ID]!;
    order['status'] = 'held';
    order['trigger'] = 'mark';
    (order['descr'] as Record<string, unknown>)['ordertype'] = 'pegged-limit';
    expect(responseValidators.OpenOrders(result)).toBe(true);
    expect(order['status']).toBe('held');
  });

  it('accepts a new system status', () => {
    expect(responseValidators.SystemStatus({ status: 'degraded', timestamp: '2026-01-01T00:00:00Z' })).toBe(true);
  });

  it('still rejects a non-string in an enum position', () => {
    const validate = responseValidators.SystemStatus;
    expect(validate({ status: 1, timestamp: '2026-01-01T00:00:00Z' })).toBe(false);
    expect(validate.errors?.[0]?.instancePath).toBe('/status');
  });
});

describe('wrong types fail with a useful path', () => {
  it('a boolean where the volume decimal belongs', () => {
    const result = openOrders();
    result.open[OPEN_ID]!['vol'] = true;
    const validate = responseValidators.OpenOrders;
    expect(validate(result)).toBe(false);
    expect(validate.errors?.[0]?.instancePath).toBe(`/open/${OPEN_ID}/vol`);
  });

  it('an array where the descr object belongs', () => {
    const result = openOrders();
    result.open[OPEN_ID]!['descr'] = ['buy', 'limit'];
    const validate = responseValidators.OpenOrders;
    expect(validate(result)).toBe(false);
    expect(validate.errors?.[0]?.instancePath).toBe(`/open/${OPEN_ID}/descr`);
  });

  it('an object where book levels belong', () => {
    const result = loadResult('http_get_depth.json');
    (result['XXBTZUSD'] as Record<string, unknown>)['asks'] = { '30384.1': '2.059' };
    const validate = responseValidators.Depth;
    expect(validate(result)).toBe(false);
    expect(validate.errors?.[0]?.instancePath).toBe('/XXBTZUSD/asks');
  });

  it('a missing required field is named', () => {
    const result = openOrders();
    delete result.open[OPEN_ID]!['vol_exec'];
    const validate = responseValidators.OpenOrders;
    expect(validate(result)).toBe(false);
    expect(validate.errors?.[0]?.params).toMatchObject({ missingProperty: 'vol_exec' });
  });

  it('validateOrThrow turns the failure into a KrakenValidationError carrying the path', () => {
    const result = loadResult('http_get_ticker.json');
    (result['XXBTZUSD'] as Record<string, unknown>)['t'] = ['34619', 38907];
    let caught: unknown;
    try {
      validateOrThrow(responseValidators.Ticker, result, 'Ticker result', 'Ticker');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(KrakenValidationError);
    const err = caught as KrakenValidationError;
    expect(err.issues[0]?.path).toBe('/XXBTZUSD/t/0');
    expect(err.message).toContain('/XXBTZUSD/t/0');
  });
});
