/**
 * `KrakenFuturesWsClient`: Kraken Futures WebSocket v1 over the resilient connection core.
 *
 * - `wss://futures.kraken.com/ws/v1` (live) or `wss://demo-futures.kraken.com/ws/v1` (demo); `url` overrides.
 * - Private feeds use the signed challenge: on every connect *and reconnect* the client
 *   sends `{"event":"challenge","api_key":…}`, signs the UUID it gets back with
 *   `futuresSignChallenge`, and attaches `api_key`, `original_challenge` and `signed_challenge` to
 *   every private subscribe/unsubscribe. A challenge is bound to its socket, so it is never reused.
 * - Liveness: the `heartbeat` feed is subscribed on every connection (its frames feed the idle
 *   deadline) and WebSocket protocol pings are sent every `wsHeartbeatSecs` — Futures has no JSON
 *   ping; Kraken's official sample client pings with protocol frames. The heartbeat feed's period
 *   is not documented ("at timed intervals"): if it proves slower than `wsIdleTimeoutSecs`,
 *   raise that option.
 * - Futures acks carry no request id: an ack is matched to the oldest waiting request for the
 *   same operation and feed, and an `{"event":"error"}` to the oldest waiting request overall
 *   (Kraken answers a connection's requests in order; for errors its docs do not confirm it).
 * - Acks echo `original_challenge` / `signed_challenge`; they are redacted before any event.
 * - `trade` and `ticker` messages written as the schema describes them are decoded from the
 *   socket's text in one pass (feed-text-decoders.ts), and `book_snapshot` / `book` frames go as
 *   text to a handler a consumer registers (`routeBookText`, a verified book): the single-decode
 *   route (src/kraken/common/text-route.ts). Anything else takes the generic route: the lossless
 *   parse and the generated validators, which accept or refuse it as always.
 */
import { isJsonObject } from '../../../core/json.js';
import { inspect } from 'node:util';
import { KrakenApiError, KrakenStateError, KrakenTransportError } from '../../../core/errors.js';
import type { KrakenError } from '../../../core/errors.js';
import { encodeChallengeRequest, encodeSubscribeRequest, encodeUnsubscribeRequest } from '../../../../generated/futures-ws/encoders.gen.js';
import { futuresSignChallenge } from '../../../transport/signing.js';
import { connectionOptionsFrom, forwardLifecycle, secondsToMs } from '../../../transport/ws/client-options.js';
import type { WsClientTuning } from '../../../transport/ws/client-options.js';
import { systemClock } from '../../../core/clock.js';
import { ResilientWsConnection } from '../../../transport/ws/connection.js';
import type { WsConnectionEvents, WsLink, WsSession } from '../../../transport/ws/connection.js';
import { PendingRequests } from '../../../transport/ws/pending-requests.js';
import { WsConnectionState } from '../../../transport/ws/state-machine.js';
import { TypedEmitter } from '../../../transport/ws/typed-emitter.js';
import { type BookTextHandler, TextRoute } from '../../common/text-route.js';
import { decodeFuturesTickerText, decodeFuturesTradeText, futuresTextRouteOf } from './feed-text-decoders.js';
import { validateFuturesEvent, validateFuturesFeedFrame } from './frame-validation.js';
import { FUTURES_PRIVATE_FEEDS, FuturesSubscriptionRegistry } from './subscription-registry.js';
import type {
  FuturesSubscribableFeed,
  FuturesSubscribeParams,
  FuturesWsEventFrame,
  FuturesWsFeedMessage,
  FuturesWsFeedMessages,
} from './types.js';
import { FUTURES_WS_URLS } from './urls.js';
import { SecretScrubber } from '../../common/secret-scrubber.js';
import type { FuturesWsEnvironment } from './urls.js';

export interface KrakenFuturesWsClientOptions extends WsClientTuning {
  readonly environment?: FuturesWsEnvironment;
  /** Overrides the endpoint URL (the simulator's, a proxy's). */
  readonly url?: string;
  /** Needed for private feeds. The secret is only used to sign challenges and is never emitted. */
  readonly apiKey?: string;
  readonly apiSecret?: string;
  /**
   * Subscribe to the `heartbeat` feed on each connection (default true); the idle deadline relies on it.
   * With `false` there is NO idle detection while no request is pending: Futures has no
   * application-level ping, and WebSocket protocol pongs are deliberately ignored (a proxy such as
   * Cloudflare answers them while the venue backend may be silent; docs/reliability.md N2). A silently
   * dead connection is then noticed only by a request timeout or the TCP stack; consumers that
   * turn this off must watch their own feeds' freshness.
   */
  readonly heartbeatFeed?: boolean;
}

