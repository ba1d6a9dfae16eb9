/**
 * The main job's final summary, from the node's cache after it stopped: every order with its venue
 * id and status, every fill with its venue trade id, the positions, PnL and balances. One item per
 * line in fixed columns, so a user can read it and a test can compare it with the venue's own
 * records.
 *
 *   order BTC/USD.KRAKEN OABCDE-FGHIJ-KLMNOP BUY LIMIT 0.00100000 FILLED filled 0.00100000
 *   fill BTC/USD.KRAKEN TXXXXX-XXXXX-XXXXXX OABCDE-FGHIJ-KLMNOP BUY 0.00100000 @ 50000.1 fee 0.13 USD
 *   position PF_XBTUSD.KRAKEN LONG 0.001 @ 50001
 */
import type { OrderFilled } from '../model/order-events.js';
import type { Cache } from '../node/cache.js';
import { balancesText, orderCounts } from './job-view.js';
import type { JobStats } from './job-stats.js';

export interface JobSummary {
  readonly lines: string[];
  readonly orders: number;
  readonly fills: number;
}

export function summaryLines(cache: Cache, stats: JobStats, notes: readonly string[]): JobSummary {
  const counts = orderCounts(cache);
  const orders = cache.orders();
  const fills = orders.flatMap((o) => o.events.filter((e): e is OrderFilled => e.kind === 'OrderFilled'));
  const lines = [
    `summary: ${counts.total} orders (${counts.open} open, ${counts.filled} filled, ${counts.cancelled} cancelled, ${counts.rejected} rejected), ${fills.length} fills`,
  ];
  for (const o of orders) {
    lines.push(
      `order ${o.instrumentId.toString()} ${o.venueOrderId?.value ?? '-'} ${o.side} ${o.orderType} ${o.quantity.toString()} ${o.status} filled ${o.filledQty.toString()}`,
    );
  }
  for (const f of fills) {
    const fee = f.commission === null ? '-' : f.commission.toString();
    lines.push(
      `fill ${f.instrumentId.toString()} ${f.tradeId.value} ${f.venueOrderId.value} ${f.orderSide} ${f.lastQty.toString()} @ ${f.lastPx.toString()} fee ${fee}`,
    );
  }
  for (const id of stats.instrumentIds) {
    const p = cache.position(id);
    const text = p === undefined || !p.isOpen ? 'FLAT 0' : `${p.side} ${p.quantity.toString()} @ ${p.avgPxOpen?.toString() ?? '-'}`;
    lines.push(`position ${id.toString()} ${text}`);
  }
  for (const p of stats.pnl()) {
    lines.push(
      `pnl ${p.instrumentId.toString()} realised ${p.realised.toString()} ${p.quote} unrealised ${p.unrealised?.toString() ?? '-'} ${p.quote}`,
    );
  }
  const fees = [...stats.fees].map(([c, v]) => `${v.toString()} ${c}`);
  lines.push(`fees ${fees.length === 0 ? '-' : fees.join(', ')}`);
  lines.push(`balances ${balancesText(cache.accounts())}`);
  lines.push(...notes);
  return { lines, orders: counts.total, fills: fills.length };
}
