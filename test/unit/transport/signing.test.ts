import { createHash, createHmac, createSecretKey } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { KrakenValidationError } from '../../../src/core/errors.js';
import { ApiCredentials } from '../../../src/kraken/common/credentials.js';
import { futuresAuthent, futuresSignChallenge, signingKeyFromBase64, spotApiSign } from '../../../src/index.js';

// Vectors: Kraken's documented signing examples (Spot REST, Futures REST, the Futures WS challenge),
// restated here so the suite needs nothing outside the repo.
const SPOT_SECRET = 'kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==';
const FUT_SECRET = '7zxMEF5p/Z8l2p2U7Ghv6x14Af+Fx+92tPgUdVQ748FOIrEoT9bgT+bTRfXc5pz8na+hL/QdrCVG7bh9KpT0eMTm';
const ADD_ORDER_FORM = 'nonce=1616492376594&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25';

describe('spotApiSign', () => {
  it("Kraken's documented AddOrder vector", () => {
    expect(spotApiSign('/0/private/AddOrder', '1616492376594', ADD_ORDER_FORM, SPOT_SECRET)).toBe(
      '4/dpxb3iT4tp/ZCVEwSnEsLxx0bqyhLpdfOpc6fn7OR8+UClSV5n9E6aSS8MPtnRfp32bAb0nmbRn6H8ndwLUQ==',
    );
  });
  it("Kraken's SDK vector (32 × 0x01 secret, nanosecond nonce)", () => {
    expect(
      spotApiSign('/0/private/Balance', '1700000000000000000', 'nonce=1700000000000000000', 'AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE='),
    ).toBe('6i7+cpXVLDDnDOekgsRcgFQhkYFyPDSSxhSVA8OrA6vjziXcy2K1DP3n7f9B/Kgni71WjBSQusZKxduRsdF20Q==');
  });
  it('JSON bodies sign their exact text (string and number nonce differ)', () => {
    const s = '{"nonce":"1616492376594","ordertype":"limit","pair":"XBTUSD","price":"37500","type":"buy","volume":"1.25"}';
    const n = '{"nonce":1616492376594,"ordertype":"limit","pair":"XBTUSD","price":"37500","type":"buy","volume":"1.25"}';
    expect(spotApiSign('/0/private/AddOrder', '1616492376594', s, SPOT_SECRET)).toBe(
      'r/o+GpKxXjV/mls/r5CKLu5R+yzK5psqvQ4hXxMX1nzdxTBhV+ui82QGgPZMMitpFwCOAdPEZMmXgZxD2chJEg==',
    );
    expect(spotApiSign('/0/private/AddOrder', '1616492376594', n, SPOT_SECRET)).toBe(
      'kMkTQfyYJH05IdnWQ9TIqL9Kq+dKqcD5O/TGPPLRwwy1is/YvqEYtMAHf7tXsqwfbLwp7pbzJzWHxzKPnL8rfA==',
    );
  });
  it('GetWebSocketsToken', () => {
    expect(spotApiSign('/0/private/GetWebSocketsToken', '1616492376594', 'nonce=1616492376594', SPOT_SECRET)).toBe(
      '+mRDmY9Ks0Moc1zjv/BjfvYa98buO0x1yHChZR5onlfAzAUbfIYlLggUZzdQ0RsmXm4Sh+Q8iAIZdo2wSeHeiA==',
    );
  });
});

describe('futuresSignChallenge', () => {
  it("Kraken's documented WS challenge vector", () => {
    expect(futuresSignChallenge('c100b894-1729-464d-ace1-52dbce11db42', FUT_SECRET)).toBe(
      '4JEpF3ix66GA2B+ooK128Ift4XQVtc137N9yeg4Kqsn9PI0Kpzbysl9M1IeCEdjg0zl00wkVqcsnG4bmnlMb3A==',
    );
  });
});

