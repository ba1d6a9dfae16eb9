/**
 * The HTTP transport every REST client shares: undici with a keep-alive pool, an overall timeout
 * per request, an optional proxy and a cap on response size. It knows nothing about Kraken's
 * envelopes; every failure leaves it as a `KrakenTransportError`.
 */
import { Agent, ProxyAgent, request as undiciRequest, type Dispatcher } from 'undici';
import { KrakenTransportError } from '../core/errors.js';
import { parseProxyUrl } from './proxy-url.js';

export interface HttpTransportOptions {
  /** Overall time for one request, connect to last body byte. */
  readonly timeoutMs?: number;
  /** `http://user:pass@host:port`; credentials in it are never logged. */
  readonly proxyUrl?: string;
  readonly maxConnections?: number;
  readonly keepAliveTimeoutMs?: number;
  /** Responses larger than this fail with `payload-too-large` (default 16 MiB). */
  readonly maxResponseBytes?: number;
  readonly userAgent?: string;
}

export interface HttpRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** For error messages: the path without query or host. */
  readonly endpoint: string;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly text: string;
}

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

export class HttpTransport {
  readonly #dispatcher: Dispatcher;
  readonly #timeoutMs: number;
  readonly #maxBytes: number;
  readonly #userAgent: string;

  constructor(options: HttpTransportOptions = {}) {
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#maxBytes = options.maxResponseBytes ?? 16 * 1024 * 1024;
    this.#userAgent = options.userAgent ?? 'krakenkit';
    const pool = {
      connections: options.maxConnections ?? 8,
      keepAliveTimeout: options.keepAliveTimeoutMs ?? 30_000,
      headersTimeout: this.#timeoutMs,
      bodyTimeout: this.#timeoutMs,
    };
    this.#dispatcher = options.proxyUrl ? new ProxyAgent({ uri: parseProxyUrl(options.proxyUrl).href, ...pool }) : new Agent(pool);
  }

  async request(req: HttpRequest): Promise<HttpResponse> {
    const timeoutMs = req.timeoutMs ?? this.#timeoutMs;
    const timer = new AbortController();
    const handle = setTimeout(() => timer.abort(), timeoutMs);
    const signals = req.signal ? [timer.signal, req.signal] : [timer.signal];
    const signal = signals.length === 1 ? timer.signal : AbortSignal.any(signals);
    try {
      const res = await undiciRequest(req.url, {
        method: req.method,
        headers: { 'user-agent': this.#userAgent, ...req.headers },
        body: req.body,
        dispatcher: this.#dispatcher,
        signal,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of res.body) {
        size += (chunk as Buffer).length;
        if (size > this.#maxBytes) {
          res.body.destroy();
          throw new KrakenTransportError(`response larger than ${this.#maxBytes} bytes`, 'payload-too-large', {
            endpoint: req.endpoint,
            status: res.statusCode,
          });
        }
        chunks.push(chunk as Buffer);
      }
      return { status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') };
    } catch (err) {
      if (err instanceof KrakenTransportError) throw err;
      if (timer.signal.aborted || TIMEOUT_CODES.has((err as { code?: string }).code ?? '')) {
        throw new KrakenTransportError(`no response within ${timeoutMs} ms`, 'timeout', { endpoint: req.endpoint, cause: err });
      }
      if (req.signal?.aborted)
        throw new KrakenTransportError('request aborted by the caller', 'closed', { endpoint: req.endpoint, cause: err });
      const code = (err as { code?: string }).code;
      throw new KrakenTransportError(`network error${code ? ` (${code})` : ''}`, 'network', { endpoint: req.endpoint, cause: err });
    } finally {
      clearTimeout(handle);
    }
  }

  async close(): Promise<void> {
    await this.#dispatcher.close();
  }
}

/**
 * Never run with TLS verification disabled (docs/reliability.md N7). Throws when
 * `NODE_TLS_REJECT_UNAUTHORIZED=0` and the URL is https.
 */
export function assertTlsVerification(url: string): void {
  if (url.startsWith('https:') && process.env['NODE_TLS_REJECT_UNAUTHORIZED'] === '0') {
    throw new KrakenTransportError('refusing to talk to Kraken with NODE_TLS_REJECT_UNAUTHORIZED=0', 'network');
  }
}
