/**
 * `KrakenInstrumentProvider`: loads Kraken's instruments (Spot pairs and Futures contracts, all
 * of them or a filtered set) through the HTTP clients, keeps the current set, and reloads it on a
 * timer. Each reload says what was added, what changed and what Kraken delisted, so the data
 * client can re-publish changed instruments and mark delisted ones closed.
 */
import { systemClock, type Clock, type TimerHandle } from '../../core/clock.js';
import { KrakenStateError } from '../../core/errors.js';
import { normalizeSlashPair } from '../../kraken/common/symbology/legacy-codes.js';
import type { KrakenPairTable } from '../../kraken/common/symbology/pair-table.js';
import type { InstrumentId } from '../../model/identifiers.js';
import type { Instrument } from '../../model/instruments.js';
import { KRAKEN } from '../constants.js';
import type { CurrencySpec } from './currencies.js';
import type { FuturesInstrumentInfo } from './futures-instruments.js';
import { diffInstruments, type InstrumentReload, type KrakenInstrumentInfo } from './instrument-diff.js';
import type { ParseFailure, SpotInstrumentInfo } from './spot-instruments.js';

/** What the provider needs of the Spot HTTP client. */
export interface SpotInstrumentSource {
  requestInstrumentInfos(): Promise<{
    readonly instruments: readonly SpotInstrumentInfo[];
    readonly failures: readonly ParseFailure[];
    readonly table?: KrakenPairTable;
  }>;
  currencySpecsByCode(): ReadonlyMap<string, CurrencySpec>;
}

/** What the provider needs of the Futures HTTP client. */
export interface FuturesInstrumentSource {
  requestInstrumentInfos(): Promise<{ readonly instruments: readonly FuturesInstrumentInfo[]; readonly failures: readonly ParseFailure[] }>;
  useCurrencySpecs(specs: ReadonlyMap<string, CurrencySpec>): void;
}

export interface KrakenInstrumentProviderOptions {
  readonly spot?: SpotInstrumentSource | null;
  readonly futures?: FuturesInstrumentSource | null;
  /**
   * Load only these: instrument ids (`BTC/USD.KRAKEN`, `PF_XBTUSD.KRAKEN`) or any Kraken name of
   * a Spot pair (`XXBTZUSD`, `XBTUSD`, `XBT/USD`) or Futures symbol. Null or absent: everything.
   */
  readonly filter?: readonly (InstrumentId | string)[] | null;
  /** Arms the periodic reload; default the system clock. */
  readonly clock?: Clock;
}

export interface PeriodicReloadHandlers {
  readonly onReload: (reload: InstrumentReload) => void;
  /** A failed reload (network, venue); the timer keeps running. */
  readonly onError: (error: unknown) => void;
}

const SUFFIX = `.${KRAKEN}`;

interface FilterEntry {
  readonly name: string;
  readonly variants: ReadonlySet<string>;
}

export class KrakenInstrumentProvider {
  readonly #spot: SpotInstrumentSource | null;
  readonly #futures: FuturesInstrumentSource | null;
  readonly #clock: Clock;
  #filter: FilterEntry[] | null;
  #current = new Map<string, KrakenInstrumentInfo>();
  #chain: Promise<unknown> = Promise.resolve();
  /** The scheduled reload; null while none is. */
  #timer: TimerHandle = null;
  #timerGeneration = 0;

  constructor(options: KrakenInstrumentProviderOptions) {
    this.#spot = options.spot ?? null;
    this.#futures = options.futures ?? null;
    if (this.#spot === null && this.#futures === null)
      throw new KrakenStateError('KrakenInstrumentProvider needs a Spot or a Futures source');
    this.#clock = options.clock ?? systemClock;
    this.#filter = KrakenInstrumentProvider.#filterSet(options.filter ?? null);
  }

  static #filterSet(filter: readonly (InstrumentId | string)[] | null): FilterEntry[] | null {
    if (filter === null) return null;
    return filter.map((f) => {
      const name = f.toString();
      const bare = name.endsWith(SUFFIX) ? name.slice(0, -SUFFIX.length) : name;
      const slash = normalizeSlashPair(bare);
      // Kraken's REST names are case-insensitive; tokenized codes (`AAPLx`) are not, so both are kept.
      const variants = new Set([bare, bare.toUpperCase(), ...(slash === undefined ? [] : [slash, slash.toUpperCase()])]);
      return { name, variants };
    });
  }

