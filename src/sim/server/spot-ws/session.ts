/**
 * One Spot WS v2 connection: its subscriptions, the server-side copy of each book it was sent
 * (to diff and checksum updates), and the per-channel `sequence` of private feeds.
 */
import type { WebSocket } from 'ws';
import type { Clock } from '../../../core/clock.js';
import type { OhlcInterval } from '../../engine/types/market-views.js';
import type { SpotPairSpec } from '../../engine/types/instruments.js';
import type { WsOutbound } from '../ws-outbound.js';
import type { BookView } from './market-frames.js';

export interface SpotBookSubscription {
  readonly pair: SpotPairSpec;
  readonly depth: number;
  view: BookView;
}

export interface TickerSubscription {
  readonly eventTrigger: 'trades' | 'bbo';
  /** `bid|bid_qty|ask|ask_qty` as last sent, so `bbo` updates go out only when it changes. */
  lastBbo: string;
}

export interface PrivateSubscription {
  readonly accountId: string;
  readonly token: string;
  sequence: number;
}

export interface ExecutionsSubscription extends PrivateSubscription {
  readonly orderStatus: boolean;
  readonly rateCounter: boolean;
}

export class SpotWsSession {
  readonly books = new Map<string, SpotBookSubscription>();
  /** pair id → the ticker's `event_trigger` and the best bid/offer last sent for it. */
  readonly tickers = new Map<string, TickerSubscription>();
  readonly trades = new Set<string>();
  readonly ohlc = new Map<string, Set<OhlcInterval>>();
  instrument = false;
  executions: ExecutionsSubscription | undefined;
  balances: PrivateSubscription | undefined;
  lastSentMs: number;
  /** Last frame received from the client (real ms): Kraken drops idle connections. */
  lastReceivedMs: number;
  /** Sent in every `status` frame; a random 64-bit id, as on Kraken. */
  connectionId = '0';

  constructor(
    readonly ws: WebSocket,
    readonly out: WsOutbound,
    readonly endpoint: 'public' | 'auth',
    private readonly wallClock: Clock,
  ) {
    this.lastSentMs = wallClock.nowMs();
    this.lastReceivedMs = this.lastSentMs;
  }

  hasSubscriptions(): boolean {
    return (
      this.books.size + this.tickers.size + this.trades.size + this.ohlc.size > 0 ||
      this.instrument ||
      this.executions !== undefined ||
      this.balances !== undefined
    );
  }

  send(message: Record<string, unknown>, channel: string | undefined): void {
    this.lastSentMs = this.wallClock.nowMs();
    this.out.send(message, channel);
  }
}
