import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';

describe('ManualClock', () => {
  it('fires due timers in due order, each at its own due time, and leaves later ones armed', () => {
    const clock = new ManualClock(1_000);
    const fired: Array<[string, number]> = [];
    clock.setTimeout(() => fired.push(['b', clock.nowMs()]), 200);
    clock.setTimeout(() => fired.push(['a', clock.nowMs()]), 100);
    clock.setTimeout(() => fired.push(['c', clock.nowMs()]), 500);
    clock.advance(300);
    expect(fired).toEqual([
      ['a', 1_100],
      ['b', 1_200],
    ]);
    expect(clock.nowMs()).toBe(1_300);
    expect(clock.pendingTimers).toBe(1);
  });

  it('fires a timer armed by a callback within the same advance when it falls due', () => {
    const clock = new ManualClock(0);
    const fired: number[] = [];
    const tick = (): void => {
      fired.push(clock.nowMs());
      clock.setTimeout(tick, 100);
    };
    clock.setTimeout(tick, 100);
    clock.advance(350);
    expect(fired).toEqual([100, 200, 300]);
  });

  it('keeps arming order for timers due at the same time, and a cleared timer never fires', () => {
    const clock = new ManualClock(0);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('first'), 10);
    const h = clock.setTimeout(() => fired.push('cleared'), 10);
    clock.setTimeout(() => fired.push('second'), 10);
    clock.clearTimeout(h);
    clock.advance(10);
    expect(fired).toEqual(['first', 'second']);
  });

  it('never goes backwards and refuses a negative advance', () => {
    const clock = new ManualClock(500);
    clock.set(100);
    expect(clock.nowMs()).toBe(500);
    expect(() => clock.advance(-1)).toThrow(/non-negative/);
    expect(() => clock.advance(Number.NaN)).toThrow(/non-negative/);
  });
});
