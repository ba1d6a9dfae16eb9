/**
 * Market data records. Every timestamp is integer nanoseconds since the Unix epoch as `bigint`:
 * `tsEvent` when the venue says it happened, `tsInit` when krakenkit created the object.
 */
import { invalid } from './fixed-point.js';
import type { AggressorSide, MarketStatusAction } from './enums.js';
import type { InstrumentId, TradeId } from './identifiers.js';
import type { Decimal, Price, Quantity } from './values.js';

export class QuoteTick {
  readonly kind = 'QuoteTick' as const;
  constructor(
    readonly instrumentId: InstrumentId,
    readonly bidPrice: Price,
    readonly askPrice: Price,
    readonly bidSize: Quantity,
    readonly askSize: Quantity,
    readonly tsEvent: bigint,
    readonly tsInit: bigint,
  ) {}
}

export class TradeTick {
  readonly kind = 'TradeTick' as const;
  constructor(
    readonly instrumentId: InstrumentId,
    readonly price: Price,
    readonly size: Quantity,
    readonly aggressorSide: AggressorSide,
    readonly tradeId: TradeId,
    readonly tsEvent: bigint,
    readonly tsInit: bigint,
  ) {}
}

export class MarkPriceUpdate {
  readonly kind = 'MarkPriceUpdate' as const;
  constructor(
    readonly instrumentId: InstrumentId,
    readonly value: Price,
    readonly tsEvent: bigint,
    readonly tsInit: bigint,
  ) {}
}

export class IndexPriceUpdate {
  readonly kind = 'IndexPriceUpdate' as const;
  constructor(
    readonly instrumentId: InstrumentId,
    readonly value: Price,
    readonly tsEvent: bigint,
    readonly tsInit: bigint,
  ) {}
}

/**
 * Kraken publishes no fixed funding period, so `interval` (minutes) is usually null;
 * `nextFundingTime` is nanoseconds or null when the feed omits it.
 */
export class FundingRateUpdate {
  readonly kind = 'FundingRateUpdate' as const;
  constructor(
    readonly instrumentId: InstrumentId,
    readonly rate: Decimal,
    readonly nextFundingTime: bigint | null,
    readonly interval: number | null,
    readonly tsEvent: bigint,
    readonly tsInit: bigint,
  ) {
    if (interval !== null && (!Number.isSafeInteger(interval) || interval <= 0)) {
      throw invalid('FundingRateUpdate', `interval must be a positive number of minutes or null, got ${String(interval)}`);
    }
  }
}

export class InstrumentStatus {
  readonly kind = 'InstrumentStatus' as const;
  constructor(
    readonly instrumentId: InstrumentId,
    readonly action: MarketStatusAction,
    readonly tsEvent: bigint,
    readonly tsInit: bigint,
    readonly reason: string | null = null,
    readonly isTrading: boolean | null = null,
  ) {}
}
