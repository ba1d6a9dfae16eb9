/**
 * `BarSpecification`, `BarType` and `Bar`. The string form is NautilusTrader's:
 * `BTC/USD.KRAKEN-1-MINUTE-LAST-EXTERNAL` = instrument id, step, aggregation, price type, source.
 */
import { invalid } from './fixed-point.js';
import { InstrumentId } from './identifiers.js';
import type { Price, Quantity } from './values.js';

export const BarAggregation = {
  TICK: 'TICK',
  VOLUME: 'VOLUME',
  VALUE: 'VALUE',
  MILLISECOND: 'MILLISECOND',
  SECOND: 'SECOND',
  MINUTE: 'MINUTE',
  HOUR: 'HOUR',
  DAY: 'DAY',
  WEEK: 'WEEK',
  MONTH: 'MONTH',
} as const;
export type BarAggregation = (typeof BarAggregation)[keyof typeof BarAggregation];

/** MARK and INDEX: bars of a venue's mark price and of the index it tracks (Kraken Futures charts). */
export const PriceType = { BID: 'BID', ASK: 'ASK', MID: 'MID', LAST: 'LAST', MARK: 'MARK', INDEX: 'INDEX' } as const;
export type PriceType = (typeof PriceType)[keyof typeof PriceType];

export const AggregationSource = { EXTERNAL: 'EXTERNAL', INTERNAL: 'INTERNAL' } as const;
export type AggregationSource = (typeof AggregationSource)[keyof typeof AggregationSource];

const NS_PER: Partial<Record<BarAggregation, bigint>> = {
  MILLISECOND: 1_000_000n,
  SECOND: 1_000_000_000n,
  MINUTE: 60_000_000_000n,
  HOUR: 3_600_000_000_000n,
  DAY: 86_400_000_000_000n,
  WEEK: 604_800_000_000_000n,
};

export class BarSpecification {
  constructor(
    readonly step: number,
    readonly aggregation: BarAggregation,
    readonly priceType: PriceType,
  ) {
    if (!Number.isSafeInteger(step) || step <= 0) throw invalid('BarSpecification', `step must be a positive integer, got ${String(step)}`);
    if (!(aggregation in BarAggregation)) throw invalid('BarSpecification', `unknown aggregation ${String(aggregation)}`);
    if (!(priceType in PriceType)) throw invalid('BarSpecification', `unknown price type ${String(priceType)}`);
  }

  /** `1-MINUTE-LAST`. */
  static fromStr(text: string): BarSpecification {
    const parts = text.split('-');
    if (parts.length !== 3) throw invalid('BarSpecification', `expected "<step>-<AGGREGATION>-<PRICE_TYPE>", got ${JSON.stringify(text)}`);
    return new BarSpecification(parseStep(parts[0] ?? ''), parts[1] as BarAggregation, parts[2] as PriceType);
  }

  /** True for fixed-length time bars (MONTH has no fixed length). */
  get isTimeAggregated(): boolean {
    return NS_PER[this.aggregation] !== undefined;
  }

  /** The bar length in nanoseconds, or null for non-time (or MONTH) aggregations. */
  get intervalNs(): bigint | null {
    const unit = NS_PER[this.aggregation];
    return unit === undefined ? null : unit * BigInt(this.step);
  }

  equals(other: BarSpecification): boolean {
    return this.step === other.step && this.aggregation === other.aggregation && this.priceType === other.priceType;
  }
  toString(): string {
    return `${this.step}-${this.aggregation}-${this.priceType}`;
  }
}

function parseStep(s: string): number {
  if (!/^\d{1,9}$/.test(s)) throw invalid('BarSpecification', `step must be a positive integer, got ${JSON.stringify(s)}`);
  return Number(s);
}

export class BarType {
  constructor(
    readonly instrumentId: InstrumentId,
    readonly spec: BarSpecification,
    readonly aggregationSource: AggregationSource = 'EXTERNAL',
  ) {
    if (!(aggregationSource in AggregationSource)) throw invalid('BarType', `unknown aggregation source ${String(aggregationSource)}`);
  }

  /**
   * Parses from the right, so instrument symbols may contain dashes. The source may be omitted
   * (`BTC/USD.KRAKEN-1-MINUTE-LAST` is EXTERNAL, as in NautilusTrader).
   */
  static fromStr(text: string): BarType {
    if (typeof text !== 'string') throw invalid('BarType', 'expected a string');
    const parts = text.split('-');
    let source: AggregationSource = 'EXTERNAL';
    const last = parts[parts.length - 1];
    if (last === 'EXTERNAL' || last === 'INTERNAL') {
      source = last;
      parts.pop();
    }
    if (parts.length < 4)
      throw invalid(
        'BarType',
        `expected "<INSTRUMENT_ID>-<step>-<AGGREGATION>-<PRICE_TYPE>-<SOURCE>", got ${JSON.stringify(text.slice(0, 80))}`,
      );
    const priceType = parts.pop() as PriceType;
    const aggregation = parts.pop() as BarAggregation;
    const step = parseStep(parts.pop() ?? '');
    return new BarType(InstrumentId.fromStr(parts.join('-')), new BarSpecification(step, aggregation, priceType), source);
  }

  get isInternallyAggregated(): boolean {
    return this.aggregationSource === 'INTERNAL';
  }
  /** The same bar type with another source (e.g. subscribe INTERNAL, request EXTERNAL history). */
  withSource(source: AggregationSource): BarType {
    return new BarType(this.instrumentId, this.spec, source);
  }
  equals(other: BarType): boolean {
    return this.toString() === other.toString();
  }
  toString(): string {
    return `${this.instrumentId.toString()}-${this.spec.toString()}-${this.aggregationSource}`;
  }
  toJSON(): string {
    return this.toString();
  }
}

export interface BarInit {
  readonly barType: BarType;
  readonly open: Price;
  readonly high: Price;
  readonly low: Price;
  readonly close: Price;
  readonly volume: Quantity;
  /** The bar's close time (NautilusTrader convention), nanoseconds. */
  readonly tsEvent: bigint;
  readonly tsInit: bigint;
}

export class Bar {
  readonly kind = 'Bar' as const;
  readonly barType: BarType;
  readonly open: Price;
  readonly high: Price;
  readonly low: Price;
  readonly close: Price;
  readonly volume: Quantity;
  readonly tsEvent: bigint;
  readonly tsInit: bigint;

  constructor(init: BarInit) {
    const { open, high, low, close } = init;
    if (high.lt(low) || high.lt(open) || high.lt(close) || low.gt(open) || low.gt(close)) {
      throw invalid('Bar', `inconsistent OHLC ${open.toString()}/${high.toString()}/${low.toString()}/${close.toString()}`);
    }
    this.barType = init.barType;
    this.open = open;
    this.high = high;
    this.low = low;
    this.close = close;
    this.volume = init.volume;
    this.tsEvent = init.tsEvent;
    this.tsInit = init.tsInit;
  }

  get instrumentId(): InstrumentId {
    return this.barType.instrumentId;
  }

  toString(): string {
    return `${this.barType.toString()},${this.open.toString()},${this.high.toString()},${this.low.toString()},${this.close.toString()},${this.volume.toString()},${this.tsEvent}`;
  }
}
