/**
 * The simulator is published as its own entry point, `krakenkit/sim`; the root entry is the
 * toolkit, the adapter and the node, and exports nothing of the simulator.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as root from '../../../src/index.js';
import * as sim from '../../../src/sim/index.js';
import { ManualClock } from '../../../src/core/clock.js';

describe('entry points', () => {
  it('the root entry exports none of the simulator', () => {
    for (const name of [
      'startKrakenSim',
      'createSimEngine',
      'SimEngine',
      'SimVenueError',
      'FaultController',
      'parseFaultSpec',
      'DecayingCounter',
      'SpotRestLimiter',
      'SpotTradingLimiter',
      'FuturesRateBudget',
      'parseKrakenPrice',
      'DEFAULT_SPOT_PAIRS',
    ]) {
      expect(Object.hasOwn(root, name), name).toBe(false);
    }
  });

  it('krakenkit/sim holds what a test author needs and not the engine internals', () => {
    expect(typeof sim.startKrakenSim).toBe('function');
    expect(sim.ManualClock).toBe(ManualClock);
    expect(sim.parseFaultSpec('http-5xx:path=/0/private/AddOrder,times=1')).toMatchObject({ kind: 'http-5xx', times: 1 });
    expect(new sim.SimVenueError('EOrder:Insufficient funds').code).toBe('EOrder:Insufficient funds');
    for (const name of ['createSimEngine', 'SimEngine', 'DecayingCounter', 'SpotRestLimiter', 'FaultController', 'Mulberry32Random']) {
      expect(Object.hasOwn(sim, name), name).toBe(false);
    }
  });

  it('package.json maps krakenkit/sim to the built simulator entry and its types', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { exports: Record<string, unknown> };
    expect(pkg.exports['./sim']).toEqual({ types: './dist/src/sim/index.d.ts', import: './dist/src/sim/index.js' });
  });
});
