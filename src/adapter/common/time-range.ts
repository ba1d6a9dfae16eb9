/**
 * The node's `TimeRange` (inclusive nanosecond start and end, and a limit) as the Kraken requests
 * apply it: checked once, then used to filter on the client side where Kraken cannot.
 */
import { KrakenValidationError } from '../../core/errors.js';
import type { TimeRange } from '../../node/clients.js';

export interface CheckedRange {
  readonly start: bigint | null;
  readonly end: bigint | null;
  /** Keep only the most recent `limit` items. */
  readonly limit: number | null;
}

export function checkRange(range: TimeRange | undefined, what: string): CheckedRange {
  const start = range?.start ?? null;
  const end = range?.end ?? null;
  const limit = range?.limit ?? null;
  const issues: { path: string; message: string }[] = [];
  if (start !== null && typeof start !== 'bigint') issues.push({ path: '/start', message: 'start must be nanoseconds as a bigint' });
  if (end !== null && typeof end !== 'bigint') issues.push({ path: '/end', message: 'end must be nanoseconds as a bigint' });
  if (typeof start === 'bigint' && typeof end === 'bigint' && end < start) issues.push({ path: '/end', message: 'end is before start' });
  if (limit !== null && (!Number.isSafeInteger(limit) || limit <= 0))
    issues.push({ path: '/limit', message: `limit must be a positive integer, got ${String(limit)}` });
  if (issues.length > 0) throw new KrakenValidationError(what, issues);
  return { start, end, limit };
}

/** Items (oldest first) whose time is inside the range, then the most recent `limit` of them. */
export function withinRange<T>(items: readonly T[], timeOf: (item: T) => bigint, range: CheckedRange): T[] {
  const kept = items.filter((x) => {
    const t = timeOf(x);
    return (range.start === null || t >= range.start) && (range.end === null || t <= range.end);
  });
  return range.limit !== null && kept.length > range.limit ? kept.slice(kept.length - range.limit) : kept;
}
