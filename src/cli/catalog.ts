/**
 * The venue's instruments as the CLI shows and resolves them: every Spot pair and Futures
 * contract with its instrument id, Kraken's native names, precisions and minimums. A symbol the
 * user types may be the instrument id, the WS v2 symbol, the REST key or altname, or the Futures
 * symbol; one that names nothing is a usage error listing the nearest names.
 */
import type { Instrument } from '../model/instruments.js';
import type { SpotInstrumentInfo } from '../adapter/instruments/spot-instruments.js';
import type { FuturesInstrumentInfo } from '../adapter/instruments/futures-instruments.js';
import { type KrakenSpotHttpClient } from '../adapter/http/spot-http-client.js';
import { type KrakenFuturesHttpClient } from '../adapter/http/futures-http-client.js';
import { CliUsageError } from './exit-codes.js';
import { nearestNames } from './nearest.js';
import type { CliVenue } from './venue.js';

export type ProductFilter = 'spot' | 'futures';

export interface CatalogEntry {
  readonly product: 'spot' | 'futures';
  readonly instrument: Instrument;
  /** Kraken's names: REST key, altname, WS name (Spot) or the contract symbol (Futures). */
  readonly native: readonly string[];
  readonly status: string;
}

export interface Catalog {
  readonly entries: readonly CatalogEntry[];
  readonly spot: KrakenSpotHttpClient | null;
  readonly futures: KrakenFuturesHttpClient | null;
}

function spotEntry(i: SpotInstrumentInfo): CatalogEntry {
  const n = i.names;
  return {
    product: 'spot',
    instrument: i.instrument,
    native: [n.key, n.altname, ...(n.wsname === null ? [] : [n.wsname])],
    status: i.venueStatus,
  };
}

function futuresEntry(i: FuturesInstrumentInfo): CatalogEntry {
  return { product: 'futures', instrument: i.instrument, native: [i.instrument.rawSymbol.value], status: i.venueStatus };
}

/** Loads the instruments of the products asked for (both by default). */
export async function loadCatalog(venue: CliVenue, product?: ProductFilter): Promise<Catalog> {
  const spot = product === 'futures' ? null : venue.spotHttp();
  const futures = product === 'spot' ? null : venue.futuresHttp();
  const entries: CatalogEntry[] = [];
  if (spot !== null) {
    const parsed = await spot.requestInstrumentInfos();
    entries.push(...parsed.instruments.map(spotEntry));
    futures?.useCurrencySpecs(spot.currencySpecsByCode());
  }
  if (futures !== null) entries.push(...(await futures.requestInstrumentInfos()).instruments.map(futuresEntry));
  return { entries, spot, futures };
}

/** Every name an entry answers to. */
export function namesOf(e: CatalogEntry): string[] {
  const id = e.instrument.id.toString();
  return [id, e.instrument.id.symbol.value, ...e.native];
}

/** The entry `typed` names (case-insensitive), or a usage error listing the nearest instrument ids. */
export function resolveInstrument(catalog: Catalog, typed: string): CatalogEntry {
  const t = typed.trim().toUpperCase();
  const hit = catalog.entries.find((e) => namesOf(e).some((n) => n.toUpperCase() === t));
  if (hit !== undefined) return hit;
  const near = nearestNames(
    typed,
    catalog.entries.map((e) => e.instrument.id.toString()),
  );
  throw new CliUsageError(`unknown instrument ${typed}${near.length > 0 ? `; nearest: ${near.join(', ')}` : ''}`);
}
