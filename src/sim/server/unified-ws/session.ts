/**
 * One Unified WebSocket connection: its subscriptions, the server-side copy of each book it was
 * sent (to diff updates), what each private channel last sent, and the tokens it holds.
 */
import type { WebSocket } from 'ws';
import type { Clock } from '../../../core/clock.js';
import type { WsOutbound } from '../ws-outbound.js';
import type { LevelText } from '../spot-ws/market-frames.js';

export interface UwsBookView {
  readonly bids: LevelText[];
  readonly asks: LevelText[];
}

export interface UwsBookSubscription {
  readonly depth: number;
  view: UwsBookView;
}

/** One ohlc subscription: a tick type and an interval of one symbol. */
export interface UwsOhlcSubscription {
  readonly tickType: 'trade' | 'mark' | 'spot';
  readonly interval: number;
  /** The candle last sent (its encoded fields), so mark/spot candles go out only when they change. */
  lastSent: string;
}

export interface UwsPrivateSubscription {
  readonly accountId: string;
  readonly token: string;
}

export interface UwsExecutionsSubscription extends UwsPrivateSubscription {
  readonly orderStatus: boolean;
  sequence: number;
}

export interface UwsBalancesSubscription extends UwsPrivateSubscription {
  sequence: number;
  /** asset → the balance last reported. */
  readonly last: Map<string, string>;
}

export interface UwsMarginSubscription extends UwsPrivateSubscription {
  /** The sections as last sent (encoded), so an unchanged section is not repeated. */
  lastMulti: string;
  lastSingle: string;
}

export interface UwsPositionsSubscription extends UwsPrivateSubscription {
  readonly withMargin: boolean;
  /** symbol → `size|entry` as last sent: an update carries only positions an event touched. */
  readonly last: Map<string, string>;
  /** False until a snapshot went out (or none was asked for): no update precedes the snapshot. */
  live: boolean;
}

export class UwsSession {
  readonly books = new Map<string, UwsBookSubscription>();
  readonly tickers = new Set<string>();
  readonly trades = new Set<string>();
  /** symbol → `${tickType}:${interval}` → subscription. */
  readonly ohlc = new Map<string, Map<string, UwsOhlcSubscription>>();
  instrument = false;
  executions: UwsExecutionsSubscription | undefined;
  balances: UwsBalancesSubscription | undefined;
  margin: UwsMarginSubscription | undefined;
  positions: UwsPositionsSubscription | undefined;
  lastSentMs: number;
  lastReceivedMs: number;

  constructor(
    readonly ws: WebSocket,
    readonly out: WsOutbound,
    readonly endpoint: 'public' | 'private',
    private readonly wallClock: Clock,
  ) {
    this.lastSentMs = wallClock.nowMs();
    this.lastReceivedMs = this.lastSentMs;
  }

  hasSubscriptions(): boolean {
    return (
      this.books.size + this.tickers.size + this.trades.size + this.ohlc.size > 0 ||
      this.instrument ||
      this.privateSubscriptions().length > 0
    );
  }

  privateSubscriptions(): UwsPrivateSubscription[] {
    const all: (UwsPrivateSubscription | undefined)[] = [this.executions, this.balances, this.margin, this.positions];
    return all.filter((x): x is UwsPrivateSubscription => x !== undefined);
  }

  send(message: Record<string, unknown>, channel: string | undefined): void {
    this.lastSentMs = this.wallClock.nowMs();
    this.out.send(message, channel);
  }
}
