/**
 * Futures fills, wire → report. Pure.
 *
 * Kraken's `/fills` has no fee and no server-side time filter. The fee of each fill comes from
 * the account's execution history (`/api/history/v3/executions`, the execution uid is the fill
 * id, the fee is on our side's `makerOrderData` / `takerOrderData`), in the contract's
 * settlement currency; a payload that carries `fee_paid` / `fee_currency` itself (as the WS
 * `fills` feed does) is used as is. A fill whose fee is known nowhere is a failure, not a fill
 * with a made-up zero fee: the WS feed or a later check will bring it with its fee.
 *
 * Liquidity: `maker` → MAKER, `taker` and `takerAfterEdit` → TAKER; liquidations, assignments and
 * unwinds have no book side (NO_LIQUIDITY_SIDE).
 */
import type { ExecutionEventElement, HistoricalOrder } from '../../../../generated/futures-history/types.gen.js';
import type { Fill } from '../../../../generated/futures-rest/types.gen.js';
import type { LiquiditySide } from '../../../model/enums.js';
import { ClientOrderId, TradeId, VenueOrderId } from '../../../model/identifiers.js';
import { Currency, Money } from '../../../model/money.js';
import { FillReport } from '../../../model/reports.js';
import { Decimal } from '../../../model/values.js';
import { isoToNs } from '../../common/wire-time.js';
import { currencyCodeOfAsset } from './spot-account-reports.js';
import { decimalOf, exactOf, priceAtLeast, quantityAt } from '../../common/wire-values.js';
import { futuresInstrument, futuresSide, type FuturesExecutionTotals } from './futures-order-reports.js';
import { asKrakenError, buildEach, payloadError, type ParsedReports, type ReportContext, type ReportFailure } from './report-context.js';

export type FuturesFillEntry = Fill & { fee_paid?: unknown; fee_currency?: unknown; cli_ord_id?: unknown };

/** What the execution history says about our fills: fees by execution (fill) id, totals by order id. */
export interface FuturesExecutionIndex {
  readonly fees: ReadonlyMap<string, Decimal>;
  readonly byOrder: ReadonlyMap<string, FuturesExecutionTotals>;
  readonly failures: readonly ReportFailure[];
}

function ownSide(
  x: {
    makerOrder?: HistoricalOrder;
    takerOrder?: HistoricalOrder;
    makerOrderData?: { fee?: string } | null;
    takerOrderData?: { fee?: string } | null;
  },
  accountUid: string | undefined,
): { order: HistoricalOrder; fee: string | undefined } | null {
  const mine = (o: HistoricalOrder | undefined) => o !== undefined && accountUid !== undefined && o.accountUid === accountUid;
  if (mine(x.makerOrder) || (accountUid === undefined && x.makerOrderData))
    return x.makerOrder ? { order: x.makerOrder, fee: x.makerOrderData?.fee } : null;
  if (mine(x.takerOrder) || (accountUid === undefined && x.takerOrderData))
    return x.takerOrder ? { order: x.takerOrder, fee: x.takerOrderData?.fee } : null;
  return null;
}

/** Execution history elements → fees by fill id and fill totals by order id. */
export function indexFuturesExecutions(elements: readonly ExecutionEventElement[], accountUid?: string): FuturesExecutionIndex {
  const fees = new Map<string, Decimal>();
  const byOrder = new Map<string, FuturesExecutionTotals>();
  const failures: ReportFailure[] = [];
  const seen = new Set<string>();
  for (const el of elements) {
    try {
      const x = el.event.Execution?.execution;
      if (x === undefined || seen.has(x.uid)) continue;
      seen.add(x.uid);
      const own = ownSide(x, accountUid);
      if (own === null) throw payloadError(`/${el.uid}/event/Execution`, 'neither side of the execution is this account');
      if (own.fee !== undefined) fees.set(x.uid, decimalOf(own.fee, `/${el.uid}/fee`));
      const qty = decimalOf(x.quantity, `/${el.uid}/quantity`);
      const px = decimalOf(x.price, `/${el.uid}/price`);
      const ts = BigInt(x.timestamp) * 1_000_000n;
      const prev = byOrder.get(own.order.uid);
      byOrder.set(own.order.uid, {
        filled: (prev?.filled ?? Decimal.fromInt(0)).add(qty),
        notional: (prev?.notional ?? Decimal.fromInt(0)).add(qty.mul(px)),
        lastNs: prev !== undefined && prev.lastNs > ts ? prev.lastNs : ts,
      });
    } catch (err) {
      failures.push({ id: el.uid, error: asKrakenError(err) });
    }
  }
  return { fees, byOrder, failures };
}

