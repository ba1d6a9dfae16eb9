/**
 * Static request tests: an order intent in, the exact wire body out (nonce skipped), and the
 * Authent that goes with it. Vectors: Kraken's documented Futures signing examples (sendorder, batchorder).
 */
import { describe, expect, it } from 'vitest';
import { KrakenValidationError } from '../../../src/core/errors.js';
import { KrakenFuturesRawHttpClient } from '../../../src/kraken/futures/http/raw-client.js';
import { encodeBatchOrderJson } from '../../../src/kraken/futures/http/wire-encoding.js';
import { futuresAuthent } from '../../../src/transport/signing.js';
import { RecordingTransport } from './fake-transport.js';

// The secret of Kraken's documented WS challenge example, reused by the derived REST vectors.
const SECRET = '7zxMEF5p/Z8l2p2U7Ghv6x14Af+Fx+92tPgUdVQ748FOIrEoT9bgT+bTRfXc5pz8na+hL/QdrCVG7bh9KpT0eMTm';
const PLACED = RecordingTransport.json({
  result: 'success',
  serverTime: '2026-05-27T10:00:00.000Z',
  sendStatus: { status: 'placed', order_id: 'x' },
});

function client(transport: RecordingTransport, apiKey = 'golden-key-0001'): KrakenFuturesRawHttpClient {
  return new KrakenFuturesRawHttpClient({
    apiKey,
    apiSecret: SECRET,
    baseUrl: 'https://futures.example',
    transport: transport.asTransport(),
  });
}

const SENDORDER_GOLDEN: ReadonlyArray<readonly [string, Record<string, unknown>, string]> = [
  [
    'lmt (vector C)',
    { orderType: 'lmt', symbol: 'PF_XBTUSD', side: 'buy', size: '0.01', limitPrice: '10000', cliOrdId: 'my-order-1' },
    'orderType=lmt&symbol=PF_XBTUSD&side=buy&size=0.01&limitPrice=10000&cliOrdId=my-order-1',
  ],
  [
    'post',
    { orderType: 'post', symbol: 'PF_XBTUSD', side: 'sell', size: '1.5000', limitPrice: '70000.5' },
    'orderType=post&symbol=PF_XBTUSD&side=sell&size=1.5000&limitPrice=70000.5',
  ],
  [
    'ioc',
    { orderType: 'ioc', symbol: 'PF_ETHUSD', side: 'buy', size: '2', limitPrice: '3210.4' },
    'orderType=ioc&symbol=PF_ETHUSD&side=buy&size=2&limitPrice=3210.4',
  ],
  ['mkt', { orderType: 'mkt', symbol: 'PI_XBTUSD', side: 'sell', size: '10000' }, 'orderType=mkt&symbol=PI_XBTUSD&side=sell&size=10000'],
  [
    'stp on mark, reduce-only',
    {
      orderType: 'stp',
      symbol: 'PF_XBTUSD',
      side: 'sell',
      size: '0.01',
      stopPrice: '59500',
      limitPrice: '59000',
      triggerSignal: 'mark',
      reduceOnly: true,
    },
    'orderType=stp&symbol=PF_XBTUSD&side=sell&size=0.01&stopPrice=59500&limitPrice=59000&triggerSignal=mark&reduceOnly=true',
  ],
  [
    'take_profit on index (market on trigger: no limitPrice)',
    {
      orderType: 'take_profit',
      symbol: 'PF_XBTUSD',
      side: 'sell',
      size: '0.01',
      stopPrice: '75000',
      triggerSignal: 'index',
      reduceOnly: false,
    },
    'orderType=take_profit&symbol=PF_XBTUSD&side=sell&size=0.01&stopPrice=75000&triggerSignal=index&reduceOnly=false',
  ],
  [
    'trailing_stop on last',
    {
      orderType: 'trailing_stop',
      symbol: 'PF_XBTUSD',
      side: 'sell',
      size: '0.01',
      triggerSignal: 'last',
      trailingStopMaxDeviation: '1.5',
      trailingStopDeviationUnit: 'PERCENT',
      reduceOnly: true,
    },
    'orderType=trailing_stop&symbol=PF_XBTUSD&side=sell&size=0.01&triggerSignal=last&trailingStopMaxDeviation=1.5&trailingStopDeviationUnit=PERCENT&reduceOnly=true',
  ],
  [
    'fok',
    { orderType: 'fok', symbol: 'PF_XBTUSD', side: 'buy', size: '0.0100', limitPrice: '60000' },
    'orderType=fok&symbol=PF_XBTUSD&side=buy&size=0.0100&limitPrice=60000',
  ],
  [
    'processBefore is url-encoded as sent',
    {
      orderType: 'lmt',
      symbol: 'PF_XBTUSD',
      side: 'buy',
      size: '1',
      limitPrice: '1000',
      processBefore: '2023-11-08 19:56:35.441899+00:00',
    },
    'orderType=lmt&symbol=PF_XBTUSD&side=buy&size=1&limitPrice=1000&processBefore=2023-11-08+19%3A56%3A35.441899%2B00%3A00',
  ],
];

