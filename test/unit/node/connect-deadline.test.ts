/**
 * The node's connect deadline runs on the node's clock: a test moves it by hand, and on the wall
 * clock it keeps the process alive until it fires (the system clock's timers are unref'd).
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';
import { KrakenStateError } from '../../../src/core/errors.js';
import { TradingNode } from '../../../src/node/trading-node.js';
import { fakeFactories } from './fake-venue.js';

describe('TradingNode connect deadline', () => {
  it('fires when the injected clock reaches timeoutConnectionSecs, not before', async () => {
    const clock = new ManualClock(0);
    const f = fakeFactories();
    const node = new TradingNode({ dataClients: { KRAKEN: {} }, clock, timeoutConnectionSecs: 30, logging: { level: 'OFF' } });
    node.addDataClientFactory('KRAKEN', f.data);
    node.build();
    f.data.last!.connect = () => new Promise<void>(() => undefined); // a venue that never answers
    let outcome: unknown = 'pending';
    const running = node.run().then(
      () => (outcome = 'resolved'),
      (err: unknown) => (outcome = err),
    );
    clock.advance(29_999);
    await Promise.resolve();
    expect(outcome).toBe('pending');
    clock.advance(1);
    await running;
    expect(outcome).toBeInstanceOf(KrakenStateError);
    expect((outcome as Error).message).toBe('connecting clients timed out after 30s');
  });

  it('on the wall clock, a script awaiting run() gets the timeout instead of exiting silently', () => {
    const script = `Promise.all([import('./src/node/trading-node.ts'), import('./test/unit/node/fake-venue.ts')]).then(async ([{ TradingNode }, { fakeFactories }]) => {
      const f = fakeFactories();
      const node = new TradingNode({ dataClients: { KRAKEN: {} }, timeoutConnectionSecs: 0.3, logging: { level: 'OFF' } });
      node.addDataClientFactory('KRAKEN', f.data);
      node.build();
      f.data.last.connect = () => new Promise(() => undefined);
      await node.run().catch((err) => process.stdout.write(err.message));
    })`;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
      cwd: resolve(import.meta.dirname, '../../..'),
      encoding: 'utf8',
      timeout: 15_000,
    });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('connecting clients timed out after 0.3s');
    expect(run.status).toBe(0);
  });
});
