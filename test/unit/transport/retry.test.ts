import { describe, expect, it } from 'vitest';
import { classifyVenueError, KrakenTransportError } from '../../../src/index.js';
import { isRetryable } from '../../../src/core/retryable.js';
import { backoffDelay, withRetry } from '../../../src/transport/retry.js';

const policy = { maxRetries: 3, initialDelayMs: 100, maxDelayMs: 1_000 };

function recorder() {
  const sleeps: number[] = [];
  const sleep = (ms: number): Promise<void> => {
    sleeps.push(ms);
    return Promise.resolve();
  };
  return { sleeps, hooks: { sleep, random: () => 0.5, now: () => 1_000_000 } };
}

describe('withRetry', () => {
  it('backs off with full jitter under an exponential cap', async () => {
    const { sleeps, hooks } = recorder();
    let n = 0;
    const v = await withRetry(
      () => {
        if (++n < 4) return Promise.reject(new KrakenTransportError('t', 'timeout'));
        return Promise.resolve('ok');
      },
      policy,
      hooks,
    );
    expect(v).toBe('ok');
    expect(sleeps).toEqual([50, 100, 200]);
    expect(backoffDelay(policy, 10, () => 0.999)).toBeLessThanOrEqual(1_000);
  });

  it('never retries what is not retryable, and stops after maxRetries', async () => {
    const { sleeps, hooks } = recorder();
    let n = 0;
    await expect(
      withRetry(
        () => {
          n++;
          return Promise.reject(classifyVenueError(['EOrder:Insufficient funds']));
        },
        policy,
        hooks,
      ),
    ).rejects.toThrow('Insufficient funds');
    expect(n).toBe(1);
    n = 0;
    await expect(
      withRetry(
        () => {
          n++;
          return Promise.reject(new KrakenTransportError('t', 'timeout'));
        },
        policy,
        hooks,
      ),
    ).rejects.toBeInstanceOf(KrakenTransportError);
    expect(n).toBe(4);
    expect(sleeps).toHaveLength(3);
  });

  it('classifies a caller abort (a "closed" transport error) as not retryable; the abort itself: test/integration/transport/http-failures.test.ts', () => {
    expect(isRetryable(new KrakenTransportError('aborted', 'closed'))).toBe(false);
  });

  it('a rate-limit error is not retried unless the venue names a time within the cap', async () => {
    const { sleeps, hooks } = recorder();
    let n = 0;
    await expect(
      withRetry(
        () => {
          n++;
          return Promise.reject(classifyVenueError(['EAPI:Rate limit exceeded']));
        },
        policy,
        hooks,
      ),
    ).rejects.toThrow('Rate limit');
    expect(n).toBe(1);
    // Throttled until 1,001 s; now() is 1,000,000 ms: wait 1,000 ms (the cap), then retry.
    n = 0;
    await withRetry(
      () => {
        if (++n === 1) return Promise.reject(classifyVenueError(['EService: Throttled: 1001']));
        return Promise.resolve('ok');
      },
      policy,
      hooks,
    );
    expect(n).toBe(2);
    expect(sleeps).toEqual([1_000]);
    n = 0;
    // now() is 1,000,000 ms; Throttled names 1,100 s: 100 s away, beyond the 1 s cap.
    await expect(
      withRetry(
        () => {
          n++;
          return Promise.reject(classifyVenueError(['EService: Throttled: 1100']));
        },
        policy,
        hooks,
      ),
    ).rejects.toThrow('Throttled');
    expect(n).toBe(1);
  });
});
