/**
 * A data client sink that records what a feed publishes, as inspected text, for the route tests:
 * the same feed over the single-decode route and over the generic decode must publish the same.
 */
import { inspect } from 'node:util';
import type { MarketDataSink } from '../../../src/adapter/data/market-feed.js';
import { systemClock } from '../../../src/core/clock.js';
import type { Instrument } from '../../../src/model/instruments.js';
import { createLogger } from '../../../src/node/logger.js';

export function recordingSink(instrument: Instrument): { sink: MarketDataSink; out: string[] } {
  const out: string[] = [];
  const sink: MarketDataSink = {
    data: (d) => out.push(inspect(d, { depth: 8 })),
    now: () => 1_000n,
    instrument: (symbol) => (symbol === instrument.id.symbol.value ? instrument : undefined),
    log: createLogger('test', { level: 'OFF' }),
    clock: systemClock,
  };
  return { sink, out };
}