describe('futuresAuthent', () => {
  const cases: [string, string, string | undefined, string, string][] = [
    [
      'A',
      '/derivatives/api/v3/orderbook',
      '1415957147987',
      'symbol=fi_xbtusd_180615',
      'JHLjN8OUDYaXjHRGT0z4nUvJorORrXoL9omot4BK5ihtp6jKHPHfzX9MrpVjqAgKqGJejoO3gySwoVCMJQlx/Q==',
    ],
    [
      'B',
      '/derivatives/api/v3/openpositions',
      undefined,
      '',
      '97NHlfPZy2jSPglkvI5ZaYjteN2sBRIK32YTyrR8Op+S0+TKyqJvZPeUuV0CQhcW0oq7DKYxq3B/Vq0H+PJGWQ==',
    ],
    [
      'C',
      '/derivatives/api/v3/sendorder',
      '1700000000000',
      'orderType=lmt&symbol=PF_XBTUSD&side=buy&size=0.01&limitPrice=10000&cliOrdId=my-order-1',
      'ugGqb0GgHfWVcxT0472px6WXzqfLeohVV7SjM/E+SgKC78Tskb6/ZKhfee4es5eEB2ot3dYoLnA1nm2XZz3F2g==',
    ],
    [
      'D',
      '/api/history/v3/account-log',
      '1700000000000',
      'count=1',
      'ZvkTocqlMDKsNyAl5hGkR87OjAEysa4g8y7v4NjB8pQ0U3GMySmC1sJIkN6fMzkKpsGdMEwR02DXURXx3/cXEA==',
    ],
  ];
  it.each(cases)('Authent vector %s', (_name, path, nonce, postData, expected) => {
    expect(futuresAuthent(path, nonce, postData, FUT_SECRET)).toBe(expected);
  });
  it('vector C-bad: hashing the /derivatives prefix gives the wrong Authent, and we never do it', () => {
    const bad = 'Ofe7v1/TDqeqWp0529Ix46F/03pOZnLywUr9xkwXy3+gPzPIMwqiH3kQ31dkmAoUAMmCBCLBXT85Iek0qJPY1w==';
    const post = 'orderType=lmt&symbol=PF_XBTUSD&side=buy&size=0.01&limitPrice=10000&cliOrdId=my-order-1';
    expect(futuresAuthent('/derivatives/api/v3/sendorder', '1700000000000', post, FUT_SECRET)).not.toBe(bad);
    expect(futuresAuthent('/api/v3/sendorder', '1700000000000', post, FUT_SECRET)).toBe(
      futuresAuthent('/derivatives/api/v3/sendorder', '1700000000000', post, FUT_SECRET),
    );
  });
  it('vector E: batchorder with the URL-encoded json= body, and the legacy decoded form', () => {
    const j =
      '{"batchOrder":[{"order":"send","order_tag":"1","orderType":"lmt","symbol":"PF_XBTUSD","side":"buy","size":1,"limitPrice":1000},{"order":"cancel","order_id":"e35d61dd-8a30-4d5f-a574-b5593ef0c050"}]}';
    const encoded = new URLSearchParams({ json: j }).toString();
    expect(futuresAuthent('/derivatives/api/v3/batchorder', '1700000000000', encoded, FUT_SECRET)).toBe(
      'ER4Gu6cEQpc1QLXVQaFLseHaWroUiSAEhTFujy2ylouOK46UJZ9nxwgiTKoDFCLtpGojie6B5XW9ZyTkaKbJJQ==',
    );
    expect(futuresAuthent('/derivatives/api/v3/batchorder', '1700000000000', `json=${j}`, FUT_SECRET)).toBe(
      'V1ALgMyt9HPTsATbpXNxGWdLOerG84GQL/ZQAMezJVRuSxpvz4al6JVBURM1vzwQkviR64eQ0ORSPQQRk1i2nA==',
    );
  });
});

describe('signing with the key object the credentials hold', () => {
  it('gives the same signatures as the base64 secret on every documented vector', () => {
    const spotKey = new ApiCredentials('spot-key-for-vectors', SPOT_SECRET).signingKey();
    const futKey = signingKeyFromBase64(FUT_SECRET);
    expect(spotApiSign('/0/private/AddOrder', '1616492376594', ADD_ORDER_FORM, spotKey)).toBe(
      '4/dpxb3iT4tp/ZCVEwSnEsLxx0bqyhLpdfOpc6fn7OR8+UClSV5n9E6aSS8MPtnRfp32bAb0nmbRn6H8ndwLUQ==',
    );
    expect(futuresSignChallenge('c100b894-1729-464d-ace1-52dbce11db42', futKey)).toBe(
      '4JEpF3ix66GA2B+ooK128Ift4XQVtc137N9yeg4Kqsn9PI0Kpzbysl9M1IeCEdjg0zl00wkVqcsnG4bmnlMb3A==',
    );
    expect(
      futuresAuthent(
        '/derivatives/api/v3/sendorder',
        '1700000000000',
        'orderType=lmt&symbol=PF_XBTUSD&side=buy&size=0.01&limitPrice=10000&cliOrdId=my-order-1',
        futKey,
      ),
    ).toBe('ugGqb0GgHfWVcxT0472px6WXzqfLeohVV7SjM/E+SgKC78Tskb6/ZKhfee4es5eEB2ot3dYoLnA1nm2XZz3F2g==');
  });

  it('is made once per credentials and shows no key material to inspect or JSON', () => {
    const creds = new ApiCredentials('spot-key-for-vectors', SPOT_SECRET);
    const key = creds.signingKey();
    expect(creds.signingKey()).toBe(key);
    const secretHex = Buffer.from(SPOT_SECRET, 'base64').toString('hex');
    for (const shown of [inspect(key, { depth: 10, showHidden: true }), JSON.stringify(key), inspect(creds, { showHidden: true })]) {
      expect(shown).not.toContain(SPOT_SECRET);
      expect(shown).not.toContain(secretHex);
    }
  });
});

