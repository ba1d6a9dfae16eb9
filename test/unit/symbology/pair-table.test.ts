/**
 * The Spot symbology table on real Kraken pair names: every REST key, altname and WS v1 name
 * resolves to the normalised WS v2 symbol, and every symbol back to each native name.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseVenueJson } from '../../../src/core/json.js';
import { KrakenValidationError } from '../../../src/core/errors.js';
import {
  KRAKEN_LEGACY_ASSET_CODES,
  legacyCodesOf,
  normalizeAssetCode,
  normalizeSlashPair,
} from '../../../src/kraken/common/symbology/legacy-codes.js';
import { KrakenPairTable } from '../../../src/kraken/common/symbology/pair-table.js';
import { sharedReferencePresent } from '../../helpers/shared-reference.js';

/** [REST key, altname, wsname, base asset id, quote asset id, normalised symbol], as Kraken lists them. */
const REAL_PAIRS: readonly (readonly [string, string, string, string, string, string])[] = [
  ['XXBTZUSD', 'XBTUSD', 'XBT/USD', 'XXBT', 'ZUSD', 'BTC/USD'],
  ['XXBTZEUR', 'XBTEUR', 'XBT/EUR', 'XXBT', 'ZEUR', 'BTC/EUR'],
  ['XXBTZGBP', 'XBTGBP', 'XBT/GBP', 'XXBT', 'ZGBP', 'BTC/GBP'],
  ['XXBTZCAD', 'XBTCAD', 'XBT/CAD', 'XXBT', 'ZCAD', 'BTC/CAD'],
  ['XXBTZJPY', 'XBTJPY', 'XBT/JPY', 'XXBT', 'ZJPY', 'BTC/JPY'],
  ['XBTUSDT', 'XBTUSDT', 'XBT/USDT', 'XXBT', 'USDT', 'BTC/USDT'],
  ['XBTUSDC', 'XBTUSDC', 'XBT/USDC', 'XXBT', 'USDC', 'BTC/USDC'],
  ['XETHZUSD', 'ETHUSD', 'ETH/USD', 'XETH', 'ZUSD', 'ETH/USD'],
  ['XETHZEUR', 'ETHEUR', 'ETH/EUR', 'XETH', 'ZEUR', 'ETH/EUR'],
  ['XETHXXBT', 'ETHXBT', 'ETH/XBT', 'XETH', 'XXBT', 'ETH/BTC'],
  ['ETHUSDT', 'ETHUSDT', 'ETH/USDT', 'XETH', 'USDT', 'ETH/USDT'],
  ['XETCXETH', 'ETCETH', 'ETC/ETH', 'XETC', 'XETH', 'ETC/ETH'],
  ['XLTCZUSD', 'LTCUSD', 'LTC/USD', 'XLTC', 'ZUSD', 'LTC/USD'],
  ['XLTCXXBT', 'LTCXBT', 'LTC/XBT', 'XLTC', 'XXBT', 'LTC/BTC'],
  ['XXRPZUSD', 'XRPUSD', 'XRP/USD', 'XXRP', 'ZUSD', 'XRP/USD'],
  ['XXRPXXBT', 'XRPXBT', 'XRP/XBT', 'XXRP', 'XXBT', 'XRP/BTC'],
  ['XXLMZUSD', 'XLMUSD', 'XLM/USD', 'XXLM', 'ZUSD', 'XLM/USD'],
  ['XXMRZUSD', 'XMRUSD', 'XMR/USD', 'XXMR', 'ZUSD', 'XMR/USD'],
  ['XZECZUSD', 'ZECUSD', 'ZEC/USD', 'XZEC', 'ZUSD', 'ZEC/USD'],
  ['XDGUSD', 'XDGUSD', 'XDG/USD', 'XXDG', 'ZUSD', 'DOGE/USD'],
  ['XDGEUR', 'XDGEUR', 'XDG/EUR', 'XXDG', 'ZEUR', 'DOGE/EUR'],
  ['XXDGXXBT', 'XDGXBT', 'XDG/XBT', 'XXDG', 'XXBT', 'DOGE/BTC'],
  ['USDTZUSD', 'USDTUSD', 'USDT/USD', 'USDT', 'ZUSD', 'USDT/USD'],
  ['ZEURZUSD', 'EURUSD', 'EUR/USD', 'ZEUR', 'ZUSD', 'EUR/USD'],
  ['SOLUSD', 'SOLUSD', 'SOL/USD', 'SOL', 'ZUSD', 'SOL/USD'],
  ['ADAEUR', 'ADAEUR', 'ADA/EUR', 'ADA', 'ZEUR', 'ADA/EUR'],
  // Newer assets whose codes merely start with X or Z keep them: no prefix is stripped by rule.
  ['XTZUSD', 'XTZUSD', 'XTZ/USD', 'XTZ', 'ZUSD', 'XTZ/USD'],
  ['ZEUSUSD', 'ZEUSUSD', 'ZEUS/USD', 'ZEUS', 'ZUSD', 'ZEUS/USD'],
  ['ZRXUSD', 'ZRXUSD', 'ZRX/USD', 'ZRX', 'ZUSD', 'ZRX/USD'],
  // Tokenized equities (lowercase x) and staked assets (a dot in the code).
  ['AAPLxUSD', 'AAPLxUSD', 'AAPLx/USD', 'AAPLx', 'ZUSD', 'AAPLx/USD'],
  ['ETH2.SETH', 'ETH2.SETH', 'ETH2.S/ETH', 'ETH2.S', 'XETH', 'ETH2.S/ETH'],
];

