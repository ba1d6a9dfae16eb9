import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  FuturesChallenges,
  KeyStore,
  WsTokenStore,
  demoCredentials,
  deriveKeyPair,
  parseNonce,
  redactable,
  verifyFuturesRequest,
  verifySpotRequest,
} from '../../../src/sim/auth/index.js';
import type { FuturesCredential, SpotCredential, SpotPermission } from '../../../src/sim/auth/index.js';
import { ManualClock } from '../../../src/core/clock.js';
import { Mulberry32Random } from '../../../src/sim/random/mulberry32.js';
import { expectedFuturesAuthent, expectedSignedChallenge, expectedSpotApiSign } from '../../../src/sim/auth/signatures.js';
import { futuresAuthent, futuresSignChallenge, spotApiSign } from '../../../src/transport/signing.js';

// The secret of Kraken's documented API-Sign example, so the verifier is pinned to Kraken's algorithm.
const SPOT_SECRET = 'kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==';
const FUT_SECRET = '7zxMEF5p/Z8l2p2U7Ghv6x14Af+Fx+92tPgUdVQ748FOIrEoT9bgT+bTRfXc5pz8na+hL/QdrCVG7bh9KpT0eMTm';

function store(perms: SpotCredential['permissions'] = new Set(['query', 'trade', 'websocket'])) {
  const keys = new KeyStore();
  const spot: SpotCredential = redactable({
    venue: 'spot',
    apiKey: 'SPOTKEY',
    apiSecret: SPOT_SECRET,
    accountId: 'a1',
    permissions: perms,
    tier: 'starter',
  });
  const fut: FuturesCredential = redactable({ venue: 'futures', apiKey: 'FUTKEY', apiSecret: FUT_SECRET, accountId: 'a1', access: 'full' });
  keys.add(spot);
  keys.add(fut);
  return keys;
}

describe('Spot REST auth', () => {
  const body = 'nonce=1616492376594&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25';
  const path = '/0/private/AddOrder';
  const base = { path, method: 'AddOrder', apiKey: 'SPOTKEY', rawBody: body, nonce: '1616492376594' };

  it('accepts the official vector signature', () => {
    const r = verifySpotRequest(store(), {
      ...base,
      apiSign: '4/dpxb3iT4tp/ZCVEwSnEsLxx0bqyhLpdfOpc6fn7OR8+UClSV5n9E6aSS8MPtnRfp32bAb0nmbRn6H8ndwLUQ==',
    });
    expect(r.ok).toBe(true);
  });

  it('unknown key → EAPI:Invalid key; bad signature → EAPI:Invalid signature', () => {
    const keys = store();
    expect(verifySpotRequest(keys, { ...base, apiKey: 'nope', apiSign: 'x' })).toEqual({ ok: false, error: 'EAPI:Invalid key' });
    expect(verifySpotRequest(keys, { ...base, apiKey: undefined, apiSign: 'x' })).toEqual({ ok: false, error: 'EAPI:Invalid key' });
    expect(verifySpotRequest(keys, { ...base, apiSign: 'AAAA' })).toEqual({ ok: false, error: 'EAPI:Invalid signature' });
    // signing the path without /0 prefix is a classic client bug
    const wrongPath = spotApiSign('/private/AddOrder', '1616492376594', body, SPOT_SECRET);
    expect(verifySpotRequest(keys, { ...base, apiSign: wrongPath })).toEqual({ ok: false, error: 'EAPI:Invalid signature' });
  });

  it('nonce must strictly increase per key → EAPI:Invalid nonce (replay refused)', () => {
    const keys = store();
    const sign = spotApiSign(path, '1616492376594', body, SPOT_SECRET);
    expect(verifySpotRequest(keys, { ...base, apiSign: sign }).ok).toBe(true);
    expect(verifySpotRequest(keys, { ...base, apiSign: sign })).toEqual({ ok: false, error: 'EAPI:Invalid nonce' });
    const lower = 'nonce=5';
    expect(verifySpotRequest(keys, { ...base, rawBody: lower, nonce: '5', apiSign: spotApiSign(path, '5', lower, SPOT_SECRET) })).toEqual({
      ok: false,
      error: 'EAPI:Invalid nonce',
    });
    expect(verifySpotRequest(keys, { ...base, nonce: undefined, apiSign: sign })).toEqual({ ok: false, error: 'EAPI:Invalid nonce' });
  });

  it('missing permission → EGeneral:Permission denied', () => {
    const keys = store(new Set(['query']));
    const sign = spotApiSign(path, '1616492376594', body, SPOT_SECRET);
    expect(verifySpotRequest(keys, { ...base, apiSign: sign })).toEqual({ ok: false, error: 'EGeneral:Permission denied' });
  });

  it('JSON bodies sign the JSON text', () => {
    const json = '{"nonce":1616492376594,"ordertype":"limit","pair":"XBTUSD","price":"37500","type":"buy","volume":"1.25"}';
    const r = verifySpotRequest(store(), {
      ...base,
      rawBody: json,
      nonce: 1616492376594,
      apiSign: 'kMkTQfyYJH05IdnWQ9TIqL9Kq+dKqcD5O/TGPPLRwwy1is/YvqEYtMAHf7tXsqwfbLwp7pbzJzWHxzKPnL8rfA==',
    });
    expect(r.ok).toBe(true);
  });

  it('parseNonce takes uint64 text only', () => {
    expect(parseNonce('1700000000000000000')).toBe(1700000000000000000n);
    expect(parseNonce('-1')).toBeUndefined();
    expect(parseNonce('1.5')).toBeUndefined();
    expect(parseNonce('18446744073709551616')).toBeUndefined();
  });
});

