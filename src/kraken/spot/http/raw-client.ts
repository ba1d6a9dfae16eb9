/**
 * `KrakenSpotRawHttpClient`: one method per Kraken Spot REST endpoint, named after it
 * (`addOrder`, `assetPairs`, …), taking Kraken's wire parameter names and resolving to the typed
 * `result`. The methods come from the generated route table and method interface; this file is
 * the one interpreter behind all of them.
 */
import { rememberSecret } from '../../../core/secret-values.js';
import { inspect } from 'node:util';
import type { SpotRestMethods } from '../../../../generated/spot-rest/client.gen.js';
import { spotRestRoutes, type SpotRestOperationId } from '../../../../generated/spot-rest/routes.gen.js';
import { requestValidators, responseValidators } from '../../../../generated/spot-rest/validators.gen.js';
import { type ApiCredentials, credentialsFrom, maskKey } from '../../common/credentials.js';
import { KrakenAuthError, KrakenNonceError, KrakenValidationError } from '../../../core/errors.js';
import { isRetryable } from '../../../core/retryable.js';
import { KRAKEN_URLS, joinUrl } from '../../common/urls.js';
import { encodeForm } from '../../../transport/form.js';
import { assertTlsVerification, type HttpTransport } from '../../../transport/http.js';
import { keyChannel, type KeyChannel } from '../../../transport/nonce.js';
import { acquireOptions, keyChannelOptions, limiterOptions, originOf, type KrakenKeyOptions } from '../../common/key-options.js';
import { publicRateLimiterFor, spotRateLimiterFor } from '../../ratelimit/registry.js';
import type { PublicRateLimiter } from '../../ratelimit/public-limiter.js';
import type { SpotRateLimiter } from '../../ratelimit/spot-limiter.js';
import { SPOT_URGENT_REST_OPERATIONS, spotRestCallCost } from '../../ratelimit/spot-costs.js';
import { recordSpotRestOrderResult, spotRestOrderTransactions } from '../../ratelimit/spot-rest-orders.js';
import type { KrakenRateLimitTier } from '../../ratelimit/tiers.js';
import { withRetry, type RetryPolicy } from '../../../transport/retry.js';
import { retryPolicyFrom, transportFrom, type RestTransportOptions } from '../../../transport/rest-options.js';
import type { CallOptions, RestRoute } from '../../../transport/rest-route.js';
import { spotApiSign } from '../../../transport/signing.js';
import { copyForValidation, validateOrThrow } from '../../../transport/validation.js';
import { decodeSpotEnvelope } from './envelope.js';

export interface KrakenSpotRawHttpClientOptions extends RestTransportOptions, KrakenKeyOptions {
  /** The key's Kraken tier, which sets its REST and trading counters (default `starter`, the strictest). */
  readonly rateLimitTier?: KrakenRateLimitTier;
  /** Cost of ledger and trade-history calls on the REST counter (default 2). */
  readonly historyCallCost?: number;
  /** Defaults to `KRAKEN_SPOT_API_KEY`. */
  readonly apiKey?: string;
  /** Defaults to `KRAKEN_SPOT_API_SECRET`. */
  readonly apiSecret?: string;
  /**
   * Credentials already resolved (an adapter reads its own config and environment); `null` means
   * public calls only. When given, `apiKey`/`apiSecret` and the environment are not consulted.
   */
  readonly credentials?: ApiCredentials | null;
  /** Everything before `/0/...`; defaults to https://api.kraken.com. */
  readonly baseUrl?: string;
  /** Called with `W…` warnings that accompany a successful result. */
  readonly onWarning?: (endpoint: string, warnings: readonly string[]) => void;
}

// The generated method interface is merged into the class on purpose: its methods are installed
// on the prototype at the end of this file from the generated route table, which codegen writes
// from the same operations as the interface, so every declared method exists at runtime.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface KrakenSpotRawHttpClient extends SpotRestMethods {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- merged with the interface above, see there
export class KrakenSpotRawHttpClient {
  readonly baseUrl: string;
  readonly #credentials: ApiCredentials | undefined;
  readonly #transport: HttpTransport;
  readonly #ownsTransport: boolean;
  readonly #retry: RetryPolicy;
  readonly #onWarning: KrakenSpotRawHttpClientOptions['onWarning'];
  readonly #keyOptions: KrakenKeyOptions;
  /** The key's nonce channel and rate limiter, shared with every client of the key in the process. */
  readonly #channel: KeyChannel | undefined;
  readonly #limiter: SpotRateLimiter | undefined;
  readonly #publicLimiter: PublicRateLimiter | undefined;

