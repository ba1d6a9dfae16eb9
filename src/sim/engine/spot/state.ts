import type { SpotAssetSpec, SpotPairSpec } from '../types/instruments.js';
import type { SpotExecType, SpotFillInfo } from '../types/events.js';
import { SimVenueError } from '../errors.js';
import { MatchingBook } from '../matching-book.js';
import { Decimal } from '../decimal.js';
import type { EventBus } from '../events.js';
import { TradeTape } from '../market-data.js';
import type { IdFactory } from '../ids.js';
import { SpotMarginBook } from './margin.js';
import type { SpotAccount, SpotOrder } from './model.js';
import { toOrderView } from './model.js';
import { toTick } from './pricing.js';
import type { ValidationMarket } from './validate.js';
import { SpotWallets } from './wallets.js';

const MARKET_ACCOUNT = '__market__';

/**
 * The spot venue's state (books, tapes, wallets, margin, orders) and the lookups every spot
 * module shares. The order lifecycle is only declared here: `SpotCore` implements it. Fills,
 * triggers, holds and conditional closes call back into the lifecycle through this class, so
 * they depend on this module and never on the core that calls them.
 */
export abstract class SpotState {
  readonly pairs: SpotPairSpec[];
  readonly assets = new Map<string, SpotAssetSpec>();
  readonly byName = new Map<string, SpotPairSpec>();
  readonly books = new Map<string, MatchingBook>();
  readonly tapes = new Map<string, TradeTape>();
  readonly index = new Map<string, Decimal>();
  readonly wallets: SpotWallets;
  readonly margin: SpotMarginBook;
  readonly orders = new Map<string, SpotOrder>();
  /** Untriggered conditional orders and scheduled (starttm) orders, by pair id. */
  readonly waiting = new Map<string, Set<SpotOrder>>();
  readonly pendingTrades = new Map<string, ReturnType<TradeTape['record']>[]>();
  readonly touchedPairs = new Set<string>();
  /** Work deferred until the current match finishes (conditional closes), so books are never re-entered mid-match. */
  readonly deferred: (() => void)[] = [];

  constructor(
    assets: SpotAssetSpec[],
    pairs: SpotPairSpec[],
    readonly bus: EventBus,
    readonly ids: IdFactory,
    readonly now: () => number,
  ) {
    this.pairs = pairs;
    for (const a of assets) this.assets.set(a.id, a);
    for (const p of pairs) {
      for (const n of [p.id, p.altname, p.wsname, p.symbol]) this.byName.set(n.toUpperCase(), p);
      this.books.set(p.id, new MatchingBook(p.pairDecimals, p.lotDecimals));
      this.tapes.set(p.id, new TradeTape(p.pairDecimals, p.lotDecimals));
      if (p.hasIndex) this.index.set(p.id, new Decimal(p.initialPrice));
      this.waiting.set(p.id, new Set());
    }
    this.wallets = new SpotWallets(this.assets, bus, ids, now);
    this.wallets.create(MARKET_ACCOUNT, true);
    this.margin = new SpotMarginBook(
      this.wallets,
      { refPrice: (p) => this.refPrice(p), convert: (a, f, t) => this.convert(a, f, t) },
      ids,
      now,
    );
  }

  pair(name: string): SpotPairSpec | undefined {
    return this.byName.get(name.toUpperCase());
  }

  requirePair(name: string): SpotPairSpec {
    const p = this.pair(name);
    if (!p) throw new SimVenueError('EQuery:Unknown asset pair');
    return p;
  }

  book(pair: SpotPairSpec): MatchingBook {
    return this.books.get(pair.id) as MatchingBook;
  }

  tape(pair: SpotPairSpec): TradeTape {
    return this.tapes.get(pair.id) as TradeTape;
  }

  /** Last trade price, else mid of the book, else the configured initial price. */
  refPrice(pair: SpotPairSpec): Decimal {
    const last = this.tape(pair).lastPrice;
    if (last) return last;
    const b = this.book(pair);
    const bid = b.best('buy');
    const ask = b.best('sell');
    if (bid && ask) return toTick(pair, bid.plus(ask).div(2));
    return new Decimal(pair.initialPrice);
  }

  indexPrice(pair: SpotPairSpec): Decimal | null {
    return this.index.get(pair.id) ?? null;
  }

  /** Convert between assets through a direct pair or one hop (via ZUSD or XXBT). */
  convert(amount: Decimal, from: string, to: string): Decimal | null {
    if (from === to) return amount;
    const direct = (a: string, b: string): Decimal | null => {
      for (const p of this.pairs) {
        if (p.base === a && p.quote === b) return this.refPrice(p);
        if (p.base === b && p.quote === a) return new Decimal(1).div(this.refPrice(p));
      }
      return null;
    };
    const d = direct(from, to);
    if (d) return amount.times(d);
    for (const hop of ['ZUSD', 'XXBT']) {
      const a = direct(from, hop);
      const b = direct(hop, to);
      if (a && b) return amount.times(a).times(b);
    }
    return null;
  }

  emitExec(o: SpotOrder, execType: SpotExecType, extra: { fill?: SpotFillInfo; reason?: string } = {}): void {
    const acc = this.wallets.get(o.accountId);
    if (acc.unlimited) return;
    const entry = this.book(o.pair).get(o.txid);
    this.bus.emit({
      type: 'spot.execution',
      timeMs: this.now(),
      accountId: o.accountId,
      execType,
      order: toOrderView(o, entry && o.display !== null ? entry.visible : null),
      ...(extra.fill ? { fill: extra.fill } : {}),
      ...(extra.reason !== undefined ? { reason: extra.reason } : {}),
    });
  }

  validationMarket(): ValidationMarket {
    return {
      pair: (n: string) => this.pair(n),
      refPrice: (p: SpotPairSpec) => this.refPrice(p),
      indexPrice: (p: SpotPairSpec) => this.indexPrice(p),
      now: () => this.now(),
    };
  }

  marketAccountId(): string {
    return MARKET_ACCOUNT;
  }

  /** Registers and starts a validated draft; returns the live order. */
  abstract place(acc: SpotAccount, o: SpotOrder): SpotOrder;
  /** Opens an order whose start time has come: holds it, then triggers or executes it. */
  abstract activate(acc: SpotAccount, o: SpotOrder): void;
  /** Runs a live order against the book; rests or cancels the remainder. */
  abstract execute(acc: SpotAccount, o: SpotOrder): void;
  /** Terminal transition: filled (`closed`), `canceled` or `expired`. */
  abstract finish(acc: SpotAccount, o: SpotOrder, status: 'closed' | 'canceled' | 'expired', reason: string | null): void;
  /** Cuts reduce-only margin orders down to the position they reduce. */
  abstract restateReduceOnly(acc: SpotAccount, pair: SpotPairSpec): void;
}
