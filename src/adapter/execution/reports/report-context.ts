/**
 * What every report builder needs besides the wire entry: the account the reports belong to, the
 * instruments (looked up by any name Kraken uses in a private payload), and the time the reports
 * are built. Also the shape of a batch result: the reports that parsed, the entries that did not
 * (each with its venue id and a typed error), and whether the batch is complete.
 */
import { KrakenError, KrakenStateError, KrakenValidationError } from '../../../core/errors.js';
import type { AccountId } from '../../../model/identifiers.js';
import type { Instrument } from '../../../model/instruments.js';

/** Instruments by the names Kraken's private endpoints use. */
export interface ReportInstrumentLookup {
  /**
   * A Spot pair by any of its names: the REST key (`XXBTZUSD`, TradesHistory and OpenPositions),
   * the altname (`XBTUSD`, OpenOrders/ClosedOrders `descr.pair`), the WS names (`XBT/USD`, `BTC/USD`).
   */
  spotPair(name: string): Instrument | undefined;
  /** A Futures contract by its symbol, case-insensitive (`PF_XBTUSD`, `pf_xbtusd`). */
  futuresContract(symbol: string): Instrument | undefined;
  /** Every Spot pair known (for the opt-in wallet positions). */
  spotPairs(): readonly Instrument[];
}

export interface ReportContext {
  readonly accountId: AccountId;
  readonly instruments: ReportInstrumentLookup;
  /** When the reports are built, nanoseconds (`tsInit`). */
  readonly tsInit: bigint;
}

/** One venue entry that could not become a report. The other entries are not affected. */
export interface ReportFailure {
  /** The venue's id of the entry (txid, order id, fill id, asset, symbol), or the page (`page ofs=50`). */
  readonly id: string;
  /** Always a `KrakenError` (a `KrakenValidationError` naming the bad field for bad venue input). */
  readonly error: KrakenError;
}

/** Reports built from a batch of venue entries. */
export interface ParsedReports<T> {
  readonly reports: T[];
  readonly failures: ReportFailure[];
}

/**
 * Reports fetched from the venue, possibly over several pages. `complete` is false when a page
 * could not be fetched or an entry could not be parsed: the list is then known to be short, and
 * `failures` says what is missing.
 */
export interface FetchedReports<T> extends ParsedReports<T> {
  readonly complete: boolean;
}

export function payloadError(path: string, message: string): KrakenValidationError {
  return new KrakenValidationError('Kraken payload', [{ path, message }]);
}

/** Any thrown value as a `KrakenError` (a parse bug must not escape as a bare TypeError). */
export function asKrakenError(err: unknown): KrakenError {
  if (err instanceof KrakenError) return err;
  return new KrakenError(err instanceof Error ? err.message : String(err), { cause: err });
}

/** Runs `build` over every entry; an entry that throws is a failure, never the end of the batch. */
export function buildEach<E, T>(entries: Iterable<readonly [string, E]>, build: (id: string, entry: E) => T | null): ParsedReports<T> {
  const reports: T[] = [];
  const failures: ReportFailure[] = [];
  for (const [id, entry] of entries) {
    try {
      const r = build(id, entry);
      if (r !== null) reports.push(r);
    } catch (err) {
      failures.push({ id, error: asKrakenError(err) });
    }
  }
  return { reports, failures };
}

/** Entries of a keyed venue map in the map's order; a map that is not an object is no entries. */
export function entriesOf<E>(map: Readonly<Record<string, E>> | null | undefined): [string, E][] {
  if (map === null || map === undefined || typeof map !== 'object') return [];
  return Object.entries(map);
}

/**
 * The reports of a fetch that must be whole (a mass status, a periodic check), or a
 * `KrakenStateError` naming every missing page and entry. The caller's "incomplete" path (the
 * composition marks its mass status incomplete when a product's report call throws) then runs.
 */
export function completeOrThrow<T>(fetched: FetchedReports<T>, what: string): T[] {
  if (fetched.complete) return fetched.reports;
  const missing = fetched.failures.map((f) => `${f.id}: ${f.error.message}`).join('; ');
  throw new KrakenStateError(`${what} incomplete (${fetched.reports.length} read): ${missing || 'unknown gap'}`);
}
