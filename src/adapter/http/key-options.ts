/**
 * The raw clients' per-key options (rate limiter, nonce persistence, lock and breaker) from an
 * adapter config, on the node's clock: the limiter waits and the nonce advances in the same time
 * as the node, so a node on a `ManualClock` meters its calls on that clock too.
 */
import type { Clock } from '../../core/clock.js';
import type { KrakenKeyOptions } from '../../kraken/common/key-options.js';
import type { KrakenRateLimitTier } from '../../kraken/ratelimit/tiers.js';
import type { ResolvedKrakenClientConfig } from '../config.js';

export function keyOptionsFrom(config: ResolvedKrakenClientConfig, clock: Clock | undefined): KrakenKeyOptions {
  return {
    ...(clock === undefined ? {} : { clock }),
    ...(config.maxRequestsPerSecond === null ? {} : { maxRequestsPerSecond: config.maxRequestsPerSecond }),
    ...(config.rateLimitMaxWaitSecs === null ? {} : { rateLimitMaxWaitSecs: config.rateLimitMaxWaitSecs }),
    ...(config.nonceStateDir === null ? {} : { nonceStateDir: config.nonceStateDir }),
    ...(config.nonceShare === null ? {} : { nonceShare: config.nonceShare }),
    ...(config.nonceBreakerThreshold === null ? {} : { nonceBreakerThreshold: config.nonceBreakerThreshold }),
  };
}

/** The Spot-only limiter options: the key's tier and the history call cost. */
export function spotLimiterOptionsFrom(config: ResolvedKrakenClientConfig): {
  rateLimitTier?: KrakenRateLimitTier;
  historyCallCost?: number;
} {
  return {
    ...(config.rateLimitTier === null ? {} : { rateLimitTier: config.rateLimitTier }),
    ...(config.historyCallCost === null ? {} : { historyCallCost: config.historyCallCost }),
  };
}
