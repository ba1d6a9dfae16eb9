/**
 * One limiter per API key (and one per public host), shared by every client in the process, as
 * Kraken meters per key and per IP whatever the number of clients. Limiters are grouped by clock,
 * so a test on a `ManualClock` never shares counters with the wall-clock world.
 *
 * Every client of one key must describe the key the same way: a client that asks for another
 * tier, ceiling or history cost than the key's limiter already has is refused at construction.
 */
import { createHash } from 'node:crypto';
import { systemClock, type Clock } from '../../core/clock.js';
import { KrakenStateError } from '../../core/errors.js';
import { FuturesRateLimiter, type FuturesRateLimiterOptions } from './futures-limiter.js';
import { PublicRateLimiter, type PublicRateLimiterOptions } from './public-limiter.js';
import { SpotRateLimiter, type SpotRateLimiterOptions } from './spot-limiter.js';

type Registry<T> = WeakMap<Clock, Map<string, T>>;

const spot: Registry<SpotRateLimiter> = new WeakMap();
const futures: Registry<FuturesRateLimiter> = new WeakMap();
const publicHosts: Registry<PublicRateLimiter> = new WeakMap();

/** Keys are held only as a hash. */
function keyId(apiKey: string): string {
  return createHash('sha256').update(apiKey).digest('hex');
}

function shared<T>(registry: Registry<T>, clock: Clock, id: string, create: () => T): T {
  let byId = registry.get(clock);
  if (byId === undefined) {
    byId = new Map();
    registry.set(clock, byId);
  }
  let limiter = byId.get(id);
  if (limiter === undefined) {
    limiter = create();
    byId.set(id, limiter);
  }
  return limiter;
}

function agree(what: string, name: string, wanted: string | number | undefined, actual: string | number): void {
  if (wanted !== undefined && wanted !== actual) {
    throw new KrakenStateError(
      `${what} already has a rate limiter with ${name} ${String(actual)}; every client of one key must use the same (asked for ${String(wanted)})`,
    );
  }
}

/** The Spot limiter of `apiKey`, created with `options` by the first client that asks. */
export function spotRateLimiterFor(apiKey: string, options: SpotRateLimiterOptions = {}): SpotRateLimiter {
  const limiter = shared(spot, options.clock ?? systemClock, keyId(apiKey), () => new SpotRateLimiter(options));
  agree('this Spot API key', 'tier', options.tier, limiter.tier);
  agree('this Spot API key', 'maxRequestsPerSecond', options.maxRequestsPerSecond, limiter.maxRequestsPerSecond);
  agree('this Spot API key', 'history call cost', options.historyCost, limiter.historyCost);
  return limiter;
}

export function futuresRateLimiterFor(apiKey: string, options: FuturesRateLimiterOptions = {}): FuturesRateLimiter {
  const limiter = shared(futures, options.clock ?? systemClock, keyId(apiKey), () => new FuturesRateLimiter(options));
  agree('this Futures API key', 'maxRequestsPerSecond', options.maxRequestsPerSecond, limiter.maxRequestsPerSecond);
  return limiter;
}

/** The limiter for public calls to `origin` (scheme, host and port). The first client's ceiling applies. */
export function publicRateLimiterFor(origin: string, options: PublicRateLimiterOptions = {}): PublicRateLimiter {
  return shared(publicHosts, options.clock ?? systemClock, origin, () => new PublicRateLimiter(options));
}

/** Forgets the key's limiters (all clocks are kept apart, so only the given one). For a fresh start in tests and tools. */
export function releaseRateLimiters(apiKey: string, clock: Clock = systemClock): void {
  spot.get(clock)?.delete(keyId(apiKey));
  futures.get(clock)?.delete(keyId(apiKey));
}
