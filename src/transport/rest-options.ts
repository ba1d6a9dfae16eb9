/** The options every REST client shares, and how they become a transport and a retry policy. */
import { HttpTransport } from './http.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.js';

export interface RestTransportOptions {
  readonly proxyUrl?: string;
  readonly httpTimeoutSecs?: number;
  /** Retries for calls that are safe to repeat. Default 3. */
  readonly maxRetries?: number;
  readonly retryDelayInitialMs?: number;
  readonly retryDelayMaxMs?: number;
  /** Injected transport (tests, a shared pool); the client then does not close it. */
  readonly transport?: HttpTransport;
}

export function transportFrom(options: RestTransportOptions): { transport: HttpTransport; owned: boolean } {
  if (options.transport) return { transport: options.transport, owned: false };
  const transport = new HttpTransport({
    ...(options.httpTimeoutSecs === undefined ? {} : { timeoutMs: options.httpTimeoutSecs * 1000 }),
    ...(options.proxyUrl === undefined ? {} : { proxyUrl: options.proxyUrl }),
  });
  return { transport, owned: true };
}

export function retryPolicyFrom(options: RestTransportOptions): RetryPolicy {
  return {
    maxRetries: options.maxRetries ?? DEFAULT_RETRY_POLICY.maxRetries,
    initialDelayMs: options.retryDelayInitialMs ?? DEFAULT_RETRY_POLICY.initialDelayMs,
    maxDelayMs: options.retryDelayMaxMs ?? DEFAULT_RETRY_POLICY.maxDelayMs,
  };
}
