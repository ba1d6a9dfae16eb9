/**
 * `KrakenFuturesRawHttpClient`: one method per Kraken Futures REST endpoint (trading v3, history
 * v3, charts v1), named after Kraken's (`sendorder`, `batchorder`, `openorders`, `historyOrders`,
 * `candles`, …), taking Kraken's wire parameter names and resolving to the whole typed body.
 * The methods come from the generated route tables and method interfaces; this file is the one
 * interpreter behind all of them, on the shared transport (http, nonce, retry, validation).
 *
 * Order rejects: `sendorder`/`editorder`/`cancelorder`/`batchorder` answer `result: "success"`
 * even when the venue refused the order; the reason is in `sendStatus.status` (etc.). The client
 * returns that body typed and does not throw; see order-status.ts for the helpers.
 */
import { inspect } from 'node:util';
import type { FuturesChartsMethods } from '../../../../generated/futures-charts/client.gen.js';
import { futuresChartsRoutes } from '../../../../generated/futures-charts/routes.gen.js';
import * as chartsValidators from '../../../../generated/futures-charts/validators.gen.js';
import type { FuturesHistoryMethods } from '../../../../generated/futures-history/client.gen.js';
import { futuresHistoryRoutes } from '../../../../generated/futures-history/routes.gen.js';
import * as historyValidators from '../../../../generated/futures-history/validators.gen.js';
import type { FuturesRestMethods } from '../../../../generated/futures-rest/client.gen.js';
import { futuresRestRoutes } from '../../../../generated/futures-rest/routes.gen.js';
import * as restValidators from '../../../../generated/futures-rest/validators.gen.js';
import { credentialsFrom, maskKey, type ApiCredentials } from '../../common/credentials.js';
import { KrakenAuthError, KrakenNonceError, KrakenValidationError } from '../../../core/errors.js';
import { isRetryable } from '../../../core/retryable.js';
import { joinUrl } from '../../common/urls.js';
import { assertTlsVerification, type HttpTransport } from '../../../transport/http.js';
import { keyChannel, type KeyChannel } from '../../../transport/nonce.js';
import { acquireOptions, keyChannelOptions, limiterOptions, originOf, type KrakenKeyOptions } from '../../common/key-options.js';
import type { FuturesRateLimiter } from '../../ratelimit/futures-limiter.js';
import { futuresRateLimiterFor, publicRateLimiterFor } from '../../ratelimit/registry.js';
import { withRetry, type RetryHooks, type RetryPolicy } from '../../../transport/retry.js';
import { retryPolicyFrom, transportFrom, type RestTransportOptions } from '../../../transport/rest-options.js';
import type { CallOptions, RestRoute } from '../../../transport/rest-route.js';
import { futuresAuthent } from '../../../transport/signing.js';
import { copyForValidation, validateOrThrow, type Validator } from '../../../transport/validation.js';
import { decodeFuturesResponse } from './envelope.js';
import { FUTURES_HISTORY_PATH_PREFIX, KRAKEN_FUTURES_ENVIRONMENTS, type KrakenFuturesEnvironment } from './environment.js';
import { encodeBatchOrderJson, encodeFuturesForm } from './wire-encoding.js';

/** The three Futures REST services, each with its own route table and validators. */
export type FuturesRestService = 'trading' | 'history' | 'charts';

interface ServiceTable {
  readonly routes: Readonly<Record<string, RestRoute>>;
  readonly requestValidators: Readonly<Record<string, Validator>>;
  readonly responseValidators: Readonly<Record<string, Validator>>;
}

const SERVICES: Readonly<Record<FuturesRestService, ServiceTable>> = {
  trading: { routes: futuresRestRoutes, ...restValidators },
  history: { routes: futuresHistoryRoutes, ...historyValidators },
  charts: { routes: futuresChartsRoutes, ...chartsValidators },
};

export interface KrakenFuturesRawHttpClientOptions extends RestTransportOptions, KrakenKeyOptions {
  /** Defaults to `KRAKEN_FUTURES_API_KEY` (LIVE) or `KRAKEN_FUTURES_DEMO_API_KEY` (DEMO). */
  readonly apiKey?: string;
  /** Defaults to `KRAKEN_FUTURES_API_SECRET` (LIVE) or `KRAKEN_FUTURES_DEMO_API_SECRET` (DEMO). */
  readonly apiSecret?: string;
  /**
   * Credentials already resolved (an adapter reads its own config and environment); `null` means
   * public calls only. When given, `apiKey`/`apiSecret` and the environment are not consulted.
   */
  readonly credentials?: ApiCredentials | null;
  /** `LIVE` (default) or `DEMO`; picks the default hosts and credential variables. */
  readonly environment?: KrakenFuturesEnvironment;
  /** Everything before `/derivatives/api/v3/...`. */
  readonly baseUrl?: string;
  /** Everything before the history path prefix; defaults to the environment's host. */
  readonly historyBaseUrl?: string;
  /** Replaces `/api/history/v3` in history paths (and in what Authent signs). */
  readonly historyPathPrefix?: string;
  /** Everything before `/api/charts/v1/...`. */
  readonly chartsBaseUrl?: string;
  /** Injected sleep/random for retries (tests). */
  readonly retryHooks?: Pick<RetryHooks, 'sleep' | 'random' | 'now'>;
}

