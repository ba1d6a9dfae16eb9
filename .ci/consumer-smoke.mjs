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

// The simulator is its own entry point; the root entry exports none of it.
for (const name of ['startKrakenSim', 'SimEngine', 'createSimEngine', 'FaultController', 'DecayingCounter', 'SpotRestLimiter']) {
  assert.equal(kk[name], undefined, `krakenkit (root) still exports the simulator's ${name}`);
}
const { startKrakenSim, ManualClock } = await import('krakenkit/sim');
const sim = await startKrakenSim({ seed: 1, clock: new ManualClock(Date.UTC(2026, 0, 5)) });
try {
  for (const key of ['spotRest', 'spotWsPublic', 'spotWsAuth', 'futuresRest', 'futuresWs']) {
    assert.match(sim.urls[key], /^(http|ws):\/\/127\.0\.0\.1:\d+/, `sim.urls.${key}`);
  }
  const res = await fetch(`${sim.urls.spotRest}/0/public/Time`);
  const body = await res.json();
  assert.deepEqual(body.error, [], 'the simulator answers Spot REST Time');
} finally {
  await sim.close();
}
console.log(
  'consumer smoke: import { KrakenSpotRawHttpClient, spotApiSign } from "krakenkit" works; import { startKrakenSim } from "krakenkit/sim" starts and closes a simulator',
);
