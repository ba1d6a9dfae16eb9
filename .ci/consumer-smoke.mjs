// A consumer's view of the built package: import by name through the `exports` map.
import assert from 'node:assert/strict';

const kk = await import('krakenkit');
for (const name of ['KrakenSpotRawHttpClient', 'spotApiSign', 'futuresAuthent', 'futuresSignChallenge', 'KrakenError', 'isRetryable']) {
  assert.ok(kk[name], `krakenkit does not export ${name}`);
}
assert.equal(
  kk.spotApiSign(
    '/0/private/AddOrder',
    '1616492376594',
    'nonce=1616492376594&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25',
    'kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==',
  ),
  '4/dpxb3iT4tp/ZCVEwSnEsLxx0bqyhLpdfOpc6fn7OR8+UClSV5n9E6aSS8MPtnRfp32bAb0nmbRn6H8ndwLUQ==',
);
const client = new kk.KrakenSpotRawHttpClient({ baseUrl: 'http://127.0.0.1:9' });
assert.equal(typeof client.addOrder, 'function');
await client.close();
console.log('consumer smoke: import { KrakenSpotRawHttpClient, spotApiSign } from "krakenkit" works');