function assetPairs(rows = REAL_PAIRS, withWsname = true) {
  return Object.fromEntries(
    rows.map(([key, altname, wsname, base, quote]) => [key, { altname, ...(withWsname ? { wsname } : {}), base, quote }]),
  );
}

describe('legacy asset codes', () => {
  it('maps Kraken legacy ids and altnames on an explicit table, and nothing else', () => {
    expect(normalizeAssetCode('XXBT')).toBe('BTC');
    expect(normalizeAssetCode('XBT')).toBe('BTC');
    expect(normalizeAssetCode('XXDG')).toBe('DOGE');
    expect(normalizeAssetCode('XDG')).toBe('DOGE');
    expect(normalizeAssetCode('ZUSD')).toBe('USD');
    expect(normalizeAssetCode('ZEUR')).toBe('EUR');
    expect(normalizeAssetCode('XETH')).toBe('ETH');
    for (const kept of ['ZEUS', 'ZRX', 'XTZ', 'XCN', 'XRP', 'ZEC', 'USDT', 'AAPLx', 'ETH2.S', 'toString', '__proto__'])
      expect(normalizeAssetCode(kept)).toBe(kept);
    expect(legacyCodesOf('BTC')).toEqual(['XXBT', 'XBT']);
    expect(legacyCodesOf('SOL')).toEqual([]);
    expect(Object.isFrozen(KRAKEN_LEGACY_ASSET_CODES)).toBe(true);
  });

  it('normalises both legs of a slash name', () => {
    expect(normalizeSlashPair('XBT/USD')).toBe('BTC/USD');
    expect(normalizeSlashPair('ETH/XBT')).toBe('ETH/BTC');
    expect(normalizeSlashPair('XXDG/ZEUR')).toBe('DOGE/EUR');
    expect(normalizeSlashPair('ZEUS/USD')).toBe('ZEUS/USD');
    expect(normalizeSlashPair('XBTUSD')).toBeUndefined();
    expect(normalizeSlashPair('A/B/C')).toBeUndefined();
    expect(normalizeSlashPair('/USD')).toBeUndefined();
  });
});

