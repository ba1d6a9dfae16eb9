import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KrakenSpotRawHttpClient, KrakenValidationError, spotApiSign } from '../../../src/index.js';
import type { AddOrderParams } from '../../../generated/spot-rest/types.gen.js';
import { json, startLoopback, type LoopbackServer } from '../../helpers/loopback-http.js';

interface GoldenCase {
  name: string;
  params: AddOrderParams;
  body: string;
}
const golden = JSON.parse(readFileSync(new URL('../../../fixtures/spot/golden/rest_add_order_bodies.json', import.meta.url), 'utf8')) as {
  cases: GoldenCase[];
};
const SECRET = 'kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==';

let server: LoopbackServer;
let client: KrakenSpotRawHttpClient;
beforeAll(async () => {
  server = await startLoopback((req, res) =>
    req.url === '/0/private/AddOrderBatch'
      ? json(res, { error: [], result: { orders: [{ txid: 'OUF4EM-FRGI2-MQMWZD' }, { txid: 'OUF4EM-FRGI2-MQMWZE' }] } })
      : json(res, { error: [], result: { descr: { order: 'x' }, txid: ['OUF4EM-FRGI2-MQMWZD'] } }),
  );
  client = new KrakenSpotRawHttpClient({ baseUrl: server.baseUrl, apiKey: 'golden-key-0001', apiSecret: SECRET });
});
afterAll(async () => {
  await client.close();
  await server.close();
});

describe('AddOrder golden bodies: intent in, exact wire body out (nonce skipped)', () => {
  it.each(golden.cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    await client.addOrder(c.params);
    const req = server.requests.at(-1)!;
    expect(req.url).toBe('/0/private/AddOrder');
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const match = /^nonce=(\d+)&(.*)$/.exec(req.body);
    expect(match, req.body).not.toBeNull();
    expect(match![2]).toBe(c.body);
    // The signature covers exactly the bytes sent.
    expect(req.headers['api-sign']).toBe(spotApiSign('/0/private/AddOrder', match![1]!, req.body, SECRET));
  });

  it('refuses a float volume before anything is sent', async () => {
    const before = server.requests.length;
    const bad = { ordertype: 'limit', type: 'buy', volume: 0.1, pair: 'XBTUSD', price: '1' } as unknown as AddOrderParams;
    await expect(client.addOrder(bad)).rejects.toBeInstanceOf(KrakenValidationError);
    expect(server.requests.length).toBe(before);
  });

  it('refuses an unknown parameter and an unknown order type, naming them', async () => {
    const extra = { ordertype: 'limit', type: 'buy', volume: '1', pair: 'XBTUSD', price: '1', colour: 'red' } as unknown as AddOrderParams;
    await expect(client.addOrder(extra)).rejects.toThrow(/colour/);
    const wrongType = { ordertype: 'stop', type: 'buy', volume: '1', pair: 'XBTUSD' } as unknown as AddOrderParams;
    await expect(client.addOrder(wrongType)).rejects.toThrow(/ordertype/);
  });

  it('validates a copy: the caller keeps its object as given, and the wire gets the normalised text', async () => {
    const params = { ordertype: 'limit', type: 'buy', volume: 2, pair: 'XBTUSD', price: '45000.5' } as unknown as AddOrderParams;
    const given = { ...params };
    await client.addOrder(params);
    expect(params).toEqual(given); // volume is still the number 2
    expect(server.requests.at(-1)!.body).toMatch(/^nonce=\d+&ordertype=limit&type=buy&volume=2&pair=XBTUSD&price=45000\.5$/);
  });

  it('leaves the nested orders of a batch untouched, and still refuses a bad one inside with a typed error', async () => {
    const orders = [
      { ordertype: 'limit', type: 'buy', volume: 2, price: '45000' },
      { ordertype: 'limit', type: 'sell', volume: 3, price: '46000' },
    ];
    const given = structuredClone(orders);
    await client.addOrderBatch({ pair: 'XBTUSD', orders } as never);
    expect(orders).toEqual(given);
    const sent = JSON.parse(server.requests.at(-1)!.body) as { orders: { volume: unknown }[] };
    expect(sent.orders.map((o) => o.volume)).toEqual([2, 3]); // JSON bodies carry the caller's values as given
    const before = server.requests.length;
    const bad = [orders[0], { ...orders[1], volume: 0.5 }];
    await expect(client.addOrderBatch({ pair: 'XBTUSD', orders: bad } as never)).rejects.toBeInstanceOf(KrakenValidationError);
    expect(server.requests.length).toBe(before);
  });
});
