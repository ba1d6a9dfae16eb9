/**
 * `KrakenUnifiedWsClient`: Kraken's Unified WebSocket (derivatives today) over the resilient
 * connection core.
 *
 * - Public (`wss://uws.kraken.com/v2/public`) and private (`/v2/private`) endpoints; `url`
 *   overrides either.
 * - Private channels and every trading request carry `params.token`, a Spot REST
 *   `GetWebSocketsToken` token. A fresh one is fetched from `tokenProvider` on every connect and
 *   reconnect (a token must be used within 15 minutes), before any subscription is replayed.
 * - `asset_class` is filled in (default `derivatives`) on every request that takes it.
 * - `margin` and `positions` are allowed once per connection: the registry keeps one of each.
 * - Requests carry a `req_id` and wait `wsRequestTimeoutSecs` (default 5) for the answer, then
 *   reject with `KrakenTransportError` `timeout`; a drop rejects with `closed`. Neither means the
 *   venue refused: the outcome is unknown and the caller decides.
 * - An application `ping` goes out on every keep-alive tick; Kraken's `heartbeat` arrives once a
 *   second while anything is subscribed.
 * - A `positions` snapshot that reports `snapshot_too_large` (its lists empty) is not passed on
 *   as positions: the client emits `snapshotTooLarge` and resubscribes for a fresh snapshot.
 * - Numbers are decoded exactly (the core decodes with `parseVenueJson`); decimals reach the
 *   caller as strings and leave as bare JSON numbers written digit for digit.
 * - Every token fetched is redacted by value from errors and events the client emits.
 */
import { inspect } from 'node:util';
import { systemClock, type Clock } from '../../core/clock.js';
import { isJsonObject } from '../../core/json.js';
import { type KrakenError, KrakenStateError, KrakenTransportError } from '../../core/errors.js';
import { encodePingRequest } from '../../../generated/unified-ws/encoders.gen.js';
import { responseValidators } from '../../../generated/unified-ws/incoming-validators.gen.js';
import type { MethodResponses, ResponseMethod } from '../../../generated/unified-ws/routes.gen.js';
import { connectionOptionsFrom, forwardLifecycle, secondsToMs } from '../../transport/ws/client-options.js';
import type { WsClientTuning } from '../../transport/ws/client-options.js';
import { ResilientWsConnection, asKrakenError } from '../../transport/ws/connection.js';
import type { WsConnectionEvents, WsLink, WsSession } from '../../transport/ws/connection.js';
import { withDeadline } from '../../transport/ws/deadline.js';
import { PendingRequests } from '../../transport/ws/pending-requests.js';
import { WsConnectionState } from '../../transport/ws/state-machine.js';
import { TypedEmitter } from '../../transport/ws/typed-emitter.js';
import { validateOrThrow } from '../../transport/validation.js';
import { classifyVenueError } from '../common/error-table.js';
import { SecretScrubber } from '../common/secret-scrubber.js';
import { uwsSymbolsIn, validateUwsChannelFrame, validateUwsResponse } from './frame-validation.js';
import { encodeUwsRequest, expectedAnswers, withAssetClass, UWS_REPLY_OF } from './requests.js';
import { UWS_PRIVATE_CHANNELS } from './subscription-registry.js';
import { UwsSubscriptions } from './subscriptions.js';
import type {
  UwsAck,
  UwsAssetClass,
  UwsChannelMessage,
  UwsChannelMessages,
  UwsMethod,
  UwsReply,
  UwsRequestParams,
  UwsSubscribableChannel,
  UwsSubscribeParamsOf,
  UwsSubscribeResponse,
  UwsUnsubscribeParamsOf,
  UwsUnsubscribeResponse,
} from './types.js';
import { UNIFIED_WS_URLS, type UnifiedWsEndpoint } from './urls.js';

export interface KrakenUnifiedWsClientOptions extends WsClientTuning {
  /** Which Kraken host to use when `url` is not given. Default `public`. */
  readonly endpoint?: UnifiedWsEndpoint;
  /** Overrides the endpoint URL, e.g. the simulator's. */
  readonly url?: string;
  /** Returns a fresh token (Spot REST `GetWebSocketsToken`, a Kraken API key). Called on every connect. */
  readonly tokenProvider?: () => Promise<string>;
  /** `asset_class` filled in where a request takes one and the caller gave none. Default `derivatives` (the only one live). */
  readonly assetClass?: UwsAssetClass;
}

