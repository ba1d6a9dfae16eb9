/**
 * Futures positions, wire → report (`openpositions`). Pure. The size is in contracts (inverse) or
 * units of the base (linear), exact at the contract's size precision; the average entry price is
 * Kraken's `price`; the unrealised funding is carried in the position's P&L currency (the
 * contract's settlement currency when Kraken names none).
 */
import type { OpenPosition } from '../../../../generated/futures-rest/types.gen.js';
import { Currency, Money } from '../../../model/money.js';
import { PositionStatusReport } from '../../../model/reports.js';
import { isoToNs } from '../../common/wire-time.js';
import { decimalOf, exactOf, quantityAt, wireText } from '../../common/wire-values.js';
import { MAX_PRECISION, roundTo, type FixedPoint } from '../../../model/fixed-point.js';
import { currencyCodeOfAsset } from './spot-account-reports.js';
import { futuresInstrument } from './futures-order-reports.js';
import { buildEach, payloadError, type ParsedReports, type ReportContext } from './report-context.js';

export type FuturesPositionEntry = OpenPosition;

/**
 * Kraken prints `unrealizedFunding` as a double with up to 20 fraction digits
 * (`0.00005879463852989987`): more than the model's 18, and past a double's 17 significant
 * digits anyway. Such a value is rounded half-even to 18 digits; any other value is exact.
 */
function fundingOf(value: unknown, path: string): FixedPoint {
  const text = wireText(value, path);
  const m = /^(-?)(\d+)\.(\d{19,})$/.exec(text);
  if (m === null) return exactOf(value, path);
  const frac = m[3] as string;
  const raw = BigInt(`${m[2] as string}${frac}`);
  return roundTo({ raw: m[1] === '-' ? -raw : raw, precision: frac.length }, MAX_PRECISION, 'HALF_EVEN');
}

export function parseFuturesPosition(p: FuturesPositionEntry, ctx: ReportContext): PositionStatusReport {
  const at = `/${p.symbol}`;
  const instrument = futuresInstrument(ctx, p.symbol, `${at}/symbol`);
  const side = p.side === 'long' ? 'LONG' : p.side === 'short' ? 'SHORT' : null;
  if (side === null) throw payloadError(`${at}/side`, `expected long or short, got ${JSON.stringify(p.side)}`);
  const quantity = quantityAt(p.size, instrument.sizePrecision, `${at}/size`);
  if (quantity.isZero()) throw payloadError(`${at}/size`, 'an open position of zero size');
  const pnlCurrency =
    typeof p.pnlCurrency === 'string' && p.pnlCurrency !== ''
      ? Currency.from(currencyCodeOfAsset(p.pnlCurrency))
      : instrument.settlementCurrency;
  const funding =
    p.unrealizedFunding === undefined || p.unrealizedFunding === null ? null : fundingOf(p.unrealizedFunding, `${at}/unrealizedFunding`);
  const ts = p.fillTime === undefined ? ctx.tsInit : isoToNs(p.fillTime, `${at}/fillTime`);
  return new PositionStatusReport({
    accountId: ctx.accountId,
    instrumentId: instrument.id,
    positionSide: side,
    quantity,
    avgPxOpen: decimalOf(p.price, `${at}/price`),
    unrealizedFunding: funding === null ? null : Money.of(funding, pnlCurrency),
    tsLast: ts,
    tsInit: ctx.tsInit,
  });
}

/** `openpositions` → reports and failures (one per contract; Kraken keeps one position per contract). */
export function parseFuturesPositions(
  positions: readonly FuturesPositionEntry[] | undefined,
  ctx: ReportContext,
): ParsedReports<PositionStatusReport> {
  return buildEach(
    (positions ?? []).map((p, i) => [typeof p.symbol === 'string' ? p.symbol : `#${i}`, p] as const),
    (_, p) => parseFuturesPosition(p, ctx),
  );
}
