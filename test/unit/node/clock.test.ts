import { describe, expect, it } from 'vitest';
import { ManualClock, systemClock, type Clock } from '../../../src/core/clock.js';
import { KrakenStateError } from '../../../src/core/errors.js';
import { NodeClock, secsToNs } from '../../../src/node/clock.js';

const MS = 1_000_000n;

describe('NodeClock over a ManualClock', () => {
  it('timestamps are the manual time in nanoseconds, exactly', () => {
    const manual = new ManualClock(1_700_000_000_123);
    const clock = new NodeClock(manual);
    expect(clock.timestampNs()).toBe(1_700_000_000_123n * MS);
    manual.advance(7);
    expect(clock.timestampNs()).toBe(1_700_000_000_130n * MS);
  });

  it('a repeating timer fires at each due time within one advance, with that time', () => {
    const manual = new ManualClock(0);
    const clock = new NodeClock(manual);
    const fired: bigint[] = [];
    clock.setTimer('t', secsToNs(1), (ts) => fired.push(ts));
    manual.advance(3_500);
    expect(fired).toEqual([1_000n * MS, 2_000n * MS, 3_000n * MS]);
    manual.advance(500);
    expect(fired).toHaveLength(4);
    expect(clock.timerNames).toEqual(['t']);
  });

  it('timers of different periods interleave in time order', () => {
    const manual = new ManualClock(0);
    const clock = new NodeClock(manual);
    const fired: string[] = [];
    clock.setTimer('fast', 300n * MS, (ts) => fired.push(`fast@${ts / MS}`));
    clock.setTimer('slow', 500n * MS, (ts) => fired.push(`slow@${ts / MS}`));
    manual.advance(1_000);
    expect(fired).toEqual(['fast@300', 'slow@500', 'fast@600', 'fast@900', 'slow@1000']);
  });

  it('cancelling (also from inside the callback) stops a timer and disarms the manual clock', () => {
    const manual = new ManualClock(0);
    const clock = new NodeClock(manual);
    let runs = 0;
    clock.setTimer('once', 100n * MS, () => {
      runs++;
      clock.cancelTimer('once');
    });
    clock.setTimer('other', 100n * MS, () => undefined);
    manual.advance(1_000);
    expect(runs).toBe(1);
    expect(clock.timerNames).toEqual(['other']);
    clock.cancelTimers();
    expect(clock.timerNames).toEqual([]);
    expect(manual.pendingTimers).toBe(0);
  });

  it('refuses a duplicate name and a non-positive interval', () => {
    const clock = new NodeClock(new ManualClock(0));
    clock.setTimer('a', MS, () => undefined);
    expect(() => clock.setTimer('a', MS, () => undefined)).toThrow(KrakenStateError);
    expect(() => clock.setTimer('b', 0n, () => undefined)).toThrow(KrakenStateError);
  });

  it('a timer behind by more than an interval skips the missed runs instead of firing a burst', () => {
    // A clock whose timers fire late, as the wall clock does when the event loop was blocked.
    let now = 0;
    const armed: { fn: () => void; dueMs: number }[] = [];
    const late: Clock = {
      nowMs: () => now,
      setTimeout: (fn, ms) => armed.push({ fn, dueMs: now + ms }),
      clearTimeout: () => undefined,
    };
    const clock = new NodeClock(late);
    const fired: bigint[] = [];
    clock.setTimer('t', 1_000n * MS, (ts) => fired.push(ts / MS));
    now = 5_500; // four and a half intervals late
    armed.shift()!.fn();
    expect(fired).toEqual([5_500n]);
    expect(armed[0]!.dueMs).toBe(6_500);
  });
});

describe('NodeClock over the wall clock', () => {
  it('adds sub-millisecond nanoseconds by default, and not when asked', () => {
    const before = BigInt(Date.now()) * MS;
    const ts = new NodeClock().timestampNs();
    expect(ts).toBeGreaterThanOrEqual(before);
    expect(ts).toBeLessThan(before + 1_000n * MS);
    const plain = new NodeClock(systemClock, { subMillisecond: false }).timestampNs();
    expect(plain % MS).toBe(0n);
  });
});
