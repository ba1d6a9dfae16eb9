/**
 * The per-key options of the raw REST clients (rate-limit tier and bounds, nonce persistence and
 * breaker) from the resolved adapter config, in one place for the Spot and Futures clients.
 * The limiter and the nonce run on wall time: a node's clock (a simulator's manual clock in the
 * tests) is for timestamps, and a limiter waiting on a clock nobody moves would never send.
 */
import type { KrakenKeyOptions } from '../../kraken/common/key-options.js';
import type { ResolvedKrakenClientConfig } from '../config.js';

export function keyOptionsFromConfig(config: ResolvedKrakenClientConfig): KrakenKeyOptions {
  return {
    ...(config.maxRequestsPerSecond === null ? {} : { maxRequestsPerSecond: config.maxRequestsPerSecond }),
    ...(config.rateLimitMaxWaitSecs === null ? {} : { rateLimitMaxWaitSecs: config.rateLimitMaxWaitSecs }),
    ...(config.nonceStateDir === null ? {} : { nonceStateDir: config.nonceStateDir }),
    ...(config.nonceBreakerThreshold === null ? {} : { nonceBreakerThreshold: config.nonceBreakerThreshold }),
  };
}