describe('Futures REST auth', () => {
  const postData = 'orderType=lmt&symbol=PF_XBTUSD&side=buy&size=0.01&limitPrice=10000&cliOrdId=my-order-1';
  const req = { path: '/derivatives/api/v3/sendorder', apiKey: 'FUTKEY', nonce: '1700000000000', postData, needsFullAccess: true };

  it('accepts vector C (path hashed without /derivatives) and rejects C-bad', () => {
    expect(
      verifyFuturesRequest(store(), {
        ...req,
        authent: 'ugGqb0GgHfWVcxT0472px6WXzqfLeohVV7SjM/E+SgKC78Tskb6/ZKhfee4es5eEB2ot3dYoLnA1nm2XZz3F2g==',
      }).ok,
    ).toBe(true);
    expect(
      verifyFuturesRequest(store(), {
        ...req,
        authent: 'Ofe7v1/TDqeqWp0529Ix46F/03pOZnLywUr9xkwXy3+gPzPIMwqiH3kQ31dkmAoUAMmCBCLBXT85Iek0qJPY1w==',
      }),
    ).toEqual({ ok: false, error: 'authenticationError' });
  });

  it('unknown key → authenticationError; nonce below → nonceBelowThreshold; same → nonceDuplicate', () => {
    const keys = store();
    expect(verifyFuturesRequest(keys, { ...req, apiKey: 'x', authent: 'x' })).toEqual({ ok: false, error: 'authenticationError' });
    const sign = (n: string) => futuresAuthent(req.path, n, postData, FUT_SECRET);
    expect(verifyFuturesRequest(keys, { ...req, nonce: '10', authent: sign('10') }).ok).toBe(true);
    expect(verifyFuturesRequest(keys, { ...req, nonce: '10', authent: sign('10') })).toEqual({ ok: false, error: 'nonceDuplicate' });
    expect(verifyFuturesRequest(keys, { ...req, nonce: '9', authent: sign('9') })).toEqual({ ok: false, error: 'nonceBelowThreshold' });
  });

  it('read-only keys cannot trade', () => {
    const keys = new KeyStore();
    keys.add({ venue: 'futures', apiKey: 'RO', apiSecret: FUT_SECRET, accountId: 'a', access: 'read-only' });
    const authent = futuresAuthent(req.path, '1', postData, FUT_SECRET);
    expect(verifyFuturesRequest(keys, { ...req, apiKey: 'RO', nonce: '1', authent })).toEqual({ ok: false, error: 'authenticationError' });
  });
});

describe('WS tokens and challenges', () => {
  it('tokens expire after 15 min unless held by a live private subscription', () => {
    const clock = new ManualClock(0);
    const tokens = new WsTokenStore(clock, new Mulberry32Random(1));
    const a = tokens.issue({ accountId: 'acc', permissions: new Set(['websocket']) });
    expect(a.expires).toBe(900);
    expect(a.token).toHaveLength(43);
    const b = tokens.issue({ accountId: 'acc', permissions: new Set(['websocket']) });
    tokens.hold(b.token);
    clock.set(900_001);
    expect(tokens.accountFor(a.token)).toBeUndefined();
    expect(tokens.accountFor(b.token)).toBe('acc');
    tokens.release(b.token);
    expect(tokens.accountFor(b.token)).toBeUndefined();
  });

  it('a token carries the permissions of the key that fetched it, as they were when it was issued', () => {
    const tokens = new WsTokenStore(new ManualClock(0), new Mulberry32Random(1));
    const keyPermissions = new Set<SpotPermission>(['query', 'websocket']);
    const reader = tokens.issue({ accountId: 'acc', permissions: keyPermissions });
    const trader = tokens.issue({ accountId: 'acc', permissions: new Set(['query', 'trade', 'websocket']) });
    keyPermissions.add('trade'); // the store keeps its own copy
    expect(tokens.grantFor(reader.token)?.permissions.has('trade')).toBe(false);
    expect(tokens.grantFor(trader.token)?.permissions.has('trade')).toBe(true);
    expect(tokens.grantFor(trader.token)?.accountId).toBe('acc');
    expect(tokens.grantFor('never-issued')).toBeUndefined();
  });

  it('futures challenge verifies only the signed challenge issued to that key', () => {
    const keys = store();
    const ch = new FuturesChallenges(keys, new Mulberry32Random(1));
    expect(ch.issue('unknown')).toBeUndefined();
    const c = ch.issue('FUTKEY')!;
    expect(c).toMatch(/^[0-9a-f-]{36}$/);
    expect(ch.verify('FUTKEY', c, futuresSignChallenge(c, FUT_SECRET))?.accountId).toBe('a1');
    expect(ch.verify('FUTKEY', c, futuresSignChallenge('other', FUT_SECRET))).toBeUndefined();
    expect(ch.verify('FUTKEY', 'never-issued', futuresSignChallenge('never-issued', FUT_SECRET))).toBeUndefined();
  });
});

