/**
 * What the Spot v2 and Futures incoming validators do to a decoded payload: decimals keep their
 * exact wire text, unknown fields and unknown enum values survive, wrong types fail with a path.
 */
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { at, check, decode, repoRoot } from './ws-fixtures.js';

const spotFixture = (f: string) => decode(readFileSync(path.join(repoRoot, 'fixtures/spot/ws', f), 'utf8'));
const futuresFixture = (f: string) => decode(readFileSync(path.join(repoRoot, 'fixtures/futures/ws', f), 'utf8'));

describe('Spot v2 decimals keep their exact wire text', () => {
  it('book levels: 45281.0 and 0.10000000 stay digit for digit (the checksum needs them)', () => {
    const msg = spotFixture('ws_recv_book_snapshot.json');
    expect(check('spot', 'BookSnapshot', msg).ok).toBe(true);
    expect(at(msg, 'data', 0, 'asks', 0)).toEqual({ price: '45285.2', qty: '0.00100000' });
    expect(at(msg, 'data', 0, 'bids', 3)).toEqual({ price: '45281.0', qty: '0.10000000' });
    expect(at(msg, 'data', 0, 'checksum')).toBe(3310070434);
  });

  it('ticker: 105944.20 stays "105944.20", never the float 105944.2', () => {
    const msg = spotFixture('ws_recv_ticker_snapshot.json');
    expect(check('spot', 'TickerMessage', msg).ok).toBe(true);
    expect(at(msg, 'data', 0, 'bid')).toBe('105944.20');
    expect(at(msg, 'data', 0, 'bid_qty')).toBe('0.13600000');
  });

  it('an integer-valued decimal (safe integer token) is normalised to a string too', () => {
    const msg = decode(
      '{"channel":"trade","type":"update","data":[{"symbol":"BTC/USD","side":"buy","qty":2,"price":105944,"ord_type":"limit","trade_id":1,"timestamp":"2026-03-02T09:15:07Z"}]}',
    );
    expect(check('spot', 'TradeMessage', msg).ok).toBe(true);
    expect(at(msg, 'data', 0, 'price')).toBe('105944');
    expect(at(msg, 'data', 0, 'qty')).toBe('2');
    expect(at(msg, 'data', 0, 'trade_id')).toBe(1);
  });

  it('a decimal Kraken sends as a JSON string is accepted as the same exact text', () => {
    // The official SDK decoder accepts both numbers and strings for prices.
    const msg = decode(
      '{"channel":"ticker","type":"update","data":[{"symbol":"BTC/USD","bid":"105944.20","bid_qty":"1","ask":105944.30,"ask_qty":1,"volume":1,"vwap":1,"low":1,"high":1,"change":0,"change_pct":0}]}',
    );
    expect(check('spot', 'TickerMessage', msg).ok).toBe(true);
    expect(at(msg, 'data', 0, 'bid')).toBe('105944.20');
    expect(at(msg, 'data', 0, 'ask')).toBe('105944.30');
  });

  it('status connection_id above 2^53 arrives as its exact digits', () => {
    const msg = spotFixture('ws_recv_status.json');
    expect(check('spot', 'StatusMessage', msg).ok).toBe(true);
    expect(at(msg, 'data', 0, 'connection_id')).toBe('13834774380200032777');
  });

  it('executions fees and cumulative figures keep trailing zeros', () => {
    const msg = spotFixture('ws_recv_executions_trade.json');
    expect(check('spot', 'ExecutionsMessage', msg).ok).toBe(true);
    expect(at(msg, 'data', 0, 'last_qty')).toBe('0.00040000');
    expect(at(msg, 'data', 0, 'avg_price')).toBe('105944.20');
    expect(at(msg, 'data', 0, 'fees')).toEqual([{ asset: 'USD', qty: '0.10594' }]);
  });

  it('a float-valued field without exact text is impossible: a bare JSON.parse number is refused', () => {
    // If someone bypasses parseVenueJson, 0.001 arrives as a float: the decimal keyword refuses it.
    const msg = JSON.parse(
      '{"channel":"trade","type":"update","data":[{"symbol":"BTC/USD","side":"buy","qty":0.001,"price":1,"ord_type":"limit","trade_id":1,"timestamp":"t"}]}',
    ) as unknown;
    const r = check('spot', 'TradeMessage', msg);
    expect(r.ok).toBe(false);
    expect(r.errors[0]).toMatch(/^\/data\/0\/qty /);
  });
});