// The generated method interface is merged into the class on purpose: its methods are installed
// on the prototype at the end of this file from the generated route table, which codegen writes
// from the same operations as the interface, so every declared method exists at runtime.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface KrakenFuturesRawHttpClient extends FuturesRestMethods, FuturesHistoryMethods, FuturesChartsMethods {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- merged with the interface above, see there
export class KrakenFuturesRawHttpClient {
  readonly environment: KrakenFuturesEnvironment;
  readonly baseUrl: string;
  readonly historyBaseUrl: string;
  readonly historyPathPrefix: string;
  readonly chartsBaseUrl: string;
  readonly #credentials: ApiCredentials | undefined;
  readonly #credentialEnv: { readonly key: string; readonly secret: string };
  readonly #transport: HttpTransport;
  readonly #ownsTransport: boolean;
  readonly #retry: RetryPolicy;
  readonly #retryHooks: Pick<RetryHooks, 'sleep' | 'random' | 'now'>;
  readonly #keyOptions: KrakenKeyOptions;
  /** The key's nonce channel and rate limiter, shared with every client of the key in the process. */
  readonly #channel: KeyChannel | undefined;
  readonly #limiter: FuturesRateLimiter | undefined;

  constructor(options: KrakenFuturesRawHttpClientOptions = {}) {
    this.environment = options.environment ?? 'LIVE';
    const env = KRAKEN_FUTURES_ENVIRONMENTS[this.environment];
    if (!env)
      throw new KrakenValidationError('KrakenFuturesRawHttpClient options', [
        { path: '/environment', message: `unknown Kraken Futures environment: ${String(options.environment)} (LIVE or DEMO)` },
      ]);
    this.baseUrl = options.baseUrl ?? env.baseUrl;
    this.historyBaseUrl = options.historyBaseUrl ?? options.baseUrl ?? env.historyBaseUrl;
    this.chartsBaseUrl = options.chartsBaseUrl ?? options.baseUrl ?? env.chartsBaseUrl;
    this.historyPathPrefix = (options.historyPathPrefix ?? FUTURES_HISTORY_PATH_PREFIX).replace(/\/+$/, '');
    for (const url of [this.baseUrl, this.historyBaseUrl, this.chartsBaseUrl]) assertTlsVerification(url);
    this.#credentialEnv = env.credentialEnv;
    this.#credentials =
      options.credentials !== undefined
        ? (options.credentials ?? undefined)
        : credentialsFrom(options.apiKey, options.apiSecret, env.credentialEnv);
    this.#retry = retryPolicyFrom(options);
    this.#retryHooks = options.retryHooks ?? {};
    this.#keyOptions = options;
    if (this.#credentials) {
      this.#limiter = options.rateLimiting === false ? undefined : futuresRateLimiterFor(this.#credentials.apiKey, limiterOptions(options));
      // Taken at construction: a second process signing for the key fails here, before any call.
      this.#channel = keyChannel('futures', this.#credentials.apiKey, keyChannelOptions(options, this.baseUrl));
    }
    const { transport, owned } = transportFrom(options);
    this.#transport = transport;
    this.#ownsTransport = owned;
  }

  /** The key's rate limiter (shared by every client of the key). */
  get rateLimiter(): FuturesRateLimiter | undefined {
    return this.#limiter;
  }

  /** Whether private endpoints can be called. */
  get hasCredentials(): boolean {
    return this.#credentials !== undefined;
  }

  /** Calls any operation by service and Kraken's name; the named methods are this, typed. */
  async request(
    service: FuturesRestService,
    operationId: string,
    params: Record<string, unknown> = {},
    options: CallOptions = {},
  ): Promise<unknown> {
    const table = SERVICES[service];
    const route = Object.hasOwn(table.routes, operationId) ? table.routes[operationId] : undefined;
    if (!route)
      throw new KrakenValidationError('Kraken Futures request', [{ path: `/${service}`, message: `unknown operation: ${operationId}` }]);
    // Validate a copy first: bad input never reaches the wire (the validator normalises decimals in place).
    validateOrThrow(table.requestValidators[operationId]!, copyForValidation(params), `invalid ${operationId} parameters`, route.path);
    const call = () => this.#call(service, route, params, options);
    if (route.auth === 'public') return withRetry(call, this.#retry, this.#retryHooks);
    // Private reads are safe to repeat, as on Spot. Order entry is never retried blindly: only a
    // nonce rejection, which means nothing was processed, is re-signed and sent once more.
    let nonceRetries = 0;
    // One re-sign after a nonce rejection is always allowed, even with maxRetries 0.
    const policy = { ...this.#retry, maxRetries: route.orderEntry ? 1 : Math.max(1, this.#retry.maxRetries) };
    return withRetry(call, policy, {
      ...this.#retryHooks,
      retryable: (err) => {
        if (err instanceof KrakenNonceError) return nonceRetries++ < 1;
        return !route.orderEntry && isRetryable(err);
      },
    });
  }

  async close(): Promise<void> {
    if (this.#ownsTransport) await this.#transport.close();
  }

  #urlPath(service: FuturesRestService, route: RestRoute, params: Record<string, unknown>): string {
    let path = route.path;
    if (service === 'history' && path.startsWith(FUTURES_HISTORY_PATH_PREFIX))
      path = this.historyPathPrefix + path.slice(FUTURES_HISTORY_PATH_PREFIX.length);
    for (const name of route.pathParams) path = path.replace(`{${name}}`, encodeURIComponent(String(params[name])));
    return path;
  }

  #wire(route: RestRoute, params: Record<string, unknown>): { query: string; body: string } {
    const rest: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(params)) if (!route.pathParams.includes(k)) rest[k] = v;
    if (route.body === 'none') return { query: encodeFuturesForm(rest), body: '' };
    // batchorder: the batch travels as JSON text in the form field `json`, as Kraken documents it.
    if (route.operationId === 'batchorder' && rest['json'] !== undefined) rest['json'] = encodeBatchOrderJson(rest['json']);
    return { query: '', body: encodeFuturesForm(rest) };
  }

