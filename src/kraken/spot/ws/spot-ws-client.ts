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
import { systemClock, type Clock } from '../../../core/clock.js';
import { isJsonObject } from '../../../core/json.js';
import { inspect } from 'node:util';
import { classifyVenueError } from '../../common/error-table.js';
import { type KrakenError, KrakenStateError, KrakenTransportError } from '../../../core/errors.js';
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
import type { MethodResponses, ResponseMethod } from '../../../../generated/spot-ws-v2/routes.gen.js';
import { connectionOptionsFrom, forwardLifecycle, secondsToMs } from '../../../transport/ws/client-options.js';
import type { WsClientTuning } from '../../../transport/ws/client-options.js';
import { ResilientWsConnection, asKrakenError } from '../../../transport/ws/connection.js';
import type { WsConnectionEvents, WsLink, WsSession } from '../../../transport/ws/connection.js';
import { withDeadline } from '../../../transport/ws/deadline.js';
import { PendingRequests } from '../../../transport/ws/pending-requests.js';
import { WsConnectionState } from '../../../transport/ws/state-machine.js';
import { TypedEmitter } from '../../../transport/ws/typed-emitter.js';
import { validateOrThrow } from '../../../transport/validation.js';
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
  readonly #pending: PendingRequests<number, SpotWsAck>;
  readonly #textRoute = new SpotTextRoute(
    (channel, message) => this.#deliver(channel, message),
    (text) => this.#staleness.touchText('book', text),
  );
  readonly #tokenProvider: (() => Promise<string>) | undefined;
  readonly #requestTimeoutMs: number;
  readonly #clock: Clock;
  #token: string | undefined;
  readonly #scrub = new SecretScrubber(); // every token fetched, redacted by value from what it reports
  #link: WsLink | undefined;
  #nextReqId = 1;
  #pingsOutstanding = 0;
  #tokenFetches = 0;

  constructor(options: KrakenSpotWsClientOptions = {}) {
    super();
    this.url = options.url ?? SPOT_WS_URLS[options.endpoint ?? 'public'];
    this.#tokenProvider = options.tokenProvider;
    this.#requestTimeoutMs = secondsToMs(options.wsRequestTimeoutSecs, 5);
    this.#clock = options.clock ?? systemClock;
    this.#pending = new PendingRequests(this.#clock, this.url);
    this.#conn = new ResilientWsConnection(connectionOptionsFrom(this.url, options), this.#session());
    this.#subs = new SpotSubscriptions(
      {
        nextReqId: () => this.#nextReqId++,
        exchange: (method, reqId, text, what, expected) => this.#exchange(method, reqId, text, what, expected),
        tokenParam: (channel) => this.#tokenParam(channel),
        venueError: (answers, what) => this.#venueError(answers, what),
      },
      (channel, _options, symbols) => this.#staleness.acked(channel, symbols),
    );
    this.#staleness = new SpotStalenessGuard(this.#clock, options.staleAfterSecs ?? {}, {
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
    return this.#tokenFetches;
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
    await this.#awaitReady();
    return this.#subs.subscribe(channel, params);
  }

  /** Forgets the named symbols (or the whole symbol-less subscription) and unsubscribes them if connected. */
  unsubscribe<C extends SpotSubscribableChannel>(channel: C, params: SpotUnsubscribeParamsOf<C>): Promise<UnsubscribeResponse[]> {
    return this.#scrub.rejection(this.#unsubscribe(channel, params));
  }

  async #unsubscribe<C extends SpotSubscribableChannel>(channel: C, params: SpotUnsubscribeParamsOf<C>): Promise<UnsubscribeResponse[]> {
    const symbols = (params as Record<string, unknown>)['symbol'];
    this.#staleness.removed(channel, Array.isArray(symbols) ? symbols.map(String) : null);
    return this.#subs.unsubscribe(channel, params, this.#link !== undefined && this.#conn.state === WsConnectionState.Ready);
  }

  /**
   * Unsubscribes and resubscribes registered symbols for a fresh snapshot — the resync after a
   * book checksum mismatch (docs/reliability.md D1) or a dropped stateful frame (D6 there). Without
   * `params.symbol`, every registered symbol of the channel is resynced. Nothing is added to or
   * removed from the registry.
   */
  async resync<C extends SpotSubscribableChannel>(channel: C, params: Partial<SpotUnsubscribeParamsOf<C>> = {}): Promise<void> {
    if (this.#link === undefined || this.#conn.state !== WsConnectionState.Ready) return; // the replay on reconnect brings fresh snapshots anyway
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
    if (this.#link === undefined || this.#conn.state !== WsConnectionState.Ready) {
      throw new KrakenStateError(`cannot send ${method}: WebSocket not ready (${this.#conn.state}); nothing was sent`, {
        endpoint: this.url,
      });
    }
    if (this.#token === undefined) {
      throw new KrakenStateError(`cannot send ${method}: no tokenProvider configured`, { endpoint: this.url });
    }
    const reqId = this.#nextReqId++;
    const text = REQUEST_ENCODERS[method]({ method, params: { ...params, token: this.#token }, req_id: reqId } as never);
    const expected = method === 'cancel_order' ? countCancelTargets(params) : 1;
    const answers = await this.#exchange(method, reqId, text, method, expected);
    if (method !== 'cancel_order') {
      const answer: SpotWsAck = answers[0]!;
      if (answer.success !== true && !(answer.method === 'batch_add' && answer.result !== undefined)) {
        throw this.#venueError([answer], method);
      }
    }
    return REPLY_OF[method](answers);
  }

  [inspect.custom](): string {
    return `KrakenSpotWsClient { url: '${this.url}', state: '${this.#conn.state}', subscriptions: ${this.#subs.registry.size}, token: ${this.#token === undefined ? 'none' : '[redacted]'} }`;
  }

  toJSON(): Record<string, unknown> {
    return { url: this.url, state: this.#conn.state, subscriptions: this.#subs.registry.groups() };
  }

  // ---------------------------------------------------------------------------------------------

  #session(): WsSession {
    return {
      authenticates: this.#tokenProvider !== undefined,
      onOpen: (link) => this.#onOpen(link),
      onText: (text) => this.#textRoute.handle(text),
      onFrame: (frame) => this.#onFrame(frame),
      onHeartbeat: (link) => {
        this.#pingsOutstanding += 1;
        link.send(encodePingRequest({ method: 'ping', req_id: this.#nextReqId++ }));
      },
      // Kraken sends heartbeats once anything is subscribed, and answers every request.
      expectsTraffic: () => this.#subs.registry.size > 0 || this.#pingsOutstanding > 0 || this.#pending.size > 0,
      onDrop: (reason) => {
        this.#link = undefined;
        this.#staleness.clear();
        this.#pingsOutstanding = 0;
        this.#pending.rejectAll(reason);
      },
    };
  }

  async #onOpen(link: WsLink): Promise<void> {
    this.#link = link;
    this.#pingsOutstanding = 0;
    if (this.#tokenProvider !== undefined) {
      this.#token = undefined;
      this.#tokenFetches += 1;
      this.#token = await withDeadline(this.#clock, this.#tokenProvider(), this.#requestTimeoutMs, 'WebSockets token fetch', this.url);
      this.#scrub.add(this.#token);
    }
    for (const refusal of await this.#subs.replay()) this.emit('error', refusal);
  }

  /**
   * Sends `text` and waits for `expected` answers to `reqId`. Each answer was validated by its own
   * `method` when it arrived; it is checked once more against the validator of the `method` asked
   * for, so an answer to this req_id for another method is a validation error, not a mistyped reply.
   */
  async #exchange<M extends ResponseMethod>(
    method: M,
    reqId: number,
    text: string,
    what: string,
    expected: number,
  ): Promise<MethodResponses[M][]> {
    const link = this.#link;
    if (link === undefined) throw new KrakenTransportError(`${what}: WebSocket not open`, 'closed', { endpoint: this.url });
    const answered = this.#pending.wait(reqId, what, this.#requestTimeoutMs, expected);
    try {
      link.send(text);
    } catch (err) {
      this.#pending.fail(reqId, err as Error);
    }
    const answers = await answered;
    const wrongKind = `${what}: answer to req_id ${reqId} is not a '${method}' response`;
    return answers.map((a) => validateOrThrow(responseValidators[method], a, wrongKind, this.url));
  }

  #onFrame(frame: unknown): void {
    if (!isJsonObject(frame)) {
      this.emit('error', new KrakenTransportError('unexpected non-object frame dropped', 'bad-body', { endpoint: this.url }));
      return;
    }
    if (typeof frame['method'] === 'string') this.#onResponse(frame['method'], frame);
    else if (typeof frame['channel'] === 'string') this.#onChannel(frame['channel'], frame);
    else this.emit('error', new KrakenTransportError('frame with neither method nor channel dropped', 'bad-body', { endpoint: this.url }));
  }

  #onResponse(method: string, frame: Record<string, unknown>): void {
    const checked = validateSpotResponse(method, frame, this.url);
    if (!checked.valid) {
      this.emit('error', checked.error);
      return;
    }
    const ack = checked.message;
    if (ack.method === 'pong') {
      this.#pingsOutstanding = Math.max(0, this.#pingsOutstanding - 1);
      return;
    }
    const reqId = frame['req_id'];
    let matched = false;
    if (typeof reqId === 'number') {
      matched = this.#pending.deliver(reqId, ack);
      // A (un)subscribe refusal without a symbol answers the whole request: Kraken sends one ack,
      // not one per symbol. (cancel_order refusals carry no symbol either but come one per order.)
      const isSubscription = method === 'subscribe' || method === 'unsubscribe';
      if (matched && isSubscription && frame['success'] === false && frame['symbol'] === undefined) this.#pending.complete(reqId);
    }
    this.emit('response', { ack, matched });
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
    return SPOT_PRIVATE_CHANNELS.has(channel) && this.#token !== undefined ? { token: this.#token } : {};
  }

  #assertChannelUsable(channel: string): void {
    if (SPOT_PRIVATE_CHANNELS.has(channel) && this.#tokenProvider === undefined) {
      throw new KrakenStateError(`channel '${channel}' needs a token: pass tokenProvider`, { endpoint: this.url });
    }
  }

  async #awaitReady(): Promise<void> {
    const s = this.#conn.state;
    if (s === WsConnectionState.Idle || s === WsConnectionState.Closed) {
      throw new KrakenStateError(`WebSocket is ${s}: call connect() first`, { endpoint: this.url });
    }
    await this.#conn.whenReady();
  }

  #venueError(answers: readonly SpotWsAck[], what: string): KrakenError {
    const codes = answers.map((a) => (typeof a.error === 'string' ? a.error : `${what} failed`));
    return classifyVenueError([...new Set(codes)], { endpoint: `${this.url} ${what}` });
  }
}