describe('sendorder golden bodies', () => {
  for (const [name, params, body] of SENDORDER_GOLDEN) {
    it(name, async () => {
      const t = new RecordingTransport([PLACED]);
      await client(t).sendorder(params as never);
      const req = t.requests[0]!;
      expect(req.method).toBe('POST');
      expect(req.url).toBe('https://futures.example/derivatives/api/v3/sendorder');
      expect(req.body).toBe(body);
      expect(req.headers?.['content-type']).toBe('application/x-www-form-urlencoded');
      expect(req.headers?.['APIKey']).toBe('golden-key-0001');
      const nonce = req.headers?.['Nonce'];
      expect(nonce).toMatch(/^\d+$/);
      // Signed over the body with `/derivatives` stripped from the path.
      expect(req.headers?.['Authent']).toBe(futuresAuthent('/api/v3/sendorder', nonce, body, SECRET));
    });
  }

  it('matches the Authent of vector C for its nonce', () => {
    expect(futuresAuthent('/derivatives/api/v3/sendorder', '1700000000000', SENDORDER_GOLDEN[0]![2], SECRET)).toBe(
      'ugGqb0GgHfWVcxT0472px6WXzqfLeohVV7SjM/E+SgKC78Tskb6/ZKhfee4es5eEB2ot3dYoLnA1nm2XZz3F2g==',
    );
  });

  const INVALID: ReadonlyArray<readonly [string, Record<string, unknown>]> = [
    ['a float size', { orderType: 'lmt', symbol: 'PF_XBTUSD', side: 'buy', size: 0.1, limitPrice: '1000' }],
    ['an unknown order type', { orderType: 'limit', symbol: 'PF_XBTUSD', side: 'buy', size: '1' }],
    ['an unknown trigger signal', { orderType: 'stp', symbol: 'PF_XBTUSD', side: 'buy', size: '1', stopPrice: '1', triggerSignal: 'spot' }],
    ['an unknown parameter', { orderType: 'lmt', symbol: 'PF_XBTUSD', side: 'buy', size: '1', limit_price: '1' }],
    ['a missing size', { orderType: 'mkt', symbol: 'PF_XBTUSD', side: 'buy' }],
    ['a non-decimal price', { orderType: 'lmt', symbol: 'PF_XBTUSD', side: 'buy', size: '1', limitPrice: '1,000' }],
  ];
  for (const [name, params] of INVALID) {
    it(`refuses ${name} before anything is sent`, async () => {
      const t = new RecordingTransport([PLACED]);
      await expect(client(t).sendorder(params as never)).rejects.toBeInstanceOf(KrakenValidationError);
      expect(t.requests).toHaveLength(0);
    });
  }
});

// Kraken's batchorder example (the same body as vector E in test/unit/transport/signing.test.ts).
const VECTOR_E_JSON =
  '{"batchOrder":[{"order":"send","order_tag":"1","orderType":"lmt","symbol":"PF_XBTUSD","side":"buy","size":1,"limitPrice":1000},{"order":"cancel","order_id":"e35d61dd-8a30-4d5f-a574-b5593ef0c050"}]}';
const VECTOR_E_ENCODED =
  'json=%7B%22batchOrder%22%3A%5B%7B%22order%22%3A%22send%22%2C%22order_tag%22%3A%221%22%2C%22orderType%22%3A%22lmt%22%2C%22symbol%22%3A%22PF_XBTUSD%22%2C%22side%22%3A%22buy%22%2C%22size%22%3A1%2C%22limitPrice%22%3A1000%7D%2C%7B%22order%22%3A%22cancel%22%2C%22order_id%22%3A%22e35d61dd-8a30-4d5f-a574-b5593ef0c050%22%7D%5D%7D';
