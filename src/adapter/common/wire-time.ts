/**
 * Kraken's timestamps as the model's integer nanoseconds, exactly. Spot sends fractional Unix
 * seconds (`1762795433.9717445`, kept as text by the lossless decoder), Futures ISO-8601 strings
 * and epoch milliseconds; none of them go through a float on the way to a `bigint`.
 */
import { KrakenValidationError } from '../../core/errors.js';

export const NS_PER_MS = 1_000_000n;
export const NS_PER_SECOND = 1_000_000_000n;

function fail(field: string, message: string): KrakenValidationError {
  return new KrakenValidationError('Kraken payload', [{ path: field, message }]);
}

/** Unix seconds, whole or fractional, as text or a safe integer → nanoseconds (digits past the 9th are cut). */
export function secondsToNs(value: unknown, field: string): bigint {
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof text !== 'string') throw fail(field, `expected Unix seconds, got ${typeof value}`);
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (m === null) throw fail(field, `expected Unix seconds, got ${JSON.stringify(text.slice(0, 40))}`);
  const frac = (m[2] ?? '').slice(0, 9).padEnd(9, '0');
  return BigInt(m[1] as string) * NS_PER_SECOND + BigInt(frac);
}

/** Epoch milliseconds (a safe integer) → nanoseconds. */
export function msToNs(value: unknown, field: string): bigint {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
    throw fail(field, `expected epoch milliseconds, got ${JSON.stringify(value)}`);
  return BigInt(value) * NS_PER_MS;
}

/**
 * An ISO-8601 UTC timestamp (`2026-05-27T10:00:00.123Z`, any number of fraction digits, or a
 * `+00:00` offset) → nanoseconds. Date.parse alone would drop digits past the millisecond.
 */
export function isoToNs(value: unknown, field: string): bigint {
  if (typeof value !== 'string') throw fail(field, `expected an ISO-8601 time, got ${typeof value}`);
  if (value.startsWith(lastSecond) && lastSecond !== '') {
    const fraction = fractionNs(value);
    if (fraction >= 0) return lastSecondNs + BigInt(fraction);
  }
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]00:?00)$/.exec(value);
  const wholeMs = m === null ? Number.NaN : Date.parse(`${m[1] as string}Z`);
  if (m === null || Number.isNaN(wholeMs)) throw fail(field, `expected an ISO-8601 UTC time, got ${JSON.stringify(value.slice(0, 40))}`);
  lastSecond = m[1] as string;
  lastSecondNs = BigInt(wholeMs) * NS_PER_MS;
  return lastSecondNs + BigInt((m[2] ?? '').padEnd(9, '0'));
}

/**
 * The second last parsed by `isoToNs` (`2026-05-27T10:00:00`, already checked) and its
 * nanoseconds: a feed's timestamps mostly share it, so only the fraction is read per frame (the
 * regex, `Date.parse` and a string pad cost a few microseconds on every book frame).
 */
let lastSecond = '';
let lastSecondNs = 0n;

/** Nanoseconds of the `.ffffffZ` after a known second (`Z` alone: 0); -1 for any other ending. */
function fractionNs(value: string): number {
  const n = value.length;
  if (n === 20) return value.charCodeAt(19) === 90 ? 0 : -1;
  if (n < 22 || n > 30 || value.charCodeAt(19) !== 46 || value.charCodeAt(n - 1) !== 90) return -1;
  let ns = 0;
  for (let i = 20; i < n - 1; i++) {
    const d = value.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    ns = ns * 10 + d;
  }
  for (let k = n - 21; k < 9; k++) ns *= 10;
  return ns;
}

/** Nanoseconds → whole Unix seconds, rounded down. */
export function nsToSecondsFloor(ns: bigint): bigint {
  return ns >= 0n ? ns / NS_PER_SECOND : -((-ns + NS_PER_SECOND - 1n) / NS_PER_SECOND);
}

/** Milliseconds from a clock → nanoseconds. */
export function clockNs(nowMs: number): bigint {
  return BigInt(Math.floor(nowMs)) * NS_PER_MS;
}
