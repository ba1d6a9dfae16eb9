import { describe, expect, it } from 'vitest';
import { LivenessMonitor } from '../../../src/transport/ws/liveness.js';
import { ManualClock } from '../../../src/core/clock.js';

function setup(expects: () => boolean) {
  const clock = new ManualClock(0);
  const monitor = new LivenessMonitor(clock, 30_000, 10_000);
  const log: string[] = [];
  monitor.start({
    expectsTraffic: expects,
    sendKeepAlive: () => log.push(`ping@${clock.nowMs()}`),
    onIdle: () => log.push(`idle@${clock.nowMs()}`),
  });
  return { clock, monitor, log };
}

describe('LivenessMonitor', () => {
  it('declares the socket dead within 1.2 × idle when application frames stop', () => {
    const { clock, log } = setup(() => true);
    clock.advance(9_000);
    expect(log).toEqual([]);
    clock.advance(3_000);
    expect(log).toEqual(['idle@10000']);
  });

  it('every application frame pushes the deadline back', () => {
    const { clock, monitor, log } = setup(() => true);
    for (let i = 0; i < 10; i++) {
      clock.advance(5_000);
      monitor.noteApplicationFrame();
    }
    expect(log.filter((l) => l.startsWith('idle'))).toEqual([]);
    clock.advance(12_000);
    expect(log.filter((l) => l.startsWith('idle'))).toHaveLength(1);
  });

  it('does not run the deadline while the venue owes nothing, and starts it when traffic becomes expected', () => {
    let expects = false;
    const { clock, log } = setup(() => expects);
    clock.advance(25_000);
    expect(log).toEqual([]);
    expects = true; // e.g. the first subscription was sent
    const idle = () => log.filter((l) => l.startsWith('idle'));
    clock.advance(7_000);
    expect(idle()).toEqual([]); // counted from ~25 s, not from the last frame at 0
    clock.advance(5_000);
    // Counted from the last watchdog tick that saw nothing owed (24 s): at most one tick (idle/5) early.
    expect(idle()).toEqual(['idle@34000']);
  });

  it('sends a keep-alive every heartbeat interval and stops everything on stop()', () => {
    let expects = false;
    const { clock, monitor, log } = setup(() => expects);
    clock.advance(61_000);
    expect(log).toEqual(['ping@30000', 'ping@60000']);
    monitor.stop();
    expects = true;
    clock.advance(100_000);
    expect(log).toHaveLength(2);
    expect(clock.pendingTimers).toBe(0);
  });
});
