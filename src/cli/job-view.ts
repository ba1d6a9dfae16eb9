/**
 * The main job's live view: per instrument the verified top of book and the last trade, msgs/s,
 * orders open/filled/cancelled, positions with realised and unrealised PnL, balances, the
 * reconciliation state, the rate-limit counters' headroom and book resyncs. On a terminal it is
 * redrawn in place; elsewhere `statusLine` gives one plain line per period.
 */
import type { AccountState } from '../model/account.js';
import type { InstrumentId } from '../model/identifiers.js';
import type { Cache } from '../node/cache.js';
import type { ReconciliationResult } from '../node/reconciliation.js';
import type { JobStats } from './job-stats.js';

export interface BookHealth {
  readonly valid: boolean;
  readonly resyncs: number;
}

/** A counter's use and its ceiling, e.g. Spot REST 4.2 of 20. */
export interface RateHeadroom {
  readonly name: string;
  readonly level: number;
  readonly max: number;
}

export interface ViewSources {
  readonly venue: string;
  readonly cache: Cache;
  readonly stats: JobStats;
  readonly instrumentIds: readonly InstrumentId[];
  readonly bookHealth: (id: InstrumentId) => BookHealth | undefined;
  readonly rateLimits: () => RateHeadroom[];
  readonly reconciliation: () => ReconciliationResult | null;
  /** Null when the job runs without an execution client (read-only). */
  readonly trading: boolean;
}

export interface OrderCounts {
  readonly total: number;
  readonly open: number;
  readonly filled: number;
  readonly cancelled: number;
  readonly rejected: number;
}

export function orderCounts(cache: Cache): OrderCounts {
  const all = cache.orders();
  const is = (...s: string[]) => all.filter((o) => s.includes(o.status)).length;
  return {
    total: all.length,
    open: cache.ordersOpen().length + cache.ordersInflight().length,
    filled: is('FILLED'),
    cancelled: is('CANCELED', 'EXPIRED'),
    rejected: is('REJECTED', 'DENIED'),
  };
}

export function balancesText(accounts: readonly AccountState[]): string {
  const parts = accounts.flatMap((a) => a.balances.map((b) => b.total.toString()));
  return parts.length === 0 ? '-' : parts.join(', ');
}

function topText(cache: Cache, id: InstrumentId): string {
  if (!cache.hasOrderBook(id)) return 'no book yet';
  const book = cache.orderBook(id);
  const bid = book.bestBidPrice();
  const ask = book.bestAskPrice();
  if (bid === null || ask === null) return 'no book yet';
  return `bid ${bid.toString()} x ${book.bestBidSize()?.toString() ?? '-'} | ask ${ask.toString()} x ${book.bestAskSize()?.toString() ?? '-'}`;
}

function reconText(r: ReconciliationResult | null, trading: boolean): string {
  if (!trading) return 'off (read-only)';
  if (r === null) return 'pending';
  return `${r.ok ? 'ok' : 'FAILED'} (external orders ${r.externalOrders}, fills applied ${r.fillsApplied}, positions corrected ${r.positionsCorrected})`;
}

function headroomText(limits: readonly RateHeadroom[]): string {
  if (limits.length === 0) return '-';
  return limits.map((l) => `${l.name} ${Math.max(0, l.max - l.level).toFixed(1)}/${l.max} free`).join(', ');
}

function positionText(cache: Cache, id: InstrumentId): string {
  const pos = cache.position(id);
  return pos === undefined || !pos.isOpen ? 'FLAT' : `${pos.side} ${pos.quantity.toString()} @ ${pos.avgPxOpen?.toString() ?? '-'}`;
}

/** The terminal frame, one string per line. `rate` is market messages in the last second. */
export function viewLines(s: ViewSources, rate: number, now: Date): string[] {
  const counts = orderCounts(s.cache);
  const pnl = s.stats.pnl();
  const lines = [`krakenkit main job on ${s.venue}  ${now.toISOString()}  ${rate} msgs/s  (Ctrl-C to stop)`, ''];
  for (const id of s.instrumentIds) {
    const health = s.bookHealth(id);
    const trade = s.stats.lastTrade.get(id.toString());
    lines.push(
      `${id.toString()}`,
      `  book ${health?.valid === true ? 'verified' : 'not verified'}: ${topText(s.cache, id)}  (resyncs ${health?.resyncs ?? 0})`,
      `  last trade: ${trade === undefined ? '-' : `${trade.aggressorSide} ${trade.size.toString()} @ ${trade.price.toString()}`}`,
    );
  }
  lines.push(
    '',
    `orders: ${counts.open} open, ${counts.filled} filled, ${counts.cancelled} cancelled, ${counts.rejected} rejected (${counts.total} in all); fills ${s.stats.fills}`,
    'positions:',
  );
  for (const p of pnl) {
    lines.push(
      `  ${p.instrumentId.toString()} ${positionText(s.cache, p.instrumentId)}  realised PnL ${p.realised.toString()} ${p.quote}, unrealised PnL ${p.unrealised?.toString() ?? '-'} ${p.quote}`,
    );
  }
  lines.push(
    `balances: ${balancesText(s.cache.accounts())}`,
    `reconciliation: ${reconText(s.reconciliation(), s.trading)}`,
    `rate limits: ${headroomText(s.rateLimits())}`,
  );
  return lines;
}

/** One plain line for logs and pipes. */
export function statusLine(s: ViewSources, rate: number): string {
  const counts = orderCounts(s.cache);
  const pnl = s.stats
    .pnl()
    .map((p) => `${p.instrumentId.symbol.value} realised ${p.realised.toString()} unrealised ${p.unrealised?.toString() ?? '-'}`)
    .join('; ');
  const resyncs = s.instrumentIds.reduce((n, id) => n + (s.bookHealth(id)?.resyncs ?? 0), 0);
  const tops = s.instrumentIds.map((id) => `${id.symbol.value} ${topText(s.cache, id)}`).join('; ');
  return [
    `status: ${rate} msgs/s`,
    tops,
    `orders ${counts.open} open ${counts.filled} filled ${counts.cancelled} cancelled`,
    `fills ${s.stats.fills}`,
    `positions ${s.instrumentIds.map((id) => `${id.symbol.value} ${positionText(s.cache, id)}`).join('; ')}`,
    `pnl ${pnl}`,
    `balances ${balancesText(s.cache.accounts())}`,
    `reconciliation ${reconText(s.reconciliation(), s.trading)}`,
    `rate limits ${headroomText(s.rateLimits())}`,
    `book resyncs ${resyncs}`,
  ].join(' | ');
}