  static #namesOf(info: KrakenInstrumentInfo): string[] {
    const names =
      info.product === 'SPOT'
        ? [info.names.symbol, info.names.key, info.names.altname, info.names.wsname]
        : [info.instrument.rawSymbol.value];
    return names.filter((n): n is string => n !== null).flatMap((n) => [n, n.toUpperCase()]);
  }

  static #matches(entry: FilterEntry, info: KrakenInstrumentInfo): boolean {
    return KrakenInstrumentProvider.#namesOf(info).some((n) => entry.variants.has(n));
  }

  /** Reads every configured product; Spot first, so Futures currencies get Kraken's asset decimals. */
  async #read(): Promise<{ infos: KrakenInstrumentInfo[]; failedIds: Set<string>; failures: ParseFailure[] }> {
    const infos: KrakenInstrumentInfo[] = [];
    const failedIds = new Set<string>();
    const failures: ParseFailure[] = [];
    if (this.#spot !== null) {
      const spot = await this.#spot.requestInstrumentInfos();
      infos.push(...spot.instruments);
      for (const f of spot.failures) {
        failures.push(f);
        const symbol = spot.table?.resolve(f.name)?.symbol;
        if (symbol !== undefined) failedIds.add(symbol + SUFFIX);
      }
      this.#futures?.useCurrencySpecs(this.#spot.currencySpecsByCode());
    }
    if (this.#futures !== null) {
      const futures = await this.#futures.requestInstrumentInfos();
      infos.push(...futures.instruments);
      for (const f of futures.failures) {
        failures.push(f);
        failedIds.add(f.name + SUFFIX);
      }
    }
    const filter = this.#filter;
    if (filter === null) return { infos, failedIds, failures };
    const kept = infos.filter((i) => filter.some((e) => KrakenInstrumentProvider.#matches(e, i)));
    for (const e of filter) {
      // A requested name Kraken does not list is worth saying, rather than silently loading nothing.
      const found =
        kept.some((i) => KrakenInstrumentProvider.#matches(e, i)) ||
        [...failedIds].some((id) => e.variants.has(id.slice(0, -SUFFIX.length)));
      if (!found) failures.push({ name: e.name, reason: 'not listed by Kraken' });
    }
    return { infos: kept, failedIds, failures };
  }

  /** Runs reads one after another, so a timer reload never interleaves with a manual one. */
  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#chain.then(fn, fn);
    this.#chain = run.catch(() => undefined);
    return run;
  }

  /** Loads (or reloads) the instruments and reports the difference from the previous set. */
  reload(): Promise<InstrumentReload> {
    return this.#serial(async () => {
      const { infos, failedIds, failures } = await this.#read();
      const { reload, next } = diffInstruments(this.#current, infos, failedIds, failures);
      this.#current = next;
      return reload;
    });
  }

  /** Loads every instrument the filter allows (all by default). */
  async loadAll(): Promise<Instrument[]> {
    await this.reload();
    return this.list();
  }

  /** Narrows the filter to these ids or Kraken names, and loads them. */
  async loadIds(ids: readonly (InstrumentId | string)[]): Promise<Instrument[]> {
    this.#filter = KrakenInstrumentProvider.#filterSet(ids);
    return this.loadAll();
  }

  list(): Instrument[] {
    return [...this.#current.values()].map((i) => i.instrument);
  }

  find(id: InstrumentId | string): Instrument | undefined {
    return this.#current.get(id.toString())?.instrument;
  }

  /** The instrument with its Kraken facts (pair names, venue status, margin tiers). */
  info(id: InstrumentId | string): KrakenInstrumentInfo | undefined {
    return this.#current.get(id.toString());
  }

  /**
   * Reloads every `intervalMins` on the clock (null: never), each next reload armed once the
   * previous one finished. Replaces any schedule already running.
   */
  startPeriodicReload(intervalMins: number | null, handlers: PeriodicReloadHandlers): void {
    this.stopPeriodicReload();
    if (intervalMins === null) return;
    if (!(intervalMins > 0) || !Number.isFinite(intervalMins))
      throw new KrakenStateError(`instrument reload interval must be positive minutes, got ${String(intervalMins)}`);
    const generation = ++this.#timerGeneration;
    const arm = (): void => {
      this.#timer = this.#clock.setTimeout(() => {
        this.#timer = null;
        void this.reload()
          .then(handlers.onReload, handlers.onError)
          .finally(() => {
            if (generation === this.#timerGeneration) arm();
          });
      }, intervalMins * 60_000);
    };
    arm();
  }

  stopPeriodicReload(): void {
    this.#timerGeneration++;
    if (this.#timer !== null) this.#clock.clearTimeout(this.#timer);
    this.#timer = null;
  }

  get isReloading(): boolean {
    return this.#timer !== null;
  }
}
