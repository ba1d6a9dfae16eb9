/**
 * Publish/subscribe with typed topics. A `Topic<T>` is a name that carries its message type, so
 * `bus.subscribe(Topics.quotes(id), (q) => q.bidPrice)` is checked at compile time. A handler
 * that throws is logged and skipped; it never stops delivery to the others.
 */
import type { AccountState } from '../model/account.js';
import type { Bar, BarType } from '../model/bar.js';
import type { InstrumentId, StrategyId } from '../model/identifiers.js';
import type { Instrument } from '../model/instruments.js';
import type { FundingRateUpdate, IndexPriceUpdate, InstrumentStatus, MarkPriceUpdate, QuoteTick, TradeTick } from '../model/market-data.js';
import type { OrderEvent } from '../model/order-events.js';
import type { OrderBookDeltas } from '../model/order-book.js';
import type { PositionEvent } from './position-events.js';
import type { Logger } from './logger.js';

declare const messageType: unique symbol;
export interface Topic<T> {
  readonly name: string;
  readonly [messageType]?: T;
}

export function topic<T>(name: string): Topic<T> {
  return { name };
}

/**
 * A topic per instrument, built once per `InstrumentId` object: the data engine publishes every
 * quote, trade and book update on one, and a fresh topic string per message was a per-frame cost.
 */
function perInstrument<T>(prefix: string): (id: InstrumentId) => Topic<T> {
  const made = new WeakMap<InstrumentId, Topic<T>>();
  return (id) => {
    let t = made.get(id);
    if (t === undefined) {
      t = topic(`${prefix}${id.toString()}`);
      made.set(id, t);
    }
    return t;
  };
}

export const Topics = {
  instruments: (): Topic<Instrument> => topic('data.instruments'),
  quotes: perInstrument<QuoteTick>('data.quotes.'),
  trades: perInstrument<TradeTick>('data.trades.'),
  bars: (barType: BarType): Topic<Bar> => topic(`data.bars.${barType.toString()}`),
  bookDeltas: perInstrument<OrderBookDeltas>('data.book.deltas.'),
  markPrices: (id: InstrumentId): Topic<MarkPriceUpdate> => topic(`data.mark_prices.${id.toString()}`),
  indexPrices: (id: InstrumentId): Topic<IndexPriceUpdate> => topic(`data.index_prices.${id.toString()}`),
  fundingRates: (id: InstrumentId): Topic<FundingRateUpdate> => topic(`data.funding_rates.${id.toString()}`),
  instrumentStatus: (id: InstrumentId): Topic<InstrumentStatus> => topic(`data.status.${id.toString()}`),
  orderEvents: (strategyId: StrategyId): Topic<OrderEvent> => topic(`events.order.${strategyId.value}`),
  positionEvents: (strategyId: StrategyId): Topic<PositionEvent> => topic(`events.position.${strategyId.value}`),
  /** Every order event, whatever the strategy (EXTERNAL orders included). */
  allOrderEvents: (): Topic<OrderEvent> => topic('events.order.*'),
  /** Every position event, reconciliation corrections included. */
  allPositionEvents: (): Topic<PositionEvent> => topic('events.position.*'),
  accounts: (): Topic<AccountState> => topic('events.account'),
  /** Something an execution client could not do on its own that the user must know now (e.g. a failed dead man's switch re-arm). */
  executionAlerts: (): Topic<ExecutionAlert> => topic('events.execution_alert'),
} as const;

/** An execution client's alert: what failed, in words, with the client that raised it. */
export interface ExecutionAlert {
  readonly clientId: string;
  /** A stable name of what failed, e.g. `DEAD_MANS_SWITCH_REARM_FAILED`. */
  readonly kind: string;
  readonly message: string;
  readonly tsEvent: bigint;
}

type Handler<T> = (message: T) => void;

export class MessageBus {
  /** Handler lists are replaced, never changed (copy on write), so `publish` needs no copy per message. */
  private readonly handlers = new Map<string, readonly Handler<unknown>[]>();
  private published = 0;

  constructor(private readonly log?: Logger) {}

  /** Returns a function that removes this subscription. */
  subscribe<T>(t: Topic<T>, handler: Handler<T>): () => void {
    const h = handler as Handler<unknown>;
    const list = this.handlers.get(t.name) ?? [];
    if (!list.includes(h)) this.handlers.set(t.name, [...list, h]);
    return () => {
      const now = this.handlers.get(t.name);
      if (now === undefined || !now.includes(h)) return;
      if (now.length === 1) this.handlers.delete(t.name);
      else
        this.handlers.set(
          t.name,
          now.filter((x) => x !== h),
        );
    };
  }

  hasSubscribers(t: Topic<unknown>): boolean {
    return (this.handlers.get(t.name)?.length ?? 0) > 0;
  }

  publish<T>(t: Topic<T>, message: T): void {
    this.published++;
    const list = this.handlers.get(t.name);
    if (list === undefined) return;
    for (let i = 0; i < list.length; i++) {
      try {
        list[i]!(message);
      } catch (err) {
        this.log?.error(`handler for ${t.name} threw`, { error: err });
      }
    }
  }

  get publishedCount(): number {
    return this.published;
  }
}