const VECTOR_E_AUTHENT = 'ER4Gu6cEQpc1QLXVQaFLseHaWroUiSAEhTFujy2ylouOK46UJZ9nxwgiTKoDFCLtpGojie6B5XW9ZyTkaKbJJQ==';
const VECTOR_E_LEGACY_AUTHENT = 'V1ALgMyt9HPTsATbpXNxGWdLOerG84GQL/ZQAMezJVRuSxpvz4al6JVBURM1vzwQkviR64eQ0ORSPQQRk1i2nA==';
const BATCH_OK = RecordingTransport.json({ result: 'success', serverTime: '2026-05-27T10:00:00.000Z', batchStatus: [] });

describe('batchorder encoding (vector E)', () => {
  const payload = {
    batchOrder: [
      { order: 'send', order_tag: '1', orderType: 'lmt', symbol: 'PF_XBTUSD', side: 'buy', size: '1', limitPrice: '1000' },
      { order: 'cancel', order_id: 'e35d61dd-8a30-4d5f-a574-b5593ef0c050' },
    ],
  };

  it('writes the batch as compact JSON with decimals as number tokens', () => {
    expect(encodeBatchOrderJson(payload)).toBe(VECTOR_E_JSON);
  });

  it('sends the url-encoded json= form and signs that encoded text', async () => {
    const t = new RecordingTransport([BATCH_OK]);
    await client(t).batchorder({ json: payload });
    const req = t.requests[0]!;
    expect(req.url).toBe('https://futures.example/derivatives/api/v3/batchorder');
    expect(req.body).toBe(VECTOR_E_ENCODED);
    expect(req.headers?.['Authent']).toBe(futuresAuthent('/api/v3/batchorder', req.headers?.['Nonce'], VECTOR_E_ENCODED, SECRET));
    // With the vector's nonce, the client's body yields the vector's encoded Authent, not the legacy one.
    const atVectorNonce = futuresAuthent('/derivatives/api/v3/batchorder', '1700000000000', req.body!, SECRET);
    expect(atVectorNonce).toBe(VECTOR_E_AUTHENT);
    expect(atVectorNonce).not.toBe(VECTOR_E_LEGACY_AUTHENT);
  });

  it('keeps exact decimal text (trailing zeros) in the JSON and appends ProcessBefore after json', async () => {
    const t = new RecordingTransport([BATCH_OK]);
    await client(t).batchorder({
      json: {
        batchOrder: [
          {
            order: 'send',
            order_tag: 'a',
            orderType: 'stp',
            symbol: 'PF_XBTUSD',
            side: 'sell',
            size: '0.0100',
            limitPrice: '59000.50',
            stopPrice: '59500',
            triggerSignal: 'mark',
            reduceOnly: true,
          },
          { order: 'edit', order_id: '022774bc-2c4a-4f26-9317-436c8d85746d', size: '0.02', limitPrice: '60100' },
        ],
      },
      ProcessBefore: '2026-05-27T10:00:05.000Z',
    });
    const body = t.requests[0]!.body!;
    const params = new URLSearchParams(body);
    expect(params.get('json')).toBe(
      '{"batchOrder":[{"order":"send","order_tag":"a","orderType":"stp","symbol":"PF_XBTUSD","side":"sell","size":0.0100,"limitPrice":59000.50,"stopPrice":59500,"triggerSignal":"mark","reduceOnly":true},' +
        '{"order":"edit","order_id":"022774bc-2c4a-4f26-9317-436c8d85746d","size":0.02,"limitPrice":60100}]}',
    );
    expect([...params.keys()]).toEqual(['json', 'ProcessBefore']);
  });

  it('refuses an instruction that is neither send, edit nor cancel', async () => {
    const t = new RecordingTransport([BATCH_OK]);
    await expect(client(t).batchorder({ json: { batchOrder: [{ order: 'amend', order_id: 'x' }] } })).rejects.toBeInstanceOf(
      KrakenValidationError,
    );
    expect(t.requests).toHaveLength(0);
  });

  it('refuses exponent decimals in the JSON (they would not be the number the caller meant to write)', () => {
    expect(() => encodeBatchOrderJson({ batchOrder: [{ order: 'send', size: '1e-5' }] })).toThrow(KrakenValidationError);
    expect(() => encodeBatchOrderJson({ batchOrder: [{ order: 'send', size: 0.5 }] })).toThrow(KrakenValidationError);
  });
});
