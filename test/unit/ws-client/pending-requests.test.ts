import { describe, expect, it } from 'vitest';
import { KrakenTransportError } from '../../../src/core/errors.js';
import { PendingRequests } from '../../../src/transport/ws/pending-requests.js';
import { ManualClock } from '../../../src/core/clock.js';

describe('PendingRequests', () => {
  it('resolves each waiter with its own responses, by key', async () => {
    const p = new PendingRequests<number, string>(new ManualClock(0), 'test');
    const a = p.wait(1, 'a', 100);
    const b = p.wait(2, 'b', 100, 2);
    expect(p.deliver(2, 'b1')).toBe(true);
    expect(p.deliver(1, 'a1')).toBe(true);
    expect(p.deliver(2, 'b2')).toBe(true);
    await expect(a).resolves.toEqual(['a1']);
    await expect(b).resolves.toEqual(['b1', 'b2']);
    expect(p.deliver(1, 'late')).toBe(false);
    expect(p.size).toBe(0);
  });

  it('times out each request on its own deadline with failure "timeout"', async () => {
    const clock = new ManualClock(0);
    const p = new PendingRequests<number, string>(clock, 'test');
    const slow = p.wait(1, 'add_order', 100);
    const fast = p.wait(2, 'ping', 50);
    clock.advance(60);
    await expect(fast).rejects.toMatchObject({ failure: 'timeout' });
    expect(p.has(1)).toBe(true);
    clock.advance(40);
    await expect(slow).rejects.toBeInstanceOf(KrakenTransportError);
    expect(clock.pendingTimers).toBe(0);
  });

  it('rejects everything with failure "closed" on a drop, clearing timers', async () => {
    const clock = new ManualClock(0);
    const p = new PendingRequests<number, string>(clock, 'test');
    const waits = [p.wait(1, 'x', 100), p.wait(2, 'y', 100)];
    p.rejectAll('close 1006');
    for (const w of waits) await expect(w).rejects.toMatchObject({ failure: 'closed' });
    expect(clock.pendingTimers).toBe(0);
  });

  it('complete() resolves early with what arrived; oldest() is the first still waiting', async () => {
    const p = new PendingRequests<number, string>(new ManualClock(0), 'test');
    const w = p.wait(7, 'subscribe', 100, 3);
    void p.wait(8, 'other', 100).catch(() => undefined);
    expect(p.oldest()).toBe(7);
    p.deliver(7, 'refused');
    p.complete(7);
    await expect(w).resolves.toEqual(['refused']);
    expect(p.oldest()).toBe(8);
    p.rejectAll('end');
  });

  it('refuses a duplicate key instead of overwriting the first waiter', async () => {
    const p = new PendingRequests<number, string>(new ManualClock(0), 'test');
    const first = p.wait(1, 'a', 100);
    await expect(p.wait(1, 'b', 100)).rejects.toBeInstanceOf(KrakenTransportError);
    p.deliver(1, 'ok');
    await expect(first).resolves.toEqual(['ok']);
  });
});
