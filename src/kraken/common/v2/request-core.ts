/**
 * The request side of a Kraken WebSocket v2 client, shared by the Spot WS v2 and Unified WebSocket
 * clients (both speak the v2 envelope: `{method, params, req_id}` requests, `{method, success,
 * result | error, req_id}` answers, `{channel, type, data}` channel frames):
 *
 * - the socket of the current connection, request ids, and the session token: fetched from the
 *   provider on every (re)connect, before anything is replayed, and remembered for redaction;
 * - `exchange`: send a request and wait (`wsRequestTimeoutSecs`) for its answers by `req_id`, each
 *   checked against the validator of the method asked for; a drop rejects with `closed`, no
 *   answer with `timeout`: the outcome is unknown and the caller decides;
 * - the frame dispatch: a method answer is validated, counted when it is a pong, and delivered to
 *   its waiting request (a (un)subscribe refusal without a symbol answers the whole request); a
 *   channel frame goes to the client; anything else is an `error`;
 * - the application `ping` on each keep-alive tick and the "traffic expected" rule for the idle
 *   deadline (Kraken sends heartbeats once anything is subscribed, and answers every request);
 * - a venue refusal classified into the typed error hierarchy.
 */
import type { Clock } from '../../../core/clock.js';
import { isJsonObject } from '../../../core/json.js';
import { type KrakenError, KrakenStateError, KrakenTransportError } from '../../../core/errors.js';
import type { ResilientWsConnection, WsLink } from '../../../transport/ws/connection.js';
import { withDeadline } from '../../../transport/ws/deadline.js';
import type { FrameCheck } from '../../../transport/ws/frame-validation.js';
import { PendingRequests } from '../../../transport/ws/pending-requests.js';
import { WsConnectionState } from '../../../transport/ws/state-machine.js';
import { validateOrThrow, type Validator } from '../../../transport/validation.js';
import { classifyVenueError } from '../error-table.js';
import type { SecretScrubber } from '../secret-scrubber.js';

/** What the core reads of any method answer. */
export interface V2Answer {
  readonly method: string;
  readonly success?: boolean;
  readonly error?: string;
}

export interface V2RequestCoreOptions<Ack extends V2Answer> {
  readonly url: string;
  readonly clock: Clock;
  readonly requestTimeoutMs: number;
  readonly tokenProvider: (() => Promise<string>) | undefined;
  /** Every token fetched is added to it (the client redacts by value with it). */
  readonly scrub: SecretScrubber;
  /** The client's generated `ping` encoder. */
  encodePing(reqId: number): string;
  /** A method answer as its message type, or the error to report. */
  validateResponse(method: string, frame: Record<string, unknown>, endpoint: string): FrameCheck<Ack>;
  /** A validated channel frame's way into the client (its own validation and events). */
  onChannel(channel: string, frame: Record<string, unknown>): void;
  /** Reported errors (dropped frames). */
  onError(error: KrakenError): void;
  /** Every method answer but pongs; `matched` is false for one no request waited for. */
  onResponse(ack: Ack, matched: boolean): void;
}

export class V2RequestCore<Ack extends V2Answer> {
  readonly #o: V2RequestCoreOptions<Ack>;
  readonly #pending: PendingRequests<number, Ack>;
  #link: WsLink | undefined;
  #token: string | undefined;
  #nextReqId = 1;
  #pingsOutstanding = 0;
  #tokenFetches = 0;

  constructor(options: V2RequestCoreOptions<Ack>) {
    this.#o = options;
    this.#pending = new PendingRequests(options.clock, options.url);
  }

  /** The current connection's token (undefined without a provider, or between connections). */
  get token(): string | undefined {
    return this.#token;
  }

  /** How many tokens were fetched (one per connect and reconnect). */
  get tokenFetches(): number {
    return this.#tokenFetches;
  }

  nextReqId(): number {
    return this.#nextReqId++;
  }

  isReady(conn: ResilientWsConnection): boolean {
    return this.#link !== undefined && conn.state === WsConnectionState.Ready;
  }