const LIQUIDITY: Readonly<Record<string, LiquiditySide>> = { maker: 'MAKER', taker: 'TAKER', takerAfterEdit: 'TAKER' };

/** One `/fills` entry → a fill report; `fees` from the execution history when the entry has none. */
export function parseFuturesFill(f: FuturesFillEntry, ctx: ReportContext, fees: ReadonlyMap<string, Decimal> = new Map()): FillReport {
  const at = `/${f.fill_id}`;
  const instrument = futuresInstrument(ctx, f.symbol, `${at}/symbol`);
  let commission: Money;
  if (f.fee_paid !== undefined && f.fee_paid !== null) {
    const code = typeof f.fee_currency === 'string' && f.fee_currency !== '' ? currencyCodeOfAsset(f.fee_currency) : null;
    commission = Money.of(exactOf(f.fee_paid, `${at}/fee_paid`), code === null ? instrument.settlementCurrency : Currency.from(code));
  } else {
    const fee = fees.get(f.fill_id);
    if (fee === undefined) throw payloadError(`${at}`, 'fee unknown: the fill is not in the execution history');
    commission = Money.of(fee, instrument.settlementCurrency);
  }
  const cli = f.cliOrdId ?? f.cli_ord_id;
  return new FillReport({
    accountId: ctx.accountId,
    instrumentId: instrument.id,
    venueOrderId: new VenueOrderId(f.order_id),
    clientOrderId: typeof cli === 'string' && cli !== '' ? new ClientOrderId(cli) : null,
    tradeId: new TradeId(f.fill_id),
    orderSide: futuresSide(f.side, `${at}/side`),
    lastQty: quantityAt(f.size, instrument.sizePrecision, `${at}/size`),
    lastPx: priceAtLeast(f.price, instrument.pricePrecision, `${at}/price`),
    commission,
    liquiditySide: LIQUIDITY[f.fillType] ?? 'NO_LIQUIDITY_SIDE',
    tsEvent: isoToNs(f.fillTime, `${at}/fillTime`),
    tsInit: ctx.tsInit,
  });
}

/**
 * `/fills` entries → reports, oldest first, keeping only fills whose `fillTime` is inside
 * [startNs, endNs] (either bound null for open). The filter runs on the client because Kraken's
 * endpoint has none.
 */
export function parseFuturesFills(
  fills: readonly FuturesFillEntry[],
  ctx: ReportContext,
  options: { readonly fees?: ReadonlyMap<string, Decimal>; readonly startNs?: bigint | null; readonly endNs?: bigint | null } = {},
): ParsedReports<FillReport> {
  const start = options.startNs ?? null;
  const end = options.endNs ?? null;
  const inRange = fills.filter((f) => {
    let t: bigint;
    try {
      t = isoToNs(f.fillTime, `/${f.fill_id}/fillTime`);
    } catch {
      return true; // the parse below names the bad time
    }
    return (start === null || t >= start) && (end === null || t <= end);
  });
  const parsed = buildEach(
    inRange.map((f, i) => [typeof f.fill_id === 'string' ? f.fill_id : `#${i}`, f] as const),
    (_, f) => parseFuturesFill(f, ctx, options.fees),
  );
  parsed.reports.sort((a, b) => (a.tsEvent < b.tsEvent ? -1 : a.tsEvent > b.tsEvent ? 1 : 0));
  return parsed;
}
