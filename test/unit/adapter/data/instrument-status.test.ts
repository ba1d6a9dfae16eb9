/**
 * Instrument status from the polled reload: Kraken's statuses as market status actions, a
 * changed status published, a delisted instrument CLOSE; and the start-up credential check that
 * names where a refused key came from.
 */
import { describe, expect, it } from 'vitest';
import { confirmCredentials, credentialSourceOf } from '../../../../src/adapter/common/credential-check.js';
import { instrumentStatusOf, reloadUpdates, statusAction } from '../../../../src/adapter/data/instrument-status.js';
import type { ProductCredentials } from '../../../../src/adapter/credentials.js';
import type { SpotInstrumentInfo } from '../../../../src/adapter/instruments/spot-instruments.js';
import { KrakenAuthError, KrakenTransportError } from '../../../../src/core/errors.js';
import { ApiCredentials } from '../../../../src/kraken/common/credentials.js';
import { BTCUSD, ETHBTC } from './fixtures.js';

const info = (instrument: typeof BTCUSD, venueStatus: string): SpotInstrumentInfo =>
  ({
    product: 'SPOT',
    instrument,
    venueStatus,
    names: {
      key: 'K',
      altname: 'A',
      wsname: null,
      symbol: instrument.id.symbol.value,
      base: 'B',
      quote: 'Q',
      baseAsset: null,
      quoteAsset: null,
    },
  }) as SpotInstrumentInfo;

describe('instrument status', () => {
  it.each([
    ['online', 'TRADING', true],
    ['cancel_only', 'CANCEL_ONLY', false],
    ['post_only', 'POST_ONLY', true],
    ['limit_only', 'LIMIT_ONLY', true],
    ['reduce_only', 'REDUCE_ONLY', true],
    ['tradeable', 'TRADING', true],
    ['not_tradeable', 'HALT', false],
    ['something_new', 'NOT_AVAILABLE_FOR_TRADING', false],
  ])('Kraken %s → %s (trading %s)', (venue, action, trading) => {
    expect(statusAction(venue)).toBe(action);
    const s = instrumentStatusOf(info(BTCUSD, venue), 5n);
    expect([s.action, s.isTrading, s.reason, s.tsEvent]).toEqual([action, trading, venue, 5n]);
  });

  it('a reload: added and changed instruments re-published; a status change and a delisting become statuses', () => {
    const u = reloadUpdates(
      {
        added: [info(ETHBTC, 'online')],
        changed: [
          { before: info(BTCUSD, 'online'), after: info(BTCUSD, 'cancel_only'), fields: ['venueStatus'] },
          { before: info(ETHBTC, 'online'), after: info(ETHBTC, 'online'), fields: ['takerFee'] },
        ],
        delisted: [info(BTCUSD, 'online')],
        failures: [],
      },
      7n,
    );
    expect(u.instruments.map((i) => i.id.toString())).toEqual(['ETH/BTC.KRAKEN', 'BTC/USD.KRAKEN', 'ETH/BTC.KRAKEN']);
    expect(u.changed).toHaveLength(2);
    expect(u.statuses.map((s) => `${s.instrumentId.toString()} ${s.action} ${String(s.isTrading)}`)).toEqual([
      'BTC/USD.KRAKEN CANCEL_ONLY false',
      'BTC/USD.KRAKEN CLOSE false',
    ]);
  });
});

describe('credential check at start', () => {
  const creds = new ApiCredentials('key-abc', Buffer.from('secret').toString('base64'));
  const fromEnv: ProductCredentials = {
    credentials: creds,
    source: 'environment',
    variables: { key: 'KRAKEN_SPOT_API_KEY', secret: 'KRAKEN_SPOT_API_SECRET' },
  };
  const fromConfig: ProductCredentials = { credentials: creds, source: 'config', variables: null };

  it('a refused key fails with a KrakenAuthError naming the variables (or the config fields), never the key', async () => {
    const refuse = () => Promise.reject(new KrakenAuthError(['EAPI:Invalid key']));
    const e1 = await confirmCredentials({ product: 'Spot', credentials: fromEnv, call: refuse }).catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(KrakenAuthError);
    expect((e1 as Error).message).toMatch(
      /Kraken Spot refused the API key from the environment variables KRAKEN_SPOT_API_KEY \/ KRAKEN_SPOT_API_SECRET \(EAPI:Invalid key\)/,
    );
    expect((e1 as Error).message).not.toContain('key-abc');
    const e2 = await confirmCredentials({
      product: 'Futures',
      credentials: fromConfig,
      call: () => Promise.reject(new KrakenAuthError(['authenticationError'])),
    }).catch((e: unknown) => e);
    expect((e2 as Error).message).toMatch(
      /Kraken Futures refused the API key from the config fields apiKey \/ apiSecret \(authenticationError\)/,
    );
    expect(credentialSourceOf(fromConfig)).toBe('the config fields apiKey / apiSecret');
  });

  it('a valid key without the permission passes with a warning; other failures pass through unchanged', async () => {
    expect(await confirmCredentials({ product: 'Spot', credentials: fromEnv, call: () => Promise.resolve({}) })).toBeNull();
    const w = await confirmCredentials({
      product: 'Spot',
      credentials: fromEnv,
      call: () => Promise.reject(new KrakenAuthError(['EGeneral:Permission denied'])),
    });
    expect(w).toMatch(/accepted the API key .* lacks a permission/);
    const down = new KrakenTransportError('timeout', 'timeout');
    await expect(confirmCredentials({ product: 'Spot', credentials: fromEnv, call: () => Promise.reject(down) })).rejects.toBe(down);
  });
});
