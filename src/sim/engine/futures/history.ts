/**
 * The futures history the history API serves beyond order and execution events: position
 * changes (`/positions`) and the account log (`/account-log`), recorded per fill, and the
 * queries over them and over a market's public order events.
 */
import type { FuturesAccountLogEntry, FuturesHistoryQuery, FuturesPositionUpdate } from '../types/futures-orders.js';
import type { FuturesProductSpec } from '../types/instruments.js';
import { ZERO, fixed, type Decimal } from '../decimal.js';
import type { FuturesState } from './state.js';
import type { FuturesAccount } from './model.js';
import { isInverse, priceDecimals } from './model.js';

export interface FillRecord {
  spec: FuturesProductSpec;
  execId: string;
  price: string;
  size: string;
  fee: string;
  feeCurrency: string;
  realised: Decimal;
  oldSize: Decimal;
  oldEntry: Decimal | null;
  newSize: Decimal;
  newEntry: Decimal | null;
  oldBalance: Decimal;
  newBalance: Decimal;
  mark: string;
  liquidation: boolean;
}

function positionChange(oldSize: Decimal, newSize: Decimal): FuturesPositionUpdate['positionChange'] {
  if (oldSize.isZero()) return 'open';
  if (newSize.isZero()) return 'close';
  if (oldSize.isNeg() !== newSize.isNeg()) return 'reverse';
  return newSize.abs().gt(oldSize.abs()) ? 'increase' : 'decrease';
}

/** After a fill: one `/positions` update and one `/account-log` entry for the settlement wallet. */
export function recordPositionAndLedger(core: FuturesState, acc: FuturesAccount, f: FillRecord): void {
  const pd = priceDecimals(f.spec);
  const qd = f.spec.contractValueTradePrecision;
  const ccy = f.spec.settlementCurrency;
  const entry = (d: Decimal | null) => (d === null ? null : fixed(d, pd));
  acc.positionHistory.push({
    uid: core.ids.uuid(),
    timestampMs: core.now(),
    symbol: f.spec.symbol,
    oldPosition: fixed(f.oldSize, qd),
    oldAverageEntryPrice: f.oldSize.isZero() ? null : entry(f.oldEntry),
    newPosition: fixed(f.newSize, qd),
    newAverageEntryPrice: fixed(f.newSize.isZero() ? ZERO : (f.newEntry ?? ZERO), pd),
    fee: f.fee,
    feeCurrency: f.feeCurrency,
    realizedPnl: f.realised.toFixed(isInverse(f.spec) ? 10 : 8),
    positionChange: positionChange(f.oldSize, f.newSize),
    executionUid: f.execId,
    executionPrice: f.price,
    executionSize: f.size,
    tradeType: f.liquidation ? 'liquidation' : 'userExecution',
  });
  acc.accountLog.push({
    id: acc.accountLog.length + 1,
    bookingUid: core.ids.uuid(),
    timeMs: core.now(),
    asset: ccy.toLowerCase(),
    info: f.liquidation ? 'futures liquidation' : 'futures trade',
    // Every position is margined from the one multi-collateral pool.
    marginAccount: 'flex',
    contract: f.spec.symbol.toLowerCase(),
    execution: f.execId,
    oldBalance: f.oldBalance.toFixed(),
    newBalance: f.newBalance.toFixed(),
    oldAverageEntryPrice: f.oldSize.isZero() ? null : entry(f.oldEntry),
    newAverageEntryPrice: f.newSize.isZero() ? null : entry(f.newEntry),
    tradePrice: f.price,
    markPrice: f.mark,
    fee: f.fee,
    realizedPnl: f.realised.toFixed(),
  });
}

export function byTime<T>(items: readonly T[], timeOf: (t: T) => number, q: FuturesHistoryQuery): T[] {
  let sel = items.filter(
    (e) => (q.sinceMs === undefined || timeOf(e) >= q.sinceMs) && (q.beforeMs === undefined || timeOf(e) < q.beforeMs),
  );
  if ((q.sort ?? 'desc') === 'desc') sel = sel.reverse();
  return q.count !== undefined ? sel.slice(0, q.count) : sel;
}

export function positionHistory(acc: FuturesAccount, q: FuturesHistoryQuery): FuturesPositionUpdate[] {
  return byTime(acc.positionHistory, (e) => e.timestampMs, q);
}

/** `from`/`to` are entry ids, inclusive; the default page is 500 entries. */
export function accountLog(acc: FuturesAccount, q: FuturesHistoryQuery & { fromId?: number; toId?: number }): FuturesAccountLogEntry[] {
  const inIds = acc.accountLog.filter((e) => (q.fromId === undefined || e.id >= q.fromId) && (q.toId === undefined || e.id <= q.toId));
  return byTime(inIds, (e) => e.timeMs, { ...q, count: q.count ?? 500 });
}