export type KrakenFuturesWsEvents = WsConnectionEvents & {
  /** Every validated feed message (heartbeats included). */
  message: [FuturesWsFeedMessage];
  /** Every event frame (acks, errors, info, alerts), challenge fields redacted; `matched` false when nobody waited for it. */
  response: [{ readonly event: FuturesWsEventFrame; readonly matched: boolean }];
  /** A message of `feed` was dropped as malformed; stateful consumers should resync. */
  dropped: [{ readonly feed: string; readonly productIds: readonly string[]; readonly error: KrakenError }];
} & { [F in keyof FuturesWsFeedMessages]: [FuturesWsFeedMessages[F]] };

interface ChallengeAuth {
  readonly original: string;
  readonly signed: string;
}

const CHALLENGE_KEY = 'challenge';
const REDACTED_KEYS = ['api_key', 'original_challenge', 'signed_challenge'];

function redact<F extends object>(frame: F): F {
  const masked: Record<string, string> = {};
  for (const k of REDACTED_KEYS) if (k in frame) masked[k] = '[redacted]';
  return { ...frame, ...masked };
}

export class KrakenFuturesWsClient extends TypedEmitter<KrakenFuturesWsEvents> {
  readonly url: string;
  readonly #conn: ResilientWsConnection;
  readonly #registry = new FuturesSubscriptionRegistry();
  readonly #pending: PendingRequests<number | string, Record<string, unknown>>;
  /** Waiting request ids per `subscribe:<feed>` / `unsubscribe:<feed>`, oldest first. */
  readonly #ackQueues = new Map<string, number[]>();
  readonly #apiKey: string | undefined;
  readonly #apiSecret: string | undefined;
  readonly #heartbeatFeed: boolean;
  readonly #requestTimeoutMs: number;
  #auth: ChallengeAuth | undefined;
  /** The API key, secret, challenges and signed challenges: redacted by value from what it reports. */
  readonly #scrub = new SecretScrubber();
  readonly #textRoute = new TextRoute<FuturesWsFeedMessage>(
    futuresTextRouteOf,
    [decodeFuturesTradeText, decodeFuturesTickerText],
    (message) => this.#deliver(message),
  );
  #link: WsLink | undefined;
  #nextId = 1;
  #challengesSigned = 0;

  constructor(options: KrakenFuturesWsClientOptions = {}) {
    super();
    this.url = options.url ?? FUTURES_WS_URLS[options.environment ?? 'live'];
    if ((options.apiKey === undefined) !== (options.apiSecret === undefined)) {
      throw new KrakenStateError('pass both apiKey and apiSecret, or neither', { endpoint: this.url });
    }
    this.#apiKey = options.apiKey;
    this.#apiSecret = options.apiSecret;
    this.#scrub.add(options.apiKey);
    this.#scrub.add(options.apiSecret);
    this.#heartbeatFeed = options.heartbeatFeed ?? true;
    this.#requestTimeoutMs = secondsToMs(options.wsRequestTimeoutSecs, 5);
    this.#pending = new PendingRequests(options.clock ?? systemClock, this.url);
    this.#conn = new ResilientWsConnection(connectionOptionsFrom(this.url, options), this.#session());
    forwardLifecycle(this.#conn, (event, arg) => (this.emit as (e: string, a: unknown) => void)(event, arg));
  }

  get state(): WsConnectionState {
    return this.#conn.state;
  }

  /** How many challenges were signed (one per connect and reconnect when credentials are set). */
  get challengesSigned(): number {
    return this.#challengesSigned;
  }

  connect(): Promise<void> {
    return this.#conn.connect();
  }

  close(): Promise<void> {
    return this.#conn.close();
  }

  protected override emit<K extends keyof KrakenFuturesWsEvents>(event: K, ...args: KrakenFuturesWsEvents[K]): void {
    super.emit(event, ...this.#scrub.eventArgs(event, args));
  }

  /** Subscribes and remembers the feed for replay. Resolves with the venue's ack; rejects on `subscribed_failed` / `error`. */
  async subscribe<F extends FuturesSubscribableFeed>(
    feed: F,
    params?: FuturesSubscribeParams<F>,
  ): Promise<Record<string, unknown> | undefined> {
    if (FUTURES_PRIVATE_FEEDS.has(feed) && this.#apiKey === undefined) {
      throw new KrakenStateError(`feed '${feed}' is private: pass apiKey and apiSecret`, { endpoint: this.url });
    }
    const s = this.#conn.state;
    if (s === WsConnectionState.Idle || s === WsConnectionState.Closed)
      throw new KrakenStateError(`WebSocket is ${s}: call connect() first`, { endpoint: this.url });
    await this.#conn.whenReady();
    const products = productIdsOf(params);
    const added = this.#registry.add(feed, products);
    if (added !== null && added.length === 0) return undefined;
    return this.#scrub.rejection(this.#send('subscribe', feed, added));
  }

  /** Forgets the feed (or some of its products) and unsubscribes if connected. */
  async unsubscribe<F extends FuturesSubscribableFeed>(
    feed: F,
    params?: FuturesSubscribeParams<F>,
  ): Promise<Record<string, unknown> | undefined> {
    const target = this.#registry.remove(feed, productIdsOf(params));
    if (target === undefined || this.#link === undefined || this.#conn.state !== WsConnectionState.Ready) return undefined;
    return this.#scrub.rejection(this.#send('unsubscribe', feed, target.productIds));
  }

  /**
   * Unsubscribes and resubscribes registered products of `feed` for a fresh snapshot — after a
   * book `seq` gap (docs/reliability.md D5) or a dropped stateful message (D6 there). Without `product_ids`,
   * the whole feed. The registry is unchanged; a no-op while not ready (the replay resyncs).
   */
  async resync<F extends FuturesSubscribableFeed>(feed: F, params?: Partial<FuturesSubscribeParams<F>>): Promise<void> {
    if (this.#link === undefined || this.#conn.state !== WsConnectionState.Ready) return;
    const registered = this.#registry.subscriptions().find((s) => s.feed === feed);
    if (registered === undefined) return;
    const wanted = productIdsOf(params);
    const products =
      registered.productIds === null || wanted === undefined
        ? registered.productIds
        : registered.productIds.filter((p) => wanted.includes(p));
    if (products !== null && products.length === 0) return;
    await this.#send('unsubscribe', feed, products);
    await this.#send('subscribe', feed, products);
  }

  /**
   * Routes raw `book_snapshot` / `book` frames to `handler` (a verified book decoding the text
   * itself) before any generic decode: a frame it handles (returns true) is not emitted as an
   * event; one it returns false for is decoded, validated and emitted as usual. `undefined` removes it.
   */
  routeBookText(handler: BookTextHandler | undefined): void {
    this.#textRoute.book = handler;
  }

  [inspect.custom](): string {
    return `KrakenFuturesWsClient { url: '${this.url}', state: '${this.#conn.state}', subscriptions: ${this.#registry.size}, credentials: ${this.#apiKey === undefined ? 'none' : '[redacted]'} }`;
  }

  toJSON(): Record<string, unknown> {
    return { url: this.url, state: this.#conn.state, subscriptions: this.#registry.subscriptions() };
  }

  // ---------------------------------------------------------------------------------------------

  #session(): WsSession {
    return {
      authenticates: this.#apiKey !== undefined,
      onOpen: (link) => this.#onOpen(link),
      onText: (text) => this.#textRoute.handle(text),
      onFrame: (frame) => this.#onFrame(frame),
      onHeartbeat: (link) => link.sendProtocolPing(),
      expectsTraffic: () => this.#heartbeatFeed || this.#pending.size > 0,
      onDrop: (reason) => {
        this.#link = undefined;
        this.#auth = undefined;
        this.#ackQueues.clear();
        this.#pending.rejectAll(reason);
      },
    };
  }

  async #onOpen(link: WsLink): Promise<void> {
    this.#link = link;
    this.#auth = undefined;
    if (this.#apiKey !== undefined && this.#apiSecret !== undefined) {
      const answered = this.#pending.wait(CHALLENGE_KEY, 'challenge', this.#requestTimeoutMs);
      try {
        link.send(encodeChallengeRequest({ event: 'challenge', api_key: this.#apiKey }));
      } catch (err) {
        this.#pending.fail(CHALLENGE_KEY, err as Error); // settles `answered`, which is awaited next
      }
      const [reply] = await answered;
      const challenge = reply?.['message'];
      if (typeof challenge !== 'string' || challenge === '') {
        throw new KrakenTransportError('challenge reply carried no challenge', 'bad-body', { endpoint: this.url });
      }
      this.#auth = { original: challenge, signed: futuresSignChallenge(challenge, this.#apiSecret) };
      this.#scrub.add(this.#auth.original);
      this.#scrub.add(this.#auth.signed);
      this.#challengesSigned += 1;
    }
    const subs = this.#registry.subscriptions();
    const sends: Promise<unknown>[] = [];
    if (this.#heartbeatFeed && !subs.some((s) => s.feed === 'heartbeat')) sends.push(this.#send('subscribe', 'heartbeat', null));
    for (const s of subs) sends.push(this.#send('subscribe', s.feed, s.productIds));
    const outcomes = await Promise.allSettled(sends);
    for (const o of outcomes) {
      if (o.status === 'fulfilled') continue;
      if (o.reason instanceof KrakenTransportError) throw o.reason; // no answer: reconnect
      this.emit('error', o.reason as KrakenError); // refused: already forgotten
    }
  }

  async #send(op: 'subscribe' | 'unsubscribe', feed: string, productIds: readonly string[] | null): Promise<Record<string, unknown>> {
    const link = this.#link;
    if (link === undefined) throw new KrakenTransportError(`${op} ${feed}: WebSocket not open`, 'closed', { endpoint: this.url });
    const message: Record<string, unknown> = { event: op, feed };
    if (productIds !== null) message['product_ids'] = [...productIds];
    if (FUTURES_PRIVATE_FEEDS.has(feed)) {
      if (this.#auth === undefined || this.#apiKey === undefined) {
        throw new KrakenStateError(`feed '${feed}' is private and this connection has no signed challenge`, { endpoint: this.url });
      }
      message['api_key'] = this.#apiKey;
      message['original_challenge'] = this.#auth.original;
      message['signed_challenge'] = this.#auth.signed;
    }
    const text = op === 'subscribe' ? encodeSubscribeRequest(message as never) : encodeUnsubscribeRequest(message as never);
    const id = this.#nextId++;
    const queueKey = `${op}:${feed}`;
    const queue = this.#ackQueues.get(queueKey) ?? [];
    queue.push(id);
    this.#ackQueues.set(queueKey, queue);
    const answered = this.#pending.wait(id, `${op} ${feed}`, this.#requestTimeoutMs);
    try {
      link.send(text);
    } catch (err) {
      this.#pending.fail(id, err as Error);
    }
    try {
      const [ack] = await answered;
      const event = typeof ack?.['event'] === 'string' ? ack['event'].trim() : '';
      if (event.endsWith('_failed')) {
        throw new KrakenApiError([`${event} ${feed}`], { endpoint: `${this.url} ${op} ${feed}` });
      }
      return redact(ack ?? {});
    } catch (err) {
      if (op === 'subscribe' && err instanceof KrakenApiError) this.#registry.forget(feed, productIds);
      throw err;
    } finally {
      const q = this.#ackQueues.get(queueKey);
      const i = q?.indexOf(id) ?? -1;
      if (q !== undefined && i >= 0) q.splice(i, 1);
    }
  }

  #onFrame(frame: unknown): void {
    if (!isJsonObject(frame)) {
      this.emit('error', new KrakenTransportError('unexpected non-object frame dropped', 'bad-body', { endpoint: this.url }));
      return;
    }
    if (typeof frame['event'] === 'string') this.#onEvent(frame['event'].trim(), frame);
    else if (typeof frame['feed'] === 'string') this.#onFeed(frame['feed'], frame);
    else this.emit('error', new KrakenTransportError('frame with neither event nor feed dropped', 'bad-body', { endpoint: this.url }));
  }

  #onEvent(event: string, frame: Record<string, unknown>): void {
    // Kraken's examples sometimes carry a trailing space ("subscribed "): match on the trimmed value.
    const checked = validateFuturesEvent(event, { ...frame, event }, this.url);
    if (!checked.valid) {
      this.emit('error', checked.error);
      return;
    }
    const message = checked.message;
    if (message.event === 'challenge') {
      this.#pending.deliver(CHALLENGE_KEY, frame);
      // The challenge itself is a per-connection secret input: never emitted.
      return;
    }
    let matched = false;
    if (event === 'subscribed' || event === 'subscribed_failed' || event === 'unsubscribed' || event === 'unsubscribed_failed') {
      const op = event.startsWith('un') ? 'unsubscribe' : 'subscribe';
      const id = this.#ackQueues.get(`${op}:${String(frame['feed'])}`)?.[0];
      if (id !== undefined) matched = this.#pending.deliver(id, { ...frame, event });
    } else if (event === 'error') {
      const oldest = this.#pending.oldest();
      const message = typeof frame['message'] === 'string' ? frame['message'] : 'error';
      if (oldest !== undefined) matched = this.#pending.fail(oldest, new KrakenApiError([message], { endpoint: this.url }));
      if (!matched) this.emit('error', new KrakenApiError([message], { endpoint: this.url }));
    }
    this.emit('response', { event: redact(message), matched });
  }

  #onFeed(feed: string, frame: Record<string, unknown>): void {
    const checked = validateFuturesFeedFrame(feed, frame, this.url);
    if (!checked.valid) {
      this.emit('error', checked.error);
      const productId = frame['product_id'];
      this.emit('dropped', { feed, productIds: typeof productId === 'string' ? [productId] : [], error: checked.error });
      return;
    }
    this.#deliver(checked.message);
  }

  #deliver(message: FuturesWsFeedMessage): void {
    this.emit('message', message);
    (this.emit as (e: string, m: unknown) => void)(message.feed, message);
  }
}

function productIdsOf(params: unknown): string[] | undefined {
  if (!isJsonObject(params)) return undefined;
  const ids = params['product_ids'];
  return Array.isArray(ids) ? ids.map(String) : undefined;
}