  constructor(options: KrakenSpotRawHttpClientOptions = {}) {
    this.baseUrl = options.baseUrl ?? KRAKEN_URLS.spotRest;
    assertTlsVerification(this.baseUrl);
    this.#credentials =
      options.credentials !== undefined
        ? (options.credentials ?? undefined)
        : credentialsFrom(options.apiKey, options.apiSecret, { key: 'KRAKEN_SPOT_API_KEY', secret: 'KRAKEN_SPOT_API_SECRET' });
    this.#retry = retryPolicyFrom(options);
    this.#onWarning = options.onWarning;
    this.#keyOptions = options;
    const limiting = options.rateLimiting !== false;
    this.#publicLimiter = limiting ? publicRateLimiterFor(originOf(this.baseUrl), limiterOptions(options)) : undefined;
    if (this.#credentials) {
      const apiKey = this.#credentials.apiKey;
      this.#limiter = limiting
        ? spotRateLimiterFor(apiKey, {
            ...limiterOptions(options),
            ...(options.rateLimitTier === undefined ? {} : { tier: options.rateLimitTier }),
            ...(options.historyCallCost === undefined ? {} : { historyCost: options.historyCallCost }),
          })
        : undefined;
      // Taken at construction: a second process signing for the key fails here, before any call.
      this.#channel = keyChannel('spot', apiKey, keyChannelOptions(options, this.baseUrl));
    }
    const { transport, owned } = transportFrom(options);
    this.#transport = transport;
    this.#ownsTransport = owned;
  }

  /** The key's rate limiter (shared by every client of the key; order entry over WS acquires from it too). */
  get rateLimiter(): SpotRateLimiter | undefined {
    return this.#limiter;
  }

  /** Whether private endpoints can be called. */
  get hasCredentials(): boolean {
    return this.#credentials !== undefined;
  }

