import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { KrakenAuthError, KrakenTransportError } from '../../../src/core/errors.js';
import { withDeadline } from '../../../src/transport/ws/deadline.js';
import { ManualClock } from '../../../src/core/clock.js';

describe('withDeadline', () => {
  it('times out on the injected clock', async () => {
    const clock = new ManualClock(0);
    const p = withDeadline(clock, new Promise<never>(() => {}), 5_000, 'token fetch', 'ws://h');
    clock.advance(5_000);
    await expect(p).rejects.toMatchObject({ failure: 'timeout' });
  });

  it('keeps Kraken errors and wraps others with a redacted cause (no own properties, no URL password)', async () => {
    const clock = new ManualClock(0);
    const auth = new KrakenAuthError(['EAPI:Invalid key']);
    await expect(withDeadline(clock, Promise.reject(auth), 5_000, 'token fetch', 'ws://h')).rejects.toBe(auth);
    const foreign = Object.assign(new Error('GET http://u:CANARY@proxy:1/token failed'), { options: { apiSecret: 'CANARY' } });
    const err = await withDeadline(clock, Promise.reject(foreign), 5_000, 'token fetch', 'ws://h').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KrakenTransportError);
    expect((err as Error).message).toBe('token fetch failed');
    expect(inspect(err, { depth: 10, showHidden: true })).not.toContain('CANARY');
    expect(String(((err as Error).cause as Error).message)).toContain('proxy:1/token failed');
  });
});