describe('KrakenPairTable on real Kraken pair names', () => {
  const table = KrakenPairTable.fromAssetPairs(assetPairs());

  it('holds at least 20 real pairs, several with key, altname and wsname all different', () => {
    expect(table.size).toBe(REAL_PAIRS.length);
    expect(REAL_PAIRS.length).toBeGreaterThanOrEqual(20);
    const allDifferent = REAL_PAIRS.filter(([key, alt, ws]) => key !== alt && alt !== ws && key !== ws);
    expect(allDifferent.length).toBeGreaterThanOrEqual(10);
    expect(table.skipped).toEqual([]);
  });

  it.each(REAL_PAIRS)('%s / %s / %s → %s and back', (key, altname, wsname, baseAsset, quoteAsset, symbol) => {
    for (const name of [key, altname, wsname, symbol]) {
      expect(table.toSymbol(name), name).toBe(symbol);
      expect(table.resolve(name)?.key, name).toBe(key);
    }
    expect(table.toRestKey(symbol)).toBe(key);
    expect(table.toAltname(symbol)).toBe(altname);
    expect(table.toWsName(symbol)).toBe(wsname);
    expect(table.toWsV2Symbol(wsname)).toBe(symbol);
    const names = table.require(altname);
    expect(names.baseAsset).toBe(baseAsset);
    expect(names.quoteAsset).toBe(quoteAsset);
    expect(`${names.base}/${names.quote}`).toBe(symbol);
  });

  it('resolves a slash name of legacy ids and lowercase REST names', () => {
    expect(table.toSymbol('XXBT/ZUSD')).toBe('BTC/USD');
    expect(table.toSymbol('xbtusd')).toBe('BTC/USD');
    expect(table.toSymbol('btc/usd')).toBe('BTC/USD');
    expect(table.toSymbol('AAPLxUSD')).toBe('AAPLx/USD');
  });

  it('resolves a case-folded name by the same authority as exact names (REST key before altname)', () => {
    const t = KrakenPairTable.fromAssetPairs({
      AAAUSD: { altname: 'bbbusd', wsname: 'AAA/USD' },
      BBBUSD: { altname: 'BBB-USD', wsname: 'BBB/USD' },
    });
    expect(t.resolve('bbbusd')?.key).toBe('AAAUSD'); // exact altname
    expect(t.resolve('Bbbusd')?.key).toBe('BBBUSD'); // folded: a REST key outranks an altname
    expect(t.resolve('aaa/usd')?.key).toBe('AAAUSD');
    expect(t.resolve('nope')).toBeUndefined();
  });

  it('refuses an unknown pair with a typed error', () => {
    expect(table.resolve('NOPE/USD')).toBeUndefined();
    expect(() => table.require('NOPE/USD')).toThrow(KrakenValidationError);
    expect(() => table.toRestKey('NOPEUSD')).toThrow(/unknown Kraken Spot pair "NOPEUSD"/);
  });

  it('falls back to the asset ids (through the Assets altnames) when a pair has no wsname', () => {
    const assets = { XXBT: { altname: 'XBT' }, XXDG: { altname: 'XDG' }, ZUSD: { altname: 'USD' }, XETH: { altname: 'ETH' } };
    const noWs = KrakenPairTable.fromAssetPairs(assetPairs(REAL_PAIRS, false), assets);
    for (const [key, altname, , , , symbol] of REAL_PAIRS) {
      expect(noWs.toSymbol(key)).toBe(symbol);
      expect(noWs.toAltname(symbol)).toBe(altname);
      expect(noWs.toWsName(symbol)).toBeNull();
    }
  });

  it('skips entries without a usable name and a second pair claiming a taken symbol, and says why', () => {
    const t = KrakenPairTable.fromAssetPairs({
      XXBTZUSD: { altname: 'XBTUSD', wsname: 'XBT/USD', base: 'XXBT', quote: 'ZUSD' },
      ODD: { altname: 'ODD' },
      XBTUSDCOPY: { altname: 'XBTUSDCOPY', wsname: 'BTC/USD', base: 'XXBT', quote: 'ZUSD' },
    });
    expect(t.size).toBe(1);
    expect(t.skipped.map((s) => s.key)).toEqual(['ODD', 'XBTUSDCOPY']);
    expect(t.toRestKey('BTC/USD')).toBe('XXBTZUSD');
  });
});

describe('KrakenPairTable on recorded AssetPairs payloads', () => {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
  const load = (file: string) =>
    (
      parseVenueJson(readFileSync(file, 'utf8')) as {
        result: Record<string, { altname?: string; wsname?: string; base?: string; quote?: string }>;
      }
    ).result;

  it('our documented fixture: XXBTZUSD and XETHXXBT', () => {
    const t = KrakenPairTable.fromAssetPairs(load(path.join(root, 'fixtures/spot/http/http_get_asset_pairs.json')));
    expect(t.all().map((p) => [p.key, p.symbol])).toEqual([
      ['XXBTZUSD', 'BTC/USD'],
      ['XETHXXBT', 'ETH/BTC'],
    ]);
  });

  const shared = path.resolve(root, '../shared/fixtures/kraken/spot/http');
  it.skipIf(!sharedReferencePresent(shared))(
    'third-party recordings: XBTUSDT and the tokenized AAPLxUSD (skipped when ../shared is absent)',
    () => {
      const t = KrakenPairTable.fromAssetPairs({
        ...load(path.join(shared, 'http_asset_pairs.json')),
        ...load(path.join(shared, 'http_asset_pairs_tokenized.json')),
      });
      expect(t.toSymbol('XBTUSDT')).toBe('BTC/USDT');
      expect(t.toWsName('BTC/USDT')).toBe('XBT/USDT');
      expect(t.toSymbol('AAPLx/USD')).toBe('AAPLx/USD');
    },
  );
});
