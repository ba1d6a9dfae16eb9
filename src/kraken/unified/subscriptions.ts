/**
 * Sending Unified WebSocket subscribe / unsubscribe requests for the registry: on demand, as a
 * replay on each new socket, and as an unsubscribe-then-subscribe resync (a dropped stateful
 * frame, or a `positions` snapshot that reported `snapshot_too_large`).
 *
 * Kraken answers a multi-symbol (un)subscribe once per symbol, so a request waits for one ack
 * per symbol; a refused symbol is forgotten so that replays do not repeat it.
 */
import type { KrakenError } from '../../core/errors.js';
import { KrakenTransportError } from '../../core/errors.js';
import { encodeSubscribeRequest, encodeUnsubscribeRequest } from '../../../generated/unified-ws/encoders.gen.js';
import type { MethodResponses } from '../../../generated/unified-ws/routes.gen.js';
import { UwsSubscriptionRegistry } from './subscription-registry.js';
import type { UwsAck, UwsSubscribeResponse, UwsUnsubscribeResponse } from './types.js';

/** What the subscription layer needs from the client. */
export interface UwsRequestIo {
  nextReqId(): number;
  exchange<M extends 'subscribe' | 'unsubscribe'>(
    method: M,
    reqId: number,
    text: string,
    what: string,
    expected: number,
  ): Promise<MethodResponses[M][]>;
  tokenParam(channel: string): { token?: string };
  venueError(answers: readonly UwsAck[], what: string): KrakenError;
}

export class UwsSubscriptions {
  readonly registry = new UwsSubscriptionRegistry();
  readonly #io: UwsRequestIo;

  constructor(io: UwsRequestIo) {
    this.#io = io;
  }

  /** Registers, then sends only what is new. */
  async subscribe(channel: string, params: Readonly<Record<string, unknown>>): Promise<UwsSubscribeResponse[]> {
    const { options, added } = this.registry.add(channel, params);
    if (added !== null && added.length === 0) return [];
    try {
      return await this.#sendSubscribe(channel, options, added);
    } catch (e) {
      // Refused (by the venue, or by the encoder before sending): not kept for replay. A transport
      // failure keeps it: the next connection replays it.
      if (!(e instanceof KrakenTransportError)) for (const s of added ?? [undefined]) this.registry.forget(channel, options, s);
      throw e;
    }
  }

  /** Forgets, then (when `connected`) unsubscribes what was forgotten. */
  async unsubscribe(channel: string, params: Readonly<Record<string, unknown>>, connected: boolean): Promise<UwsUnsubscribeResponse[]> {
    const targets = this.registry.remove(channel, params);
    if (!connected) return [];
    const acks: UwsUnsubscribeResponse[] = [];
    for (const t of targets) acks.push(...(await this.#sendUnsubscribe(channel, t.identity, t.symbols)));
    return acks;
  }

  /** Unsubscribes and resubscribes the registered symbols of `channel` (all when `symbols` is null), for a fresh snapshot. */
  async resync(channel: string, symbols: readonly string[] | null): Promise<void> {
    const wanted = symbols === null ? null : new Set(symbols);
    for (const g of this.registry.groups()) {
      if (g.channel !== channel) continue;
      const chosen = g.symbols === null ? null : g.symbols.filter((s) => wanted === null || wanted.has(s));
      if (chosen !== null && chosen.length === 0) continue;
      await this.#sendUnsubscribe(channel, this.registry.identityOf(channel, g.options), chosen);
      await this.#sendSubscribe(channel, g.options, chosen);
    }
  }

  /** Replays the registry on a new socket. Throws the first transport failure; returns the venue's refusals (already forgotten). */
  async replay(): Promise<KrakenError[]> {
    const groups = this.registry.groups();
    const outcomes = await Promise.allSettled(groups.map((g) => this.#sendSubscribe(g.channel, g.options, g.symbols)));
    const refusals: KrakenError[] = [];
    for (const o of outcomes) {
      if (o.status === 'fulfilled') continue;
      if (o.reason instanceof KrakenTransportError) throw o.reason;
      refusals.push(o.reason as KrakenError);
    }
    return refusals;
  }

  async #sendSubscribe(
    channel: string,
    options: Readonly<Record<string, unknown>>,
    symbols: readonly string[] | null,
  ): Promise<UwsSubscribeResponse[]> {
    const reqId = this.#io.nextReqId();
    const params = { channel, ...options, ...(symbols === null ? {} : { symbol: [...symbols] }), ...this.#io.tokenParam(channel) };
    const text = encodeSubscribeRequest({ method: 'subscribe', params: params as never, req_id: reqId });
    const answers = await this.#io.exchange('subscribe', reqId, text, `subscribe ${channel}`, symbols?.length ?? 1);
    const refused = answers.filter((a) => a.success !== true);
    for (const a of refused) this.registry.forget(channel, options, a.symbol);
    if (refused.length > 0) throw this.#io.venueError(refused, `subscribe ${channel}`);
    return answers;
  }

  async #sendUnsubscribe(
    channel: string,
    identity: Readonly<Record<string, unknown>>,
    symbols: readonly string[] | null,
  ): Promise<UwsUnsubscribeResponse[]> {
    const reqId = this.#io.nextReqId();
    const params = { channel, ...identity, ...(symbols === null ? {} : { symbol: [...symbols] }), ...this.#io.tokenParam(channel) };
    const text = encodeUnsubscribeRequest({ method: 'unsubscribe', params: params as never, req_id: reqId });
    const answers = await this.#io.exchange('unsubscribe', reqId, text, `unsubscribe ${channel}`, symbols?.length ?? 1);
    const refused = answers.filter((a) => a.success !== true);
    if (refused.length > 0) throw this.#io.venueError(refused, `unsubscribe ${channel}`);
    return answers;
  }
}