export type KrakenUnifiedWsEvents = WsConnectionEvents & {
  /** Every validated channel frame (heartbeat included), except a `snapshot_too_large` positions snapshot. */
  message: [UwsChannelMessage];
  /** Every method response; `matched` is false for one whose request already timed out or was never ours. */
  response: [{ readonly ack: UwsAck; readonly matched: boolean }];
  /** A frame of `channel` was dropped as malformed; stateful consumers should resync. */
  dropped: [{ readonly channel: string; readonly symbols: readonly string[]; readonly error: KrakenError }];
  /** A `positions` snapshot did not fit Kraken's message size; the client is resubscribing. */
  snapshotTooLarge: [{ readonly channel: 'positions' }];
} & { [C in keyof UwsChannelMessages]: [UwsChannelMessages[C]] };

export class KrakenUnifiedWsClient extends TypedEmitter<KrakenUnifiedWsEvents> {
  readonly url: string;
  readonly #conn: ResilientWsConnection;
  readonly #subs: UwsSubscriptions;
  readonly #pending: PendingRequests<number, UwsAck>;
  readonly #tokenProvider: (() => Promise<string>) | undefined;
  readonly #assetClass: UwsAssetClass;
  readonly #requestTimeoutMs: number;
  readonly #clock: Clock;
  readonly #scrub = new SecretScrubber();
  #token: string | undefined;
  #link: WsLink | undefined;
  #nextReqId = 1;
  #pingsOutstanding = 0;
  #tokenFetches = 0;