  /** Calls any Spot operation by Kraken's name; the named methods are this, typed. */
  async request(operationId: SpotRestOperationId, params: Record<string, unknown> = {}, options: CallOptions = {}): Promise<unknown> {
    const route: RestRoute | undefined = Object.hasOwn(spotRestRoutes, operationId) ? spotRestRoutes[operationId] : undefined;
    if (!route)
      throw new KrakenValidationError('Kraken Spot request', [
        { path: '/operationId', message: `unknown operation: ${String(operationId)}` },
      ]);
    if (route.auth === 'public') return withRetry(() => this.#publicCall(route, params, options), this.#retry);
    // Reads are safe to repeat. Order entry is not: only a nonce rejection (nothing was
    // processed) is re-signed and sent once more (docs/reliability.md V4).
    // One re-sign after a nonce rejection is always allowed, even with maxRetries 0.
    const policy = { ...this.#retry, maxRetries: route.orderEntry ? 1 : Math.max(1, this.#retry.maxRetries) };
    let nonceRetries = 0;
    return withRetry(() => this.#privateCall(route, params, options), policy, {
      retryable: (err) => {
        if (err instanceof KrakenNonceError) return nonceRetries++ < 1;
        return !route.orderEntry && isRetryable(err);
      },
    });
  }

  async close(): Promise<void> {
    if (this.#ownsTransport) await this.#transport.close();
  }

  async #publicCall(route: RestRoute, params: Record<string, unknown>, options: CallOptions): Promise<unknown> {
    validateOrThrow<unknown>(
      requestValidators[route.operationId as SpotRestOperationId],
      copyForValidation(params),
      `invalid ${route.operationId} parameters`,
      route.path,
    );
    const query = encodeForm(params);
    await this.#publicLimiter?.acquire(acquireOptions(route.path, options.signal, this.#keyOptions));
    try {
      const res = await this.#transport.request({
        method: 'GET',
        url: joinUrl(this.baseUrl, route.path) + (query ? `?${query}` : ''),
        endpoint: route.path,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      });
      return this.#result(route, res);
    } catch (err) {
      this.#publicLimiter?.onVenueError(err);
      throw err;
    }
  }

  async #privateCall(route: RestRoute, params: Record<string, unknown>, options: CallOptions): Promise<unknown> {
    const creds = this.#credentials;
    const channel = this.#channel;
    if (!creds || !channel) {
      throw new KrakenAuthError([`krakenkit: ${route.operationId} needs API credentials (KRAKEN_SPOT_API_KEY / KRAKEN_SPOT_API_SECRET)`], {
        endpoint: route.path,
      });
    }
    channel.breaker.assertClosed();
    // Bad input fails here, before it takes a rate-limit permit or a nonce (the nonce is a stand-in).
    validateOrThrow<unknown>(
      requestValidators[route.operationId as SpotRestOperationId],
      { nonce: '0', ...copyForValidation(params) },
      `invalid ${route.operationId} parameters`,
      route.path,
    );
    // Wait for the rate limiter before joining the key's queue, so a read held by Kraken's counter
    // never holds up the calls behind it; order entry is priced on its pair's counter instead.
    const limiter = this.#limiter;
    const restCost = limiter ? spotRestCallCost(route, limiter.historyCost) : 0;
    const transactions = limiter && route.orderEntry ? spotRestOrderTransactions(limiter, route.operationId, params) : [];
    const wait = acquireOptions(route.path, options.signal, this.#keyOptions);
    if (limiter)
      await (route.orderEntry
        ? limiter.acquireOrderTransactions(transactions, wait)
        : limiter.acquireRest(restCost, { ...wait, urgent: SPOT_URGENT_REST_OPERATIONS.has(route.operationId) }));
    try {
      // The nonce is drawn inside the key's queue, so nonces reach Kraken in the order drawn.
      const result = await channel.signed(
        async (nonce) => {
          const body: Record<string, unknown> = { nonce, ...params };
          const postData = route.body === 'json' ? JSON.stringify(body) : encodeForm(body);
          const res = await this.#transport.request({
            method: 'POST',
            url: joinUrl(this.baseUrl, route.path),
            endpoint: route.path,
            headers: {
              'content-type': route.body === 'json' ? 'application/json' : 'application/x-www-form-urlencoded',
              'api-key': creds.apiKey,
              'api-sign': spotApiSign(route.path, nonce, postData, creds.signingKey()),
            },
            body: postData,
            ...(options.signal ? { signal: options.signal } : {}),
            ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
          });
          return this.#result(route, res);
        },
        route.orderEntry || SPOT_URGENT_REST_OPERATIONS.has(route.operationId),
      );
      if (limiter && route.orderEntry) recordSpotRestOrderResult(limiter.orders, route.operationId, params, result, limiter.clock.nowMs());
      return result;
    } catch (err) {
      limiter?.onVenueError(err, { restCost, transactions });
      throw err;
    }
  }

  #result(route: RestRoute, res: Parameters<typeof decodeSpotEnvelope>[0]): unknown {
    const { result, warnings } = decodeSpotEnvelope(res, route.path);
    if (warnings.length > 0) this.#onWarning?.(route.path, warnings);
    // A WebSockets token is a credential: logs mask it wherever it appears from now on.
    if (route.operationId === 'GetWebSocketsToken') rememberSecret((result as { token?: string } | null)?.token);
    return validateOrThrow<unknown>(
      responseValidators[route.operationId as SpotRestOperationId],
      result,
      `unexpected ${route.operationId} result`,
      route.path,
    );
  }

  toJSON(): Record<string, unknown> {
    return { baseUrl: this.baseUrl, apiKey: this.#credentials ? maskKey(this.#credentials.apiKey) : null };
  }

  [inspect.custom](): string {
    return `KrakenSpotRawHttpClient(${this.baseUrl}${this.#credentials ? `, key ${maskKey(this.#credentials.apiKey)}` : ''})`;
  }
}

// One method per route, from the generated table (the Octokit pattern): no per-endpoint hand code.
for (const route of Object.values(spotRestRoutes) as RestRoute[]) {
  Object.defineProperty(KrakenSpotRawHttpClient.prototype, route.methodName, {
    value(this: KrakenSpotRawHttpClient, params?: Record<string, unknown>, options?: CallOptions) {
      return this.request(route.operationId as SpotRestOperationId, params ?? {}, options ?? {});
    },
    writable: true,
    configurable: true,
  });
}