describe('HmacSha512Key (the prepared key the clients sign with)', () => {
  const reference = (key: Buffer, prefix: string, digest: Buffer) =>
    createHmac('sha512', key).update(prefix, 'utf8').update(digest).digest('base64');

  it('equals node:crypto HMAC-SHA512 for short, block-sized and long keys, and for prefixes past its reusable buffer', () => {
    const digest = Buffer.from('00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff', 'hex');
    for (const size of [1, 32, 64, 127, 128, 129, 300]) {
      const secret = Buffer.from(Array.from({ length: size }, (_, i) => (i * 37 + size) & 0xff));
      const key = signingKeyFromBase64(secret.toString('base64'));
      for (const prefix of ['', '/0/private/AddOrder', 'ü/path', 'x'.repeat(480), 'x'.repeat(481), 'y'.repeat(5000)]) {
        expect(key.signBase64(prefix, digest), `key ${size} prefix ${prefix.length}`).toBe(reference(secret, prefix, digest));
        // the same bytes as Latin-1 text, as the signing functions pass them (0xaa..0xff included)
        expect(key.signBase64(prefix, digest.toString('latin1'))).toBe(reference(secret, prefix, digest));
        // the reused buffers carry nothing from one signature into the next
        expect(key.signBase64('/0/private/Balance', digest)).toBe(reference(secret, '/0/private/Balance', digest));
      }
    }
  });

  it('signs like the textbook composition (SHA-256 then HMAC-SHA512 over Buffers) for many bodies and nonces', () => {
    // The signing functions pass digests between hash calls as Latin-1 text; every byte value must survive.
    const secret = Buffer.from(SPOT_SECRET, 'base64');
    const prepared = signingKeyFromBase64(SPOT_SECRET);
    for (let i = 0; i < 300; i++) {
      const nonce = String(1_700_000_000_000_000 + i * 7919);
      const body = `nonce=${nonce}&ordertype=limit&pair=XBTUSD&price=${37_500 + i}.5&type=buy&volume=1.${i}&userref=${i * 31}`;
      const spotInner = createHash('sha256')
        .update(nonce + body)
        .digest();
      const spot = createHmac('sha512', secret).update('/0/private/AddOrder').update(spotInner).digest('base64');
      expect(spotApiSign('/0/private/AddOrder', nonce, body, prepared)).toBe(spot);
      const futInner = createHash('sha256').update(`${body}${nonce}/api/v3/sendorder`).digest();
      expect(futuresAuthent('/derivatives/api/v3/sendorder', nonce, body, prepared)).toBe(
        createHmac('sha512', secret).update(futInner).digest('base64'),
      );
    }
  });

  it('refuses a text digest with a character that is not a byte, instead of signing its low bytes', () => {
    const key = signingKeyFromBase64(SPOT_SECRET);
    expect(() => key.signBase64('/0/private/Balance', 'digest with \u20ac')).toThrow(KrakenValidationError);
    expect(() => key.signBase64('/0/private/Balance', '\u00ff\u0000 bytes')).not.toThrow();
  });

  it('the same signatures from the base64 text, a node:crypto key object and the prepared key', () => {
    const keyObject = createSecretKey(Buffer.from(SPOT_SECRET, 'base64'));
    const prepared = signingKeyFromBase64(SPOT_SECRET);
    const expected = spotApiSign('/0/private/AddOrder', '1616492376594', ADD_ORDER_FORM, SPOT_SECRET);
    expect(spotApiSign('/0/private/AddOrder', '1616492376594', ADD_ORDER_FORM, keyObject)).toBe(expected);
    expect(spotApiSign('/0/private/AddOrder', '1616492376594', ADD_ORDER_FORM, prepared)).toBe(expected);
  });

  it('shows no key material to inspect, JSON or String', () => {
    const key = signingKeyFromBase64(SPOT_SECRET);
    const secretHex = Buffer.from(SPOT_SECRET, 'base64').toString('hex');
    for (const shown of [inspect(key, { showHidden: true, depth: 10 }), JSON.stringify({ key }), String(key)]) {
      expect(shown).not.toContain(SPOT_SECRET);
      expect(shown).not.toContain(secretHex.slice(0, 16));
      expect(shown).toMatch(/HmacSha512Key|redacted/);
    }
  });
});
