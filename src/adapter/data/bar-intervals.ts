/**
 * Which bar types Kraken streams. Spot's `ohlc` channel serves trade (LAST) bars at nine fixed
 * intervals; Futures streams no bars at all. A bar type Kraken cannot stream is refused with a
 * typed error that says what to use instead.
 */
import { KrakenValidationError } from '../../core/errors.js';
import type { BarType } from '../../model/bar.js';
import { KRAKEN_SPOT_OHLC_MINUTES } from '../http/spot-bars.js';

const NS_PER_MINUTE = 60_000_000_000n;

function refuse(barType: BarType, message: string): KrakenValidationError {
  return new KrakenValidationError('Kraken bar subscription', [{ path: '/barType', message: `${barType.toString()}: ${message}` }]);
}

function internalAlternative(barType: BarType): string {
  return barType.withSource('INTERNAL').toString();
}

/**
 * The `ohlc` interval (minutes) that streams `barType`: an EXTERNAL LAST bar whose length is one
 * of Kraken's intervals (`1-HOUR` and `60-MINUTE` are the same interval).
 */
export function spotOhlcInterval(barType: BarType): number {
  if (barType.isInternallyAggregated) throw refuse(barType, 'INTERNAL bars are aggregated by the node from trades, not streamed by Kraken');
  if (barType.spec.priceType !== 'LAST') {
    throw refuse(
      barType,
      `Kraken's OHLC bars are built from trades (LAST), not ${barType.spec.priceType}; aggregate ${internalAlternative(barType)} from quotes instead`,
    );
  }
  const ns = barType.spec.intervalNs;
  const mins = ns !== null && ns % NS_PER_MINUTE === 0n ? Number(ns / NS_PER_MINUTE) : undefined;
  if (mins === undefined || !KRAKEN_SPOT_OHLC_MINUTES.includes(mins)) {
    throw refuse(
      barType,
      `Kraken streams OHLC bars of ${KRAKEN_SPOT_OHLC_MINUTES.join(', ')} minutes only; subscribe to ${internalAlternative(barType)} to aggregate this interval from trades`,
    );
  }
  return mins;
}

/** The refusal of a Futures bar subscription: Kraken Futures has no bar stream. */
export function futuresBarsUnsupported(barType: BarType): KrakenValidationError {
  return refuse(
    barType,
    `Kraken Futures streams no bars over WebSocket: use requestBars() for history (LAST, MARK and INDEX chart candles) and subscribe to ${internalAlternative(barType)} for live bars aggregated from trades`,
  );
}