describe('Spot v2 incoming messages are tolerant of what Kraken adds', () => {
  it('unknown fields are kept, at the top level and inside reports', () => {
    const msg = spotFixture('ws_recv_executions_snapshot.json');
    msg['new_top_level'] = { x: 1 };
    expect(check('spot', 'ExecutionsMessage', msg).ok).toBe(true);
    expect(msg['new_top_level']).toEqual({ x: 1 });
    // `ratecount` is the rate-counter field Kraken's docs leave unconfirmed: kept as sent.
    expect(at(msg, 'data', 0, 'ratecount')).toBe(12);
  });

  it('unknown enum values are accepted on incoming messages (exec_type, order_status, system)', () => {
    const exec = spotFixture('ws_recv_executions_new.json');
    (at(exec, 'data', 0) as Record<string, unknown>)['exec_type'] = 'triggered';
    (at(exec, 'data', 0) as Record<string, unknown>)['order_status'] = 'triggered';
    expect(check('spot', 'ExecutionsMessage', exec).ok).toBe(true);
    const status = spotFixture('ws_recv_status.json');
    (at(status, 'data', 0) as Record<string, unknown>)['system'] = 'limit_only';
    expect(check('spot', 'StatusMessage', status).ok).toBe(true);
  });

  it('a wrong type is rejected with the path of the field', () => {
    const trade = spotFixture('ws_recv_trade_update.json');
    (at(trade, 'data', 1) as Record<string, unknown>)['trade_id'] = 'abc';
    const r = check('spot', 'TradeMessage', trade);
    expect(r.ok).toBe(false);
    expect(r.errors[0]).toMatch(/^\/data\/1\/trade_id must be integer/);

    const book = spotFixture('ws_recv_book_update.json');
    (at(book, 'data', 0, 'bids', 0) as Record<string, unknown>)['price'] = 'not-a-price';
    const rb = check('spot', 'BookUpdate', book);
    expect(rb.ok).toBe(false);
    expect(rb.errors[0]).toMatch(/^\/data\/0\/bids\/0\/price must be a decimal/);
  });

  it('an enum value of the wrong type is still rejected', () => {
    const exec = spotFixture('ws_recv_executions_new.json');
    (at(exec, 'data', 0) as Record<string, unknown>)['exec_type'] = 7;
    const r = check('spot', 'ExecutionsMessage', exec);
    expect(r.ok).toBe(false);
    expect(r.errors[0]).toMatch(/^\/data\/0\/exec_type must be string/);
  });

  it('a book update frame does not validate as a snapshot (routing by type is enforced)', () => {
    const r = check('spot', 'BookSnapshot', spotFixture('ws_recv_book_update.json'));
    expect(r.ok).toBe(false);
    expect(r.errors[0]).toMatch(/^\/type /);
  });

  it('batch_add result must be an array even when success is false (rows that were placed stay live)', () => {
    const msg = spotFixture('ws_recv_batch_add_partial.json');
    expect(check('spot', 'BatchAddResponse', msg).ok).toBe(true);
    expect(at(msg, 'result', 1, 'error')).toBe('EOrder:Insufficient funds');
  });

  it('cancel_all_orders_after: a disarmed switch says triggerTime "0", not a date', () => {
    const msg = spotFixture('ws_recv_cancel_all_orders_after_disarmed.json');
    expect(check('spot', 'CancelAllOrdersAfterResponse', msg).ok).toBe(true);
    expect(at(msg, 'result', 'triggerTime')).toBe('0');
  });
});

describe('Futures decimals and tolerance', () => {
  it('exponent and negative-zero numbers keep their text (-6.2604214e-11, -0.0)', () => {
    const msg = futuresFixture('ws_recv_ticker.json');
    expect(check('futures', 'TickerMessage', msg).ok).toBe(true);
    expect(msg['funding_rate']).toBe('-6.2604214e-11');
    expect(msg['relative_funding_rate']).toBe('-1.380384722222e-6');
    expect(msg['premium']).toBe('-0.0');
    expect(msg['markPrice']).toBe('67899.68641534714');
    expect(msg['next_funding_rate_time']).toBe(1772445600000);
  });

  it('integer contract sizes become decimal strings; ms timestamps and seq stay integers', () => {
    const msg = futuresFixture('ws_recv_book_snapshot.json');
    expect(check('futures', 'BookSnapshot', msg).ok).toBe(true);
    expect(at(msg, 'bids', 1)).toEqual({ price: '67892', qty: '1.0000' });
    expect(at(msg, 'asks', 1)).toEqual({ price: '67912', qty: '2' });
    expect(msg['seq']).toBe(326072249);
    expect(msg['tickSize']).toBeNull();
  });

  it('nullable decimals in account log entries accept null and keep text otherwise', () => {
    const msg = futuresFixture('ws_recv_account_log.json');
    expect(check('futures', 'AccountLogDelta', msg).ok).toBe(true);
    expect(at(msg, 'new_entry', 'trade_price')).toBeNull();
    expect(at(msg, 'new_entry', 'funding_rate')).toBe('-0.0000231');
  });

  it('unknown reason values are accepted; a wrong is_cancel type is rejected with its path', () => {
    const msg = futuresFixture('ws_recv_open_orders_cancel.json');
    msg['reason'] = 'some_new_reason';
    expect(check('futures', 'OpenOrdersDelta', msg).ok).toBe(true);
    msg['is_cancel'] = 'true';
    const r = check('futures', 'OpenOrdersDelta', msg);
    expect(r.ok).toBe(false);
    expect(r.errors[0]).toMatch(/^\/is_cancel must be boolean/);
  });

  it("an ack event with Kraken's trailing space validates; a different event does not", () => {
    expect(check('futures', 'SubscribedEvent', futuresFixture('ws_recv_subscribed_open_orders_trailing_space.json')).ok).toBe(true);
    const r = check('futures', 'SubscribedEvent', futuresFixture('ws_recv_unsubscribed.json'));
    expect(r.ok).toBe(false);
    expect(r.errors[0]).toMatch(/^\/event /);
  });
});
