/**
 * `KrakenSpotWsClient`: Kraken Spot WebSocket v2 over the resilient connection core.
 *
 * - Public (`wss://ws.kraken.com/v2`), private (`wss://ws-auth.kraken.com/v2`) and level3
 *   (`wss://ws-l3.kraken.com/v2`) endpoints; `url` overrides any of them.
 * - Private channels and trading need a token. A fresh one is fetched from `tokenProvider` on
 *   every connect and reconnect (a token must be used within 15 minutes; docs/reliability.md N9), before
 *   any subscription is replayed.
 * - Every subscription is kept in a registry and replayed on each new socket.
 * - Requests carry a `req_id`; each waits `wsRequestTimeoutSecs` (default 5) for its answer and
 *   then rejects with `KrakenTransportError` failure `timeout`. A drop rejects waiters with
 *   `closed`. Neither means "rejected by the venue": the caller decides (docs/reliability.md N8).
 * - Incoming frames are validated with the generated validators; a bad frame is dropped with an
 *   `error` and a `dropped` event (so a stateful consumer can resync), never a crash.
 */
import { systemClock } from '../../../core/clock.js';
import { inspect } from 'node:util';
import { type KrakenError, KrakenStateError } from '../../../core/errors.js';
import {
  encodeAddOrderRequest,
  encodeAmendOrderRequest,
  encodeBatchAddRequest,
  encodeBatchCancelRequest,
  encodeCancelAllOrdersAfterRequest,
  encodeCancelAllRequest,
  encodeCancelOrderRequest,
  encodeEditOrderRequest,
  encodePingRequest,
} from '../../../../generated/spot-ws-v2/encoders.gen.js';
import { responseValidators } from '../../../../generated/spot-ws-v2/incoming-validators.gen.js';
import { connectionOptionsFrom, forwardLifecycle, secondsToMs } from '../../../transport/ws/client-options.js';
import type { WsClientTuning } from '../../../transport/ws/client-options.js';
import { ResilientWsConnection, asKrakenError } from '../../../transport/ws/connection.js';
import type { WsConnectionEvents, WsSession } from '../../../transport/ws/connection.js';
import type { WsConnectionState } from '../../../transport/ws/state-machine.js';
import { TypedEmitter } from '../../../transport/ws/typed-emitter.js';
import { V2RequestCore } from '../../common/v2/request-core.js';
import { symbolsIn, validateSpotChannelFrame, validateSpotResponse } from './frame-validation.js';
import { countCancelTargets, REPLY_OF } from './replies.js';
import { SpotStalenessGuard } from './staleness-guard.js';
import type { SpotStaleEvent, SpotStalenessThresholds } from './staleness-guard.js';
import { SpotSubscriptions } from './spot-subscriptions.js';
import { SpotTextRoute, type SpotBookTextHandler } from './spot-text-route.js';
import { SPOT_PRIVATE_CHANNELS } from './subscription-registry.js';
import type {
  SpotSubscribableChannel,
  SpotSubscribeParamsOf,
  SpotUnsubscribeParamsOf,
  SpotWsAck,
  SpotWsChannelMessage,
  SpotWsChannelMessages,
  SpotWsMethod,
  SpotWsReply,
  SpotWsRequestParams,
  SubscribeResponse,
  UnsubscribeResponse,
} from './types.js';
import { SPOT_WS_URLS } from './urls.js';
import { SecretScrubber } from '../../common/secret-scrubber.js';
import type { SpotWsEndpoint } from './urls.js';

export interface KrakenSpotWsClientOptions extends WsClientTuning {
  /** Which Kraken host to use when `url` is not given. Default `public`. */
  readonly endpoint?: SpotWsEndpoint;
  /** Overrides the endpoint URL, e.g. the simulator's. */
  readonly url?: string;
  /** Returns a fresh WebSockets token (REST `GetWebSocketsToken`). Called on every connect. */
  readonly tokenProvider?: () => Promise<string>;
  /**
   * Opt-in per-subscription staleness (docs/reliability.md N3), seconds by channel (`{ book: 30 }`) or
   * channel and symbol (`{ 'book:BTC/USD': 10 }`). Off by default: an illiquid pair's `trade`
   * channel is legitimately silent for minutes.
   */
  readonly staleAfterSecs?: SpotStalenessThresholds;
}

export type KrakenSpotWsEvents = WsConnectionEvents & {
  /** Every validated channel frame (including heartbeat and status). */
  message: [SpotWsChannelMessage];
  /** Every method response; `matched` is false for one whose request already timed out or was never ours. */
  response: [{ readonly ack: SpotWsAck; readonly matched: boolean }];
  /** A frame of `channel` was dropped as malformed; stateful consumers (books, executions) should resync. */
  dropped: [{ readonly channel: string; readonly symbols: readonly string[]; readonly error: KrakenError }];
  /** A watched subscription went silent (see `staleAfterSecs`) and is being repaired. */
  stale: [SpotStaleEvent];
} & { [C in keyof SpotWsChannelMessages]: [SpotWsChannelMessages[C]] };