  async #call(service: FuturesRestService, route: RestRoute, params: Record<string, unknown>, options: CallOptions): Promise<unknown> {
    const path = this.#urlPath(service, route, params);
    const { query, body } = this.#wire(route, params);
    const base = service === 'trading' ? this.baseUrl : service === 'history' ? this.historyBaseUrl : this.chartsBaseUrl;
    const headers: Record<string, string> = {};
    if (route.method !== 'GET') headers['content-type'] = 'application/x-www-form-urlencoded';
    const send = async (): Promise<unknown> => {
      const res = await this.#transport.request({
        method: route.method,
        url: joinUrl(base, path) + (query ? `?${query}` : ''),
        endpoint: path,
        headers,
        ...(route.method === 'GET' ? {} : { body }),
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      });
      const decoded = decodeFuturesResponse(res, path);
      return validateOrThrow(
        SERVICES[service].responseValidators[route.operationId]!,
        decoded,
        `unexpected ${route.operationId} response`,
        path,
      );
    };
    const wait = acquireOptions(path, options.signal, this.#keyOptions);
    if (route.auth === 'public') {
      // Kraken meters public calls per IP: one limiter per host, shared in the process.
      const limiter =
        this.#keyOptions.rateLimiting === false ? undefined : publicRateLimiterFor(originOf(base), limiterOptions(this.#keyOptions));
      await limiter?.acquire(wait);
      try {
        return await send();
      } catch (err) {
        limiter?.onVenueError(err);
        throw err;
      }
    }
    const creds = this.#credentials;
    const channel = this.#channel;
    if (!creds || !channel) {
      throw new KrakenAuthError(
        [`krakenkit: ${route.operationId} needs API credentials (${this.#credentialEnv.key} / ${this.#credentialEnv.secret})`],
        { endpoint: path },
      );
    }
    channel.breaker.assertClosed();
    // Charts have no documented private budget; trading and history each have their own.
    const metered = service === 'charts' ? undefined : service;
    const limiter = metered === undefined ? undefined : this.#limiter;
    if (limiter && metered) await limiter.acquire(metered, route, params, wait);
    try {
      // The nonce is drawn inside the key's queue, so nonces reach Kraken in the order drawn.
      return await channel.signed((nonce) => {
        headers['APIKey'] = creds.apiKey;
        headers['Nonce'] = nonce;
        // postData = query string + body, exactly as sent (the official sample client does the same).
        headers['Authent'] = futuresAuthent(path, nonce, query + body, creds.signingKey());
        return send();
      }, route.orderEntry);
    } catch (err) {
      if (limiter && metered) limiter.onVenueError(err, metered);
      throw err;
    }
  }

  toJSON(): Record<string, unknown> {
    return { environment: this.environment, baseUrl: this.baseUrl, apiKey: this.#credentials ? maskKey(this.#credentials.apiKey) : null };
  }

  [inspect.custom](): string {
    return `KrakenFuturesRawHttpClient(${this.environment} ${this.baseUrl}${this.#credentials ? `, key ${maskKey(this.#credentials.apiKey)}` : ''})`;
  }
}

// One method per route of each service, from the generated tables: no per-endpoint hand code.
for (const service of Object.keys(SERVICES) as FuturesRestService[]) {
  for (const route of Object.values(SERVICES[service].routes)) {
    if (Object.prototype.hasOwnProperty.call(KrakenFuturesRawHttpClient.prototype, route.methodName)) {
      throw new Error(`krakenkit: Futures method name ${route.methodName} is defined twice`);
    }
    Object.defineProperty(KrakenFuturesRawHttpClient.prototype, route.methodName, {
      value(this: KrakenFuturesRawHttpClient, params?: Record<string, unknown>, options?: CallOptions) {
        return this.request(service, route.operationId, params ?? {}, options ?? {});
      },
      writable: true,
      configurable: true,
    });
  }
}
