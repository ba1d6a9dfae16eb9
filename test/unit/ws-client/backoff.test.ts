import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF, ReconnectBudget, fullJitterDelayMs } from '../../../src/transport/ws/backoff.js';

describe('fullJitterDelayMs', () => {
  it('doubles the ceiling per attempt up to the cap (random just below 1 → ceiling − 1)', () => {
    const top = () => 0.999999;
    expect([1, 2, 3, 4, 5, 6, 7].map((a) => fullJitterDelayMs(a, DEFAULT_BACKOFF, top))).toEqual([
      999, 1999, 3999, 7999, 15999, 29999, 29999,
    ]);
  });

  it('is full jitter: random 0 gives 0, random 0.5 gives half the ceiling', () => {
    expect(fullJitterDelayMs(3, DEFAULT_BACKOFF, () => 0)).toBe(0);
    expect(fullJitterDelayMs(3, DEFAULT_BACKOFF, () => 0.5)).toBe(2000);
  });

  it('stays within [0, min(cap, initial × 2^(n−1))) for any attempt and random value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.double({ min: 0, max: 1, noNaN: true }), (attempt, r) => {
        const d = fullJitterDelayMs(attempt, DEFAULT_BACKOFF, () => r);
        const ceiling = Math.min(DEFAULT_BACKOFF.maxMs, DEFAULT_BACKOFF.initialMs * 2 ** (attempt - 1));
        return Number.isInteger(d) && d >= 0 && d < ceiling;
      }),
    );
  });
});

describe('ReconnectBudget', () => {
  it('allows maxAttempts per window, then refuses until old attempts leave the window', () => {
    const b = new ReconnectBudget({ maxAttempts: 3, windowMs: 1_000, stableResetMs: 30_000 });
    expect([0, 10, 20].map((t) => b.tryConsume(t))).toEqual([true, true, true]);
    expect(b.tryConsume(500)).toBe(false);
    expect(b.tryConsume(999)).toBe(false);
    expect(b.tryConsume(1_001)).toBe(true); // the attempt at 0 has left the window
    expect(b.used).toBe(3);
  });

  it('reset() (after a stable connection) clears the count', () => {
    const b = new ReconnectBudget({ maxAttempts: 1, windowMs: 60_000, stableResetMs: 30_000 });
    expect(b.tryConsume(0)).toBe(true);
    expect(b.tryConsume(1)).toBe(false);
    b.reset();
    expect(b.tryConsume(2)).toBe(true);
  });
});