type Encoder = (message: never) => string;
const REQUEST_ENCODERS: Readonly<Record<SpotWsMethod, Encoder>> = {
  add_order: encodeAddOrderRequest,
  amend_order: encodeAmendOrderRequest,
  edit_order: encodeEditOrderRequest,
  cancel_order: encodeCancelOrderRequest,
  cancel_all: encodeCancelAllRequest,
  cancel_all_orders_after: encodeCancelAllOrdersAfterRequest,
  batch_add: encodeBatchAddRequest,
  batch_cancel: encodeBatchCancelRequest,
};

export class KrakenSpotWsClient extends TypedEmitter<KrakenSpotWsEvents> {
  readonly url: string;
  readonly #conn: ResilientWsConnection;
  readonly #subs: SpotSubscriptions;
  readonly #staleness: SpotStalenessGuard;
  readonly #core: V2RequestCore<SpotWsAck>;
  readonly #textRoute = new SpotTextRoute(
    (channel, message) => this.#deliver(channel, message),
    (text) => this.#staleness.touchText('book', text),
  );
  readonly #tokenProvider: (() => Promise<string>) | undefined;
  readonly #scrub = new SecretScrubber(); // every token fetched, redacted by value from what it reports

  constructor(options: KrakenSpotWsClientOptions = {}) {
    super();
    this.url = options.url ?? SPOT_WS_URLS[options.endpoint ?? 'public'];
    this.#tokenProvider = options.tokenProvider;
    const clock = options.clock ?? systemClock;
    this.#core = new V2RequestCore<SpotWsAck>({
      url: this.url,
      clock,
      requestTimeoutMs: secondsToMs(options.wsRequestTimeoutSecs, 5),
      tokenProvider: options.tokenProvider,
      scrub: this.#scrub,
      encodePing: (reqId) => encodePingRequest({ method: 'ping', req_id: reqId }),
      validateResponse: validateSpotResponse,
      onChannel: (channel, frame) => this.#onChannel(channel, frame),
      onError: (e) => this.emit('error', e),
      onResponse: (ack, matched) => this.emit('response', { ack, matched }),
    });
    this.#conn = new ResilientWsConnection(connectionOptionsFrom(this.url, options), this.#session());
    this.#subs = new SpotSubscriptions(
      {
        nextReqId: () => this.#core.nextReqId(),
        exchange: (method, reqId, text, what, expected) =>
          this.#core.exchange<SubscribeResponse | UnsubscribeResponse>(responseValidators[method], method, reqId, text, what, expected),
        tokenParam: (channel) => this.#tokenParam(channel),
        venueError: (answers, what) => this.#core.venueError(answers, what),
      },
      (channel, _options, symbols) => this.#staleness.acked(channel, symbols),
    );
    this.#staleness = new SpotStalenessGuard(clock, options.staleAfterSecs ?? {}, {
      resubscribe: (channel, symbol) => {
        this.resync(channel as SpotSubscribableChannel, { symbol: [symbol] }).catch((e: unknown) =>
          this.emit('error', asKrakenError(e, this.url)),
        );
      },
      reconnect: (reason) => this.#conn.forceReconnect(reason),
      report: (event) => this.emit('stale', event),
    });
    forwardLifecycle(this.#conn, (event, arg) => (this.emit as (e: string, a: unknown) => void)(event, arg));
  }

  get state(): WsConnectionState {
    return this.#conn.state;
  }

  /** How many tokens were fetched (one per connect and reconnect). */
  get tokenFetches(): number {
    return this.#core.tokenFetches;
  }

  /** Connects; resolves once authenticated (if a token provider is set) and every subscription is replayed. */
  connect(): Promise<void> {
    return this.#conn.connect();
  }

  close(): Promise<void> {
    return this.#conn.close();
  }

  /**
   * Subscribes and remembers the subscription for replay. Resolves with the venue's acks (one per
   * new symbol); rejects with the classified venue error if any symbol is refused (refused symbols
   * are forgotten). Symbols already subscribed with the same options are not re-sent. If the
   * socket drops (`closed`) or the ack does not come (`timeout`), the subscription stays
   * registered and is replayed on the next connection; call `unsubscribe()` to abandon it.
   */
  subscribe<C extends SpotSubscribableChannel>(channel: C, params: SpotSubscribeParamsOf<C>): Promise<SubscribeResponse[]> {
    return this.#scrub.rejection(this.#subscribe(channel, params));
  }

  async #subscribe<C extends SpotSubscribableChannel>(channel: C, params: SpotSubscribeParamsOf<C>): Promise<SubscribeResponse[]> {
    this.#assertChannelUsable(channel);
    await this.#core.awaitReady(this.#conn);
    return this.#subs.subscribe(channel, params);
  }

  /** Forgets the named symbols (or the whole symbol-less subscription) and unsubscribes them if connected. */
  unsubscribe<C extends SpotSubscribableChannel>(channel: C, params: SpotUnsubscribeParamsOf<C>): Promise<UnsubscribeResponse[]> {
    return this.#scrub.rejection(this.#unsubscribe(channel, params));
  }

  async #unsubscribe<C extends SpotSubscribableChannel>(channel: C, params: SpotUnsubscribeParamsOf<C>): Promise<UnsubscribeResponse[]> {
    const symbols = (params as Record<string, unknown>)['symbol'];
    this.#staleness.removed(channel, Array.isArray(symbols) ? symbols.map(String) : null);
    return this.#subs.unsubscribe(channel, params, this.#core.isReady(this.#conn));
  }

  /**
   * Unsubscribes and resubscribes registered symbols for a fresh snapshot — the resync after a
   * book checksum mismatch (docs/reliability.md D1) or a dropped stateful frame (D6 there). Without
   * `params.symbol`, every registered symbol of the channel is resynced. Nothing is added to or
   * removed from the registry.
   */
  async resync<C extends SpotSubscribableChannel>(channel: C, params: Partial<SpotUnsubscribeParamsOf<C>> = {}): Promise<void> {
    if (!this.#core.isReady(this.#conn)) return; // the replay on reconnect brings fresh snapshots anyway
    await this.#subs.resync(channel, params);
  }

  /**
   * Sends a trading method (add_order, amend_order, cancel_order, …) with the session token and
   * a fresh `req_id`, validated and encoded by the generated encoder (exact decimals).
   *
   * Resolves with the venue's answer. Rejects with the classified venue error when the answer is
   * `success: false` without a `result` (`batch_add` may report placed rows alongside a failure,
   * so it resolves and the caller inspects it); `cancel_order` resolves with every per-order answer.
   * Rejects with `KrakenTransportError` `timeout` / `closed` when no answer came: the outcome is
   * then unknown, never a rejection (docs/reliability.md N8). Rejects with `KrakenStateError` without
   * sending anything when the client is not ready.
   */
  request<M extends SpotWsMethod>(method: M, params: SpotWsRequestParams<M>): Promise<SpotWsReply<M>> {
    return this.#scrub.rejection(this.#request(method, params));
  }

  /**
   * Routes raw `book` frames to `handler` (a verified book decoding the text itself) before any
   * generic decode: a frame it handles (returns true) is not emitted as a `book`/`message` event;
   * one it returns false for is decoded, validated and emitted as usual. `undefined` removes it.
   */
  routeBookText(handler: SpotBookTextHandler | undefined): void {
    this.#textRoute.book = handler;
  }

  protected override emit<K extends keyof KrakenSpotWsEvents>(event: K, ...args: KrakenSpotWsEvents[K]): void {
    super.emit(event, ...this.#scrub.eventArgs(event, args)); // errors and venue answers leave redacted
  }

  async #request<M extends SpotWsMethod>(method: M, params: SpotWsRequestParams<M>): Promise<SpotWsReply<M>> {
    const answers = await this.#core.request(
      this.#conn,
      method,
      (token, reqId) => REQUEST_ENCODERS[method]({ method, params: { ...params, token }, req_id: reqId } as never),
      responseValidators[method],
      method === 'cancel_order' ? countCancelTargets(params) : 1,
    );
    return REPLY_OF[method](answers);
  }

  [inspect.custom](): string {
    return `KrakenSpotWsClient { url: '${this.url}', state: '${this.#conn.state}', subscriptions: ${this.#subs.registry.size}, token: ${this.#core.token === undefined ? 'none' : '[redacted]'} }`;
  }

  toJSON(): Record<string, unknown> {
    return { url: this.url, state: this.#conn.state, subscriptions: this.#subs.registry.groups() };
  }

  // ---------------------------------------------------------------------------------------------

  #session(): WsSession {
    const core = this.#core;
    return {
      authenticates: this.#tokenProvider !== undefined,
      onOpen: async (link) => {
        await core.opened(link);
        for (const refusal of await this.#subs.replay()) this.emit('error', refusal);
      },
      onText: (text) => this.#textRoute.handle(text),
      onFrame: (frame) => core.onFrame(frame),
      onHeartbeat: (link) => core.heartbeat(link),
      expectsTraffic: () => core.expectsTraffic(this.#subs.registry.size > 0),
      onDrop: (reason) => {
        this.#staleness.clear();
        core.dropped(reason);
      },
    };
  }

  #onChannel(channel: string, frame: Record<string, unknown>): void {
    const checked = validateSpotChannelFrame(channel, frame, this.url);
    if (!checked.valid) {
      this.emit('error', checked.error);
      this.emit('dropped', { channel, symbols: symbolsIn(frame), error: checked.error });
      return;
    }
    this.#deliver(channel, checked.message);
  }

  #deliver(channel: string, message: SpotWsChannelMessage): void {
    this.#staleness.touch(channel, message as unknown as Record<string, unknown>);
    this.emit('message', message);
    (this.emit as (e: string, m: unknown) => void)(channel, message);
  }

  #tokenParam(channel: string): { token?: string } {
    const token = this.#core.token;
    return SPOT_PRIVATE_CHANNELS.has(channel) && token !== undefined ? { token } : {};
  }

  #assertChannelUsable(channel: string): void {
    if (SPOT_PRIVATE_CHANNELS.has(channel) && this.#tokenProvider === undefined) {
      throw new KrakenStateError(`channel '${channel}' needs a token: pass tokenProvider`, { endpoint: this.url });
    }
  }
}