  constructor(options: KrakenUnifiedWsClientOptions = {}) {
    super();
    this.url = options.url ?? UNIFIED_WS_URLS[options.endpoint ?? 'public'];
    this.#tokenProvider = options.tokenProvider;
    this.#assetClass = options.assetClass ?? 'derivatives';
    this.#requestTimeoutMs = secondsToMs(options.wsRequestTimeoutSecs, 5);
    this.#clock = options.clock ?? systemClock;
    this.#pending = new PendingRequests(this.#clock, this.url);
    this.#conn = new ResilientWsConnection(connectionOptionsFrom(this.url, options), this.#session());
    this.#subs = new UwsSubscriptions({
      nextReqId: () => this.#nextReqId++,
      exchange: (method, reqId, text, what, expected) => this.#exchange(method, reqId, text, what, expected),
      tokenParam: (channel) => (UWS_PRIVATE_CHANNELS.has(channel) && this.#token !== undefined ? { token: this.#token } : {}),
      venueError: (answers, what) => this.#venueError(answers, what),
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

  /** Connects; resolves once the token is fetched (if a provider is set) and every subscription is replayed. */
  connect(): Promise<void> {
    return this.#conn.connect();
  }

  close(): Promise<void> {
    return this.#conn.close();
  }

  /**
   * Subscribes and remembers the subscription for replay. Resolves with the venue's acks (one per
   * new symbol); rejects with the classified venue error if anything is refused (refused symbols
   * are forgotten). A transport failure leaves the subscription registered for the next replay.
   */
  subscribe<C extends UwsSubscribableChannel>(channel: C, params: UwsSubscribeParamsOf<C>): Promise<UwsSubscribeResponse[]> {
    return this.#scrub.rejection(this.#subscribe(channel, params));
  }

  async #subscribe<C extends UwsSubscribableChannel>(channel: C, params: UwsSubscribeParamsOf<C>): Promise<UwsSubscribeResponse[]> {
    if (UWS_PRIVATE_CHANNELS.has(channel) && this.#tokenProvider === undefined) {
      throw new KrakenStateError(`channel '${channel}' needs a token: pass tokenProvider`, { endpoint: this.url });
    }
    await this.#awaitReady();
    return this.#subs.subscribe(channel, withAssetClass('subscribe', channel, params, this.#assetClass));
  }

  /** Forgets the named symbols (or the symbol-less subscription) and unsubscribes them if connected. */
  unsubscribe<C extends UwsSubscribableChannel>(channel: C, params: UwsUnsubscribeParamsOf<C>): Promise<UwsUnsubscribeResponse[]> {
    const full = withAssetClass('unsubscribe', channel, params, this.#assetClass);
    return this.#scrub.rejection(this.#subs.unsubscribe(channel, full, this.#isReady()));
  }

  /** Unsubscribes and resubscribes registered symbols (all of the channel's when none are named) for a fresh snapshot. */
  async resync(channel: UwsSubscribableChannel, symbols: readonly string[] | null = null): Promise<void> {
    if (!this.#isReady()) return; // the replay on reconnect brings fresh snapshots anyway
    await this.#scrub.rejection(this.#subs.resync(channel, symbols));
  }

  /**
   * Sends a trading method with the session token, the default `asset_class` where the method
   * takes one, and a fresh `req_id`, validated and encoded by the generated encoder.
   *
   * Resolves with the venue's answer; rejects with the classified venue error when the answer is
   * `success: false` (except `batch_add` with a `result`: placed rows stay live, so it resolves
   * and the caller inspects it; and `cancel_order`, which resolves with every per-order answer).
   * Rejects with `KrakenTransportError` `timeout` / `closed` when no answer came (outcome
   * unknown), and with `KrakenStateError`, sending nothing, when the client is not ready.
   */
  request<M extends UwsMethod>(method: M, params: UwsRequestParams<M>): Promise<UwsReply<M>> {
    return this.#scrub.rejection(this.#request(method, params));
  }

  protected override emit<K extends keyof KrakenUnifiedWsEvents>(event: K, ...args: KrakenUnifiedWsEvents[K]): void {
    super.emit(event, ...this.#scrub.eventArgs(event, args));
  }

  async #request<M extends UwsMethod>(method: M, params: UwsRequestParams<M>): Promise<UwsReply<M>> {
    if (!this.#isReady()) {
      throw new KrakenStateError(`cannot send ${method}: WebSocket not ready (${this.#conn.state}); nothing was sent`, {
        endpoint: this.url,
      });
    }
    if (this.#token === undefined) throw new KrakenStateError(`cannot send ${method}: no tokenProvider configured`, { endpoint: this.url });
    const reqId = this.#nextReqId++;
    const full = { ...withAssetClass(method, '', params, this.#assetClass), token: this.#token };
    const text = encodeUwsRequest(method, full, reqId);
    const answers = await this.#exchange(method, reqId, text, method, expectedAnswers(method, params));
    if (method !== 'cancel_order') {
      const answer: UwsAck = answers[0]!;
      if (answer.success !== true && !(answer.method === 'batch_add' && answer.result !== undefined))
        throw this.#venueError([answer], method);
    }
    return UWS_REPLY_OF[method](answers);
  }

  [inspect.custom](): string {
    return `KrakenUnifiedWsClient { url: '${this.url}', state: '${this.#conn.state}', subscriptions: ${this.#subs.registry.size}, token: ${this.#token === undefined ? 'none' : '[redacted]'} }`;
  }

  toJSON(): Record<string, unknown> {
    return { url: this.url, state: this.#conn.state, subscriptions: this.#subs.registry.groups() };
  }

  // ---------------------------------------------------------------------------------------------

  #isReady(): boolean {
    return this.#link !== undefined && this.#conn.state === WsConnectionState.Ready;
  }

  #session(): WsSession {
    return {
      authenticates: this.#tokenProvider !== undefined,
      onOpen: (link) => this.#onOpen(link),
      onFrame: (frame) => this.#onFrame(frame),
      onHeartbeat: (link) => {
        this.#pingsOutstanding += 1;
        link.send(encodePingRequest({ method: 'ping', req_id: this.#nextReqId++ }));
      },
      // Kraken sends heartbeats once anything is subscribed, and answers every request.
      expectsTraffic: () => this.#subs.registry.size > 0 || this.#pingsOutstanding > 0 || this.#pending.size > 0,
      onDrop: (reason) => {
        this.#link = undefined;
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

  /** Sends `text` and waits for `expected` answers to `reqId`, each checked against the validator of `method`. */
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
    const checked = validateUwsResponse(method, frame, this.url);
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
      // A (un)subscribe refusal without a symbol answers the whole request: one ack, not one per symbol.
      const isSubscription = method === 'subscribe' || method === 'unsubscribe';
      if (matched && isSubscription && frame['success'] === false && frame['symbol'] === undefined) this.#pending.complete(reqId);
    }
    this.emit('response', { ack, matched });
  }

  #onChannel(channel: string, frame: Record<string, unknown>): void {
    const checked = validateUwsChannelFrame(channel, frame, this.url);
    if (!checked.valid) {
      this.emit('error', checked.error);
      this.emit('dropped', { channel, symbols: uwsSymbolsIn(frame), error: checked.error });
      return;
    }
    const message: UwsChannelMessage = checked.message;
    if (message.channel === 'positions' && message.data.status === 'snapshot_too_large') {
      // Kraken's documented answer to a positions snapshot above its message size: empty lists; resubscribe.
      this.emit('snapshotTooLarge', { channel: 'positions' });
      this.resync('positions').catch((e: unknown) => this.emit('error', asKrakenError(e, this.url)));
      return;
    }
    this.emit('message', message);
    (this.emit as (e: string, m: unknown) => void)(channel, message);
  }

  async #awaitReady(): Promise<void> {
    const s = this.#conn.state;
    if (s === WsConnectionState.Idle || s === WsConnectionState.Closed) {
      throw new KrakenStateError(`WebSocket is ${s}: call connect() first`, { endpoint: this.url });
    }
    await this.#conn.whenReady();
  }

  #venueError(answers: readonly UwsAck[], what: string): KrakenError {
    const codes = answers.map((a) => (typeof a.error === 'string' ? a.error : `${what} failed`));
    return classifyVenueError([...new Set(codes)], { endpoint: `${this.url} ${what}` });
  }
}