// The simulator computes signatures with its own code, not the client's signer, so each checks the
// other. Pinned here to Kraken's documented examples (Spot REST API-Sign, Futures WS challenge)
// and, for Futures REST Authent (no official example exists), to values recomputed independently
// from the documented algorithm with Python's hashlib/hmac.
describe("the simulator's own signature algorithms", () => {
  it("Spot API-Sign: Kraken's documented AddOrder example and the SDK's Balance example", () => {
    expect(
      expectedSpotApiSign(
        '/0/private/AddOrder',
        '1616492376594',
        'nonce=1616492376594&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25',
        SPOT_SECRET,
      ),
    ).toBe('4/dpxb3iT4tp/ZCVEwSnEsLxx0bqyhLpdfOpc6fn7OR8+UClSV5n9E6aSS8MPtnRfp32bAb0nmbRn6H8ndwLUQ==');
    expect(
      expectedSpotApiSign(
        '/0/private/Balance',
        '1700000000000000000',
        'nonce=1700000000000000000',
        'AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=',
      ),
    ).toBe('6i7+cpXVLDDnDOekgsRcgFQhkYFyPDSSxhSVA8OrA6vjziXcy2K1DP3n7f9B/Kgni71WjBSQusZKxduRsdF20Q==');
  });

  it("Futures WS signed challenge: Kraken's documented example", () => {
    expect(expectedSignedChallenge('c100b894-1729-464d-ace1-52dbce11db42', FUT_SECRET)).toBe(
      '4JEpF3ix66GA2B+ooK128Ift4XQVtc137N9yeg4Kqsn9PI0Kpzbysl9M1IeCEdjg0zl00wkVqcsnG4bmnlMb3A==',
    );
  });

  it('Futures Authent hashes the path without /derivatives, and no nonce adds nothing', () => {
    expect(expectedFuturesAuthent('/derivatives/api/v3/orderbook', '1415957147987', 'symbol=fi_xbtusd_180615', FUT_SECRET)).toBe(
      'JHLjN8OUDYaXjHRGT0z4nUvJorORrXoL9omot4BK5ihtp6jKHPHfzX9MrpVjqAgKqGJejoO3gySwoVCMJQlx/Q==',
    );
    expect(expectedFuturesAuthent('/derivatives/api/v3/openpositions', undefined, '', FUT_SECRET)).toBe(
      '97NHlfPZy2jSPglkvI5ZaYjteN2sBRIK32YTyrR8Op+S0+TKyqJvZPeUuV0CQhcW0oq7DKYxq3B/Vq0H+PJGWQ==',
    );
    expect(expectedFuturesAuthent('/api/history/v3/account-log', '1700000000000', 'count=1', FUT_SECRET)).toBe(
      'ZvkTocqlMDKsNyAl5hGkR87OjAEysa4g8y7v4NjB8pQ0U3GMySmC1sJIkN6fMzkKpsGdMEwR02DXURXx3/cXEA==',
    );
  });
});

describe('credentials', () => {
  it('are deterministic per seed, valid 64-byte base64 secrets, and never shown by inspect/JSON', () => {
    const a = deriveKeyPair(42, 'spot');
    expect(deriveKeyPair(42, 'spot')).toEqual(a);
    expect(deriveKeyPair(43, 'spot')).not.toEqual(a);
    expect(Buffer.from(a.apiSecret, 'base64')).toHaveLength(64);
    expect(a.apiKey).toHaveLength(56);
    const d = demoCredentials(a.apiKey, a.apiSecret);
    expect(inspect(d)).not.toContain(a.apiSecret);
    expect(JSON.stringify(d)).not.toContain(a.apiSecret);
    expect(d.apiSecret).toBe(a.apiSecret);
  });
});
