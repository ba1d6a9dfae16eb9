/**
 * `krakenkit start` (`npm start`): the main job. It runs against the embedded simulator unless
 * `--live` is given, keeps a checksum-verified book and the trade tape for one symbol, shows the
 * account, places and cancels one post-only order, and prints a status line until stopped
 * (Ctrl-C) or until `--duration` seconds have passed.
 */
import { KrakenValidationError } from '../core/errors.js';
import { parseFlags } from './args.js';
import { SpotSession, type SessionStats, type Say } from './spot-session.js';
import { openSpotVenue } from './spot-venue.js';

export const START_USAGE = `krakenkit start [--symbol BTC/USD] [--duration <secs>] [--status-every <secs>] [--seed <n>] [--live [--trade]]
  Runs against the embedded Kraken simulator. With --live it talks to real Kraken (read-only
  unless --trade; trading needs KRAKEN_SPOT_API_KEY and KRAKEN_SPOT_API_SECRET).`;

/** How long the main job waits for a verified book before it skips the demonstration order. */
const BOOK_WAIT_MS = 30_000;

export interface StartOptions {
  readonly say?: Say;
  /** Resolves to stop the job early (tests); SIGINT and SIGTERM always stop it. */
  readonly stop?: Promise<void>;
}

export async function runStartCommand(argv: readonly string[], options: StartOptions = {}): Promise<SessionStats> {
  const flags = parseFlags(argv, {
    symbol: 'string',
    duration: 'number',
    'status-every': 'number',
    seed: 'number',
    live: 'boolean',
    trade: 'boolean',
  });
  for (const name of ['duration', 'status-every'] as const) {
    const v = flags[name];
    if (v !== undefined && !(typeof v === 'number' && v > 0)) {
      throw new KrakenValidationError('command line', [{ path: `--${name}`, message: 'must be a number of seconds greater than 0' }]);
    }
  }
  const say = options.say ?? ((line: string) => console.log(`[krakenkit] ${line}`));
  const venue = await openSpotVenue({ live: flags['live'] === true, trade: flags['trade'] === true, seed: Number(flags['seed'] ?? 1) });
  const session = new SpotSession(venue, String(flags['symbol'] ?? 'BTC/USD'), say);
  let stopSignal: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (stopSignal = resolve));
  const onSignal = () => stopSignal();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const timers: NodeJS.Timeout[] = [];
  try {
    if (venue.name === 'simulator') say(`embedded Kraken simulator: REST ${venue.restUrl}, WS ${venue.wsPublicUrl}`);
    await session.start();
    const duration = flags['duration'];
    if (typeof duration === 'number') timers.push(setTimeout(stopSignal, duration * 1000));
    const every = Number(flags['status-every'] ?? 5) * 1000;
    timers.push(setInterval(() => say(session.statusLine()), every));
    // The order round trip prices off the verified book: wait for its first snapshot (bounded).
    await Promise.race([session.whenBookValid(BOOK_WAIT_MS), stopped]);
    await session.placeAndCancelDemoOrder();
    await Promise.race([stopped, options.stop ?? new Promise<void>(() => undefined)]);
    say(session.statusLine());
    return session.stats;
  } finally {
    for (const t of timers) clearTimeout(t);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await session.close();
    await venue.close();
    say('stopped');
  }
}
