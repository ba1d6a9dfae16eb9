/**
 * The system clock's timers are unref'd (an idle client must not keep a process alive), but a
 * request waiting for a permit must: a script awaiting it would otherwise exit with it unsettled.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('a request waiting for a permit keeps the process alive', () => {
  it('a script awaiting a queued permit on the system clock gets it and exits 0', () => {
    const script = `import('./src/kraken/ratelimit/spot-limiter.ts').then(async ({ SpotRateLimiter }) => {
      const limiter = new SpotRateLimiter({ tier: 'pro', maxRequestsPerSecond: 4 });
      for (let i = 0; i < 5; i++) await limiter.acquireRest(1);
      process.stdout.write('granted');
    })`;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
      cwd: resolve(import.meta.dirname, '../../..'),
      encoding: 'utf8',
      timeout: 15_000,
    });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('granted');
    expect(run.status).toBe(0);
  });
});
