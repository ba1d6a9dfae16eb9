/**
 * Kraken Spot's offset paging (ClosedOrders, TradesHistory): newest first, 50 a page, `count` the
 * total number of matches, `ofs` the offset of the next page. Entries that arrive while paging
 * push older ones down a page, so an entry may come twice (kept once, by its key) but none is
 * skipped. A page that cannot be fetched ends the paging and makes the result incomplete.
 */
import { asKrakenError, type ReportFailure } from './report-context.js';

export interface OffsetPage<E> {
  readonly entries: Readonly<Record<string, E>>;
  readonly count: number | undefined;
}

export interface OffsetPaged<E> {
  /** Every entry once, by key, in the order received (newest first). */
  readonly entries: Map<string, E>;
  readonly pages: number;
  readonly complete: boolean;
  readonly failures: ReportFailure[];
}

export async function fetchOffsetPages<E>(
  what: string,
  fetchPage: (ofs: number) => Promise<OffsetPage<E>>,
  maxPages: number,
): Promise<OffsetPaged<E>> {
  const entries = new Map<string, E>();
  const failures: ReportFailure[] = [];
  let ofs = 0;
  let pages = 0;
  for (;;) {
    if (pages >= maxPages) {
      failures.push({ id: `${what} ofs=${ofs}`, error: asKrakenError(new Error(`${what}: stopped after ${maxPages} pages, more remain`)) });
      return { entries, pages, complete: false, failures };
    }
    let page: OffsetPage<E>;
    try {
      page = await fetchPage(ofs);
    } catch (err) {
      failures.push({ id: `${what} ofs=${ofs}`, error: asKrakenError(err) });
      return { entries, pages, complete: false, failures };
    }
    pages++;
    const got = Object.entries(page.entries);
    for (const [key, e] of got) if (!entries.has(key)) entries.set(key, e);
    ofs += got.length;
    if (got.length === 0 || page.count === undefined || ofs >= page.count) return { entries, pages, complete: true, failures };
  }
}
