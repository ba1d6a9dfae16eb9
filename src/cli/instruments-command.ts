/**
 * `krakenkit instruments [--product spot|futures] [--filter TEXT] [--json]`: the venue's
 * instruments as a table (instrument id, Kraken's native names, precisions, increments,
 * minimums, status) or as JSON. Prices and sizes are exact decimal strings.
 */
import type { Instrument } from '../model/instruments.js';
import { loadCatalog, namesOf, type CatalogEntry, type ProductFilter } from './catalog.js';
import type { CliIo } from './io.js';
import { formatTable } from './table.js';
import type { CliVenue } from './venue.js';

export interface InstrumentsOptions {
  readonly product?: ProductFilter;
  readonly filter?: string;
  readonly json?: boolean;
}

export interface InstrumentRow {
  readonly id: string;
  readonly product: 'spot' | 'futures';
  readonly kind: string;
  readonly native: readonly string[];
  readonly pricePrecision: number;
  readonly sizePrecision: number;
  readonly priceIncrement: string;
  readonly sizeIncrement: string;
  readonly minQuantity: string | null;
  readonly minNotional: string | null;
  readonly status: string;
}

function rowOf(e: CatalogEntry): InstrumentRow {
  const i: Instrument = e.instrument;
  return {
    id: i.id.toString(),
    product: e.product,
    kind: i.instrumentClass,
    native: e.native,
    pricePrecision: i.pricePrecision,
    sizePrecision: i.sizePrecision,
    priceIncrement: i.priceIncrement.toString(),
    sizeIncrement: i.sizeIncrement.toString(),
    minQuantity: i.minQuantity?.toString() ?? null,
    minNotional: i.minNotional?.toString() ?? null,
    status: e.status,
  };
}

/** The rows the command shows, filtered (case-insensitive, on any name) and sorted by id. */
export async function instrumentRows(venue: CliVenue, options: InstrumentsOptions): Promise<InstrumentRow[]> {
  const catalog = await loadCatalog(venue, options.product);
  const f = options.filter?.toUpperCase();
  return catalog.entries
    .filter((e) => f === undefined || namesOf(e).some((n) => n.toUpperCase().includes(f)))
    .map(rowOf)
    .sort((a, b) => a.id.localeCompare(b.id));
}

export async function runInstrumentsCommand(venue: CliVenue, options: InstrumentsOptions, io: CliIo): Promise<void> {
  const rows = await instrumentRows(venue, options);
  if (options.json === true) {
    io.out(JSON.stringify(rows, null, 2));
    return;
  }
  io.out(
    formatTable(
      ['INSTRUMENT', 'KIND', 'NATIVE', 'PX DP', 'QTY DP', 'TICK', 'LOT', 'MIN QTY', 'MIN NOTIONAL', 'STATUS'],
      rows.map((r) => [
        r.id,
        r.kind,
        r.native.join(' '),
        String(r.pricePrecision),
        String(r.sizePrecision),
        r.priceIncrement,
        r.sizeIncrement,
        r.minQuantity ?? '-',
        r.minNotional ?? '-',
        r.status,
      ]),
    ),
  );
  io.err(`${rows.length} instrument(s)`);
}
