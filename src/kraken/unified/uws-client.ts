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
 * - `trade` and `ticker` frames written as the schema describes them are decoded from the socket's
 *   text in one pass (channel-text-decoders.ts), and `book` frames go as text to a handler a
 *   consumer registers (`routeBookText`, a verified book): the single-decode route
 *   (src/kraken/common/text-route.ts). Anything else takes the generic route above.
 */
import { inspect } from 'node:util';
import { systemClock } from '../../core/clock.js';
import { type KrakenError, KrakenStateError } from '../../core/errors.js';
import { encodePingRequest } from '../../../generated/unified-ws/encoders.gen.js';
import { responseValidators } from '../../../generated/unified-ws/incoming-validators.gen.js';
import { connectionOptionsFrom, forwardLifecycle, secondsToMs } from '../../transport/ws/client-options.js';
import type { WsClientTuning } from '../../transport/ws/client-options.js';
import { ResilientWsConnection, asKrakenError } from '../../transport/ws/connection.js';
import type { WsConnectionEvents, WsSession } from '../../transport/ws/connection.js';
import type { WsConnectionState } from '../../transport/ws/state-machine.js';
import { TypedEmitter } from '../../transport/ws/typed-emitter.js';
import { SecretScrubber } from '../common/secret-scrubber.js';
import { v2TextRouteOf } from '../common/v2/channel-text.js';
import { V2RequestCore } from '../common/v2/request-core.js';
import { type BookTextHandler, TextRoute } from '../common/text-route.js';
import { decodeUwsTickerText, decodeUwsTradeText } from './channel-text-decoders.js';
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
  readonly #core: V2RequestCore<UwsAck>;
  readonly #subs: UwsSubscriptions;
  readonly #tokenProvider: (() => Promise<string>) | undefined;
  readonly #assetClass: UwsAssetClass;
  readonly #scrub = new SecretScrubber();
  readonly #textRoute = new TextRoute<UwsChannelMessage>(v2TextRouteOf, [decodeUwsTradeText, decodeUwsTickerText], (m) => this.#deliver(m));

  constructor(options: KrakenUnifiedWsClientOptions = {}) {
    super();
    this.url = options.url ?? UNIFIED_WS_URLS[options.endpoint ?? 'public'];
    this.#tokenProvider = options.tokenProvider;
    this.#assetClass = options.assetClass ?? 'derivatives';
    this.#core = new V2RequestCore<UwsAck>({
      url: this.url,
      clock: options.clock ?? systemClock,
      requestTimeoutMs: secondsToMs(options.wsRequestTimeoutSecs, 5),
      tokenProvider: options.tokenProvider,
      scrub: this.#scrub,
      encodePing: (reqId) => encodePingRequest({ method: 'ping', req_id: reqId }),
      validateResponse: validateUwsResponse,
      onChannel: (channel, frame) => this.#onChannel(channel, frame),
      onError: (e) => this.emit('error', e),
      onResponse: (ack, matched) => this.emit('response', { ack, matched }),
    });
    this.#conn = new ResilientWsConnection(connectionOptionsFrom(this.url, options), this.#session());
    this.#subs = new UwsSubscriptions({
      nextReqId: () => this.#core.nextReqId(),
      exchange: (method, reqId, text, what, expected) =>
        this.#core.exchange<UwsSubscribeResponse | UwsUnsubscribeResponse>(responseValidators[method], method, reqId, text, what, expected),
      tokenParam: (channel) => {
        const token = this.#core.token;
        return UWS_PRIVATE_CHANNELS.has(channel) && token !== undefined ? { token } : {};
      },
      venueError: (answers, what) => this.#core.venueError(answers, what),
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
    await this.#core.awaitReady(this.#conn);
    return this.#subs.subscribe(channel, withAssetClass('subscribe', channel, params, this.#assetClass));
  }

  /** Forgets the named symbols (or the symbol-less subscription) and unsubscribes them if connected. */
  unsubscribe<C extends UwsSubscribableChannel>(channel: C, params: UwsUnsubscribeParamsOf<C>): Promise<UwsUnsubscribeResponse[]> {
    const full = withAssetClass('unsubscribe', channel, params, this.#assetClass);
    return this.#scrub.rejection(this.#subs.unsubscribe(channel, full, this.#core.isReady(this.#conn)));
  }

  /** Unsubscribes and resubscribes registered symbols (all of the channel's when none are named) for a fresh snapshot. */
  async resync(channel: UwsSubscribableChannel, symbols: readonly string[] | null = null): Promise<void> {
    if (!this.#core.isReady(this.#conn)) return; // the replay on reconnect brings fresh snapshots anyway
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

  /**
   * Routes raw `book` frames to `handler` (a verified book decoding the text itself) before any
   * generic decode: a frame it handles (returns true) is not emitted as a `book`/`message` event;
   * one it returns false for is decoded, validated and emitted as usual. `undefined` removes it.
   */
  routeBookText(handler: BookTextHandler | undefined): void {
    this.#textRoute.book = handler;
  }

  protected override emit<K extends keyof KrakenUnifiedWsEvents>(event: K, ...args: KrakenUnifiedWsEvents[K]): void {
    super.emit(event, ...this.#scrub.eventArgs(event, args));
  }

  async #request<M extends UwsMethod>(method: M, params: UwsRequestParams<M>): Promise<UwsReply<M>> {
    const answers = await this.#core.request(
      this.#conn,
      method,
      (token, reqId) => encodeUwsRequest(method, { ...withAssetClass(method, '', params, this.#assetClass), token }, reqId),
      responseValidators[method],
      expectedAnswers(method, params),
    );
    return UWS_REPLY_OF[method](answers);
  }

  [inspect.custom](): string {
    return `KrakenUnifiedWsClient { url: '${this.url}', state: '${this.#conn.state}', subscriptions: ${this.#subs.registry.size}, token: ${this.#core.token === undefined ? 'none' : '[redacted]'} }`;
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
      onDrop: (reason) => core.dropped(reason),
    };
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
    this.#deliver(message);
  }

  #deliver(message: UwsChannelMessage): void {
    this.emit('message', message);
    (this.emit as (e: string, m: unknown) => void)(message.channel, message);
  }
}
