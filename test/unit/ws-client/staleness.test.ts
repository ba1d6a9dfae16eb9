import { describe, expect, it } from 'vitest';
import { StalenessWatchdog } from '../../../src/transport/ws/staleness.js';
import type { StaleReport } from '../../../src/transport/ws/staleness.js';
import { ManualClock } from '../../../src/core/clock.js';

describe('StalenessWatchdog', () => {
  it('reports a key silent past its threshold once per threshold, counting repeats within the window', () => {
    const clock = new ManualClock(0);
    const reports: StaleReport[] = [];
    const w = new StalenessWatchdog(clock, (r) => reports.push(r), 60_000);
    w.watch('book|BTC/USD', 1_000);
    w.watch('book|ETH/USD', 1_000);
    for (let t = 0; t < 10; t++) {
      clock.advance(250);
      w.touch('book|BTC/USD');
    }
    expect(reports.map((r) => [r.key, r.repeats])).toEqual([
      ['book|ETH/USD', 1],
      ['book|ETH/USD', 2],
    ]);
    expect(reports.every((r) => r.silentMs >= 1_000 && r.silentMs < 1_300)).toBe(true);
  });

  it('forgets repeats older than the window; unwatch and clear stop reporting and timers', () => {
    const clock = new ManualClock(0);
    const reports: StaleReport[] = [];
    const w = new StalenessWatchdog(clock, (r) => reports.push(r), 5_000);
    w.watch('k', 1_000);
    clock.advance(1_250);
    w.unwatch('k');
    expect(clock.pendingTimers).toBe(0);
    clock.advance(10_000);
    w.watch('k', 1_000);
    clock.advance(1_250);
    expect(reports.map((r) => r.repeats)).toEqual([1, 1]);
    w.clear();
    clock.advance(10_000);
    expect(reports).toHaveLength(2);
    expect(clock.pendingTimers).toBe(0);
  });
});
