/**
 * Paging Kraken's public Spot trades forward in time. `Trades?since=<ns>` answers the first
 * trades after the cursor, oldest first, at most 1000, with `last` as the next cursor; a page
 * shorter than that means the present was reached. Trade ids only grow, so a trade seen on an
 * earlier page (a cursor that is inclusive, or a repeated page) is dropped by id.
 */
import type { TradesParams, TradesResult } from '../../../generated/spot-rest/types.gen.js';
import type { Instrument } from '../../model/instruments.js';
import { pagedRows, parseSpotTradeRow, type SpotTrade, type SpotTradeRow } from './spot-market-parse.js';

/** Kraken's page size for public trades (the default and the maximum of `count`). */
export const SPOT_TRADES_PAGE_SIZE = 1000;

export interface SpotTradesApi {
  trades(params: TradesParams): Promise<TradesResult>;
}

/** Reported after every page while history is being read. */
export interface TradePagingProgress {
  readonly pages: number;
  readonly trades: number;
  /** Time of the newest trade read so far, ns; null before the first. */
  readonly reachedNs: bigint | null;
  /** Where reading stops, ns; null for "up to now". */
  readonly targetNs: bigint | null;
}

export interface TradePage {
  readonly trades: readonly SpotTrade[];
  /** The cursor for the next page. */
  readonly last: string;
  /** True when Kraken had more trades than one page holds. */
  readonly full: boolean;
}

export class SpotTradePager {
  #lastId = -1;
  pages = 0;
  trades = 0;
  reachedNs: bigint | null = null;

  constructor(
    private readonly api: SpotTradesApi,
    private readonly pairKey: string,
    private readonly instrument: Instrument,
    /** Trades per page (Kraken's `count`, 1 to 1000). */
    private readonly pageSize: number = SPOT_TRADES_PAGE_SIZE,
  ) {}

  /** One page after `sinceNs` (exclusive; null for Kraken's most recent trades). */
  async page(sinceNs: bigint | string | null): Promise<TradePage> {
    const since = sinceNs === null ? undefined : typeof sinceNs === 'string' ? sinceNs : (sinceNs < 0n ? 0n : sinceNs).toString();
    const count = this.pageSize === SPOT_TRADES_PAGE_SIZE ? {} : { count: this.pageSize };
    const res = await this.api.trades({ pair: this.pairKey, ...count, ...(since === undefined ? {} : { since }) });
    const rows = pagedRows<SpotTradeRow>(res, this.pairKey);
    this.pages++;
    const trades: SpotTrade[] = [];
    for (const [i, row] of rows.entries()) {
      const t = parseSpotTradeRow(row, this.instrument, `/result/${this.pairKey}/${i}`);
      if (t.tradeId !== null) {
        if (t.tradeId <= this.#lastId) continue;
        this.#lastId = t.tradeId;
      }
      trades.push(t);
    }
    return { trades, last: typeof res.last === 'string' ? res.last : String(res.last), full: rows.length >= this.pageSize };
  }

  /** Forgets the ids seen, before reading again from an earlier cursor. */
  restart(): void {
    this.#lastId = -1;
  }

  /**
   * Pages from `first` (already fetched) onwards, handing every trade to `onTrade`, until a trade
   * at or after `untilNs` was seen, the present was reached, or the cursor stops moving.
   */
  async forward(
    first: TradePage,
    cursor: string | null,
    untilNs: bigint | null,
    onTrade: (t: SpotTrade) => void,
    onProgress?: (p: TradePagingProgress) => void,
  ): Promise<void> {
    let page = first;
    let since = cursor;
    for (;;) {
      for (const t of page.trades) onTrade(t);
      this.trades += page.trades.length;
      const newest = page.trades[page.trades.length - 1];
      if (newest !== undefined) this.reachedNs = newest.timeNs;
      onProgress?.({ pages: this.pages, trades: this.trades, reachedNs: this.reachedNs, targetNs: untilNs });
      const reachedEnd = untilNs !== null && this.reachedNs !== null && this.reachedNs >= untilNs;
      if (reachedEnd || !page.full || page.last === '' || page.last === since) return;
      since = page.last;
      page = await this.page(since);
    }
  }
}

/**
 * Public trades of a range: paged forward from `start` (the cursor is exclusive, so it starts
 * one nanosecond earlier) until past `end` or the present; without a start, Kraken's latest page.
 */
export async function requestSpotTrades(
  api: SpotTradesApi,
  pairKey: string,
  instrument: Instrument,
  range: { readonly start: bigint | null; readonly end: bigint | null },
  onProgress?: (p: TradePagingProgress) => void,
  pageSize: number = SPOT_TRADES_PAGE_SIZE,
): Promise<SpotTrade[]> {
  const pager = new SpotTradePager(api, pairKey, instrument, pageSize);
  const out: SpotTrade[] = [];
  const cursor = range.start === null ? null : range.start - 1n;
  const first = await pager.page(cursor);
  if (cursor === null) {
    out.push(...first.trades);
    onProgress?.({
      pages: 1,
      trades: first.trades.length,
      reachedNs: first.trades[first.trades.length - 1]?.timeNs ?? null,
      targetNs: range.end,
    });
    return out;
  }
  // Reading stops at the first trade after `end`, so trades sharing `end`'s time are all read.
  await pager.forward(first, cursor.toString(), range.end === null ? null : range.end + 1n, (t) => out.push(t), onProgress);
  return out;
}