  /** Waits for the connection to be ready; refuses when it was never connected or is closed. */
  async awaitReady(conn: ResilientWsConnection): Promise<void> {
    const s = conn.state;
    if (s === WsConnectionState.Idle || s === WsConnectionState.Closed) {
      throw new KrakenStateError(`WebSocket is ${s}: call connect() first`, { endpoint: this.#o.url });
    }
    await conn.whenReady();
  }

  /** A new socket: remembers it and fetches a fresh token (before the client replays anything). */
  async opened(link: WsLink): Promise<void> {
    this.#link = link;
    this.#pingsOutstanding = 0;
    const provider = this.#o.tokenProvider;
    if (provider === undefined) return;
    this.#token = undefined;
    this.#tokenFetches += 1;
    this.#token = await withDeadline(this.#o.clock, provider(), this.#o.requestTimeoutMs, 'WebSockets token fetch', this.#o.url);
    this.#o.scrub.add(this.#token);
  }

  /** The keep-alive tick: an application ping. */
  heartbeat(link: WsLink): void {
    this.#pingsOutstanding += 1;
    link.send(this.#o.encodePing(this.nextReqId()));
  }

  /** Whether the venue owes traffic: a subscription (heartbeats), a ping or a request outstanding. */
  expectsTraffic(subscribed: boolean): boolean {
    return subscribed || this.#pingsOutstanding > 0 || this.#pending.size > 0;
  }

  /** The socket dropped: every waiting request fails with `reason`. */
  dropped(reason: string): void {
    this.#link = undefined;
    this.#pingsOutstanding = 0;
    this.#pending.rejectAll(reason);
  }

  /**
   * Sends `text` and waits for `expected` answers to `reqId`. Each answer was validated by its own
   * `method` when it arrived; it is checked once more against `validator` (the method asked for), so
   * an answer to this req_id for another method is a validation error, not a mistyped reply.
   */
  async exchange<T>(validator: Validator<T>, method: string, reqId: number, text: string, what: string, expected: number): Promise<T[]> {
    const link = this.#link;
    if (link === undefined) throw new KrakenTransportError(`${what}: WebSocket not open`, 'closed', { endpoint: this.#o.url });
    const answered = this.#pending.wait(reqId, what, this.#o.requestTimeoutMs, expected);
    try {
      link.send(text);
    } catch (err) {
      this.#pending.fail(reqId, err as Error);
    }
    const answers = await answered;
    const wrongKind = `${what}: answer to req_id ${reqId} is not a '${method}' response`;
    return answers.map((a) => validateOrThrow(validator, a, wrongKind, this.#o.url));
  }

  /** One parsed frame: a method answer, a channel frame, or an error. */
  onFrame(frame: unknown): void {
    if (!isJsonObject(frame)) {
      this.#o.onError(new KrakenTransportError('unexpected non-object frame dropped', 'bad-body', { endpoint: this.#o.url }));
      return;
    }
    if (typeof frame['method'] === 'string') this.#onAnswer(frame['method'], frame);
    else if (typeof frame['channel'] === 'string') this.#o.onChannel(frame['channel'], frame);
    else this.#o.onError(new KrakenTransportError('frame with neither method nor channel dropped', 'bad-body', { endpoint: this.#o.url }));
  }

  /**
   * A trading request: refused, with nothing sent, unless the socket is ready and a token is held;
   * encoded by `encode` with the token and a fresh `req_id`, and answered `expected` times. A
   * `success: false` answer rejects with the classified venue error, except `cancel_order` (it
   * resolves with every per-order answer) and `batch_add` with a `result` (placed rows stay live:
   * the caller inspects them).
   */
  async request<T extends V2Answer & { readonly result?: unknown }>(
    conn: ResilientWsConnection,
    method: string,
    encode: (token: string, reqId: number) => string,
    validator: Validator<T>,
    expected: number,
  ): Promise<T[]> {
    const endpoint = { endpoint: this.#o.url };
    if (!this.isReady(conn))
      throw new KrakenStateError(`cannot send ${method}: WebSocket not ready (${conn.state}); nothing was sent`, endpoint);
    if (this.#token === undefined) throw new KrakenStateError(`cannot send ${method}: no tokenProvider configured`, endpoint);
    const reqId = this.nextReqId();
    const answers = await this.exchange(validator, method, reqId, encode(this.#token, reqId), method, expected);
    if (method !== 'cancel_order') {
      const answer = answers[0]!;
      if (answer.success !== true && !(answer.method === 'batch_add' && answer.result !== undefined))
        throw this.venueError([answer], method);
    }
    return answers;
  }

  /** The venue's refusal(s) as one typed error. */
  venueError(answers: readonly { readonly error?: unknown }[], what: string): KrakenError {
    const codes = answers.map((a) => (typeof a.error === 'string' ? a.error : `${what} failed`));
    return classifyVenueError([...new Set(codes)], { endpoint: `${this.#o.url} ${what}` });
  }

  #onAnswer(method: string, frame: Record<string, unknown>): void {
    const checked = this.#o.validateResponse(method, frame, this.#o.url);
    if (!checked.valid) {
      this.#o.onError(checked.error);
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
    this.#o.onResponse(ack, matched);
  }
}
