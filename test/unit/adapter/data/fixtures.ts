/**
 * Fixture loading for the data client's unit tests (not a test file): WS frames decoded and
 * validated exactly as the WS clients do it, and instruments parsed from our REST fixtures.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { responseValidators as futuresValidators } from '../../../../generated/futures-rest/validators.gen.js';
import { responseValidators as spotValidators } from '../../../../generated/spot-rest/validators.gen.js';
import { parseFuturesInstruments } from '../../../../src/adapter/instruments/futures-instruments.js';
import { parseSpotInstruments } from '../../../../src/adapter/instruments/spot-instruments.js';
import { parseVenueJson } from '../../../../src/core/json.js';
import { validateFuturesFeedFrame } from '../../../../src/kraken/futures/ws/frame-validation.js';
import { validateSpotChannelFrame } from '../../../../src/kraken/spot/ws/frame-validation.js';
import { CryptoPerpetual, type Instrument } from '../../../../src/model/instruments.js';
import { Price } from '../../../../src/model/values.js';
import { validateOrThrow } from '../../../../src/transport/validation.js';
import { sharedReferencePresent } from '../../../helpers/shared-reference.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const ours = (p: string): string => path.join(root, 'fixtures', p);
/** Third-party recordings, when the shared folder is there. */
export const shared = (p: string): string => path.resolve(root, '../shared/fixtures/kraken', p);
export const hasShared = sharedReferencePresent(shared('spot/ws'));

function decode(file: string): Record<string, unknown> {
  return parseVenueJson(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

/** A Spot WS v2 channel frame, validated (decimals become exact strings) as the client does. */
export function spotFrame<T>(file: string): T {
  const frame = decode(file);
  const checked = validateSpotChannelFrame(String(frame['channel']), frame, file);
  if (!checked.valid) throw checked.error;
  return checked.message as T;
}

/** A Futures WS v1 feed message, validated as the client does. */
export function futuresFrame<T>(file: string): T {
  const frame = decode(file);
  const checked = validateFuturesFeedFrame(String(frame['feed']), frame, file);
  if (!checked.valid) throw checked.error;
  return checked.message as T;
}

const pairs = validateOrThrow(
  spotValidators.AssetPairs,
  (decode(ours('spot/http/http_get_asset_pairs.json')) as { result: unknown }).result,
  'AssetPairs',
  'fixture',
);
const spot = parseSpotInstruments(pairs, undefined, 0n).instruments;
const futures = parseFuturesInstruments(
  validateOrThrow(futuresValidators.instruments, decode(ours('futures/http/http_get_instruments.json')), 'instruments', 'fixture'),
  new Map(),
  0n,
).instruments;

function find(list: readonly { readonly instrument: Instrument }[], id: string): Instrument {
  const i = list.find((x) => x.instrument.id.toString() === id)?.instrument;
  if (i === undefined) throw new Error(`fixture instrument ${id} missing`);
  return i;
}

/** BTC/USD: price precision 1, size precision 8. */
export const BTCUSD = find(spot, 'BTC/USD.KRAKEN');
/** ETH/BTC: price precision 5. */
export const ETHBTC = find(spot, 'ETH/BTC.KRAKEN');
const pf = find(futures, 'PF_XBTUSD.KRAKEN');
/**
 * The linear perpetual with a 0.5 tick (size precision 4): our WS fixtures quote it in halves,
 * while the REST fixture lists a whole-dollar tick.
 */
export const PF_XBTUSD = new CryptoPerpetual({ ...pf, pricePrecision: 1, priceIncrement: Price.fromStr('0.5') });
/** Inverse perpetual, tick 0.5, whole contracts. */
export const PI_XBTUSD = find(futures, 'PI_XBTUSD.KRAKEN');
/** A dated inverse future. */
export const FI_XBTUSD = find(futures, 'FI_XBTUSD_260626.KRAKEN');
