/**
 * Spot margin positions, wire → report. OpenPositions lists one entry per opening trade; they are
 * aggregated by (pair, side): open volume `vol − vol_closed` summed, the average open price the
 * cost-weighted mean `Σcost / Σvol`, the unrealised P&L `Σnet` (present with `docalcs=true`) in
 * the pair's quote currency. The domain keeps one position per instrument, so when a pair has
 * both a long and a short aggregate (Kraken can hold both), the report is their net.
 *
 * A position the cache holds open but the venue no longer lists becomes a synthetic FLAT report
 * (`flatReportsForMissing`), so a position closed while the node was not looking is closed locally.
 */
import type { OpenPositionsResult } from '../../../../generated/spot-rest/types.gen.js';
import type { InstrumentId } from '../../../model/identifiers.js';
import type { Instrument } from '../../../model/instruments.js';
import { Money } from '../../../model/money.js';
import { PositionStatusReport } from '../../../model/reports.js';
import { Decimal, Quantity } from '../../../model/values.js';
import { secondsToNs } from '../../common/wire-time.js';
import { decimalOf, quantityAt } from '../../common/wire-values.js';
import { asKrakenError, entriesOf, payloadError, type ParsedReports, type ReportContext, type ReportFailure } from './report-context.js';
import { spotOrderSide } from './spot-order-reports.js';

export type SpotMarginPositionEntry = OpenPositionsResult[string];

/** The open margin positions of one pair on one side. */
export interface MarginPositionAggregate {
  readonly instrument: Instrument;
  readonly side: 'LONG' | 'SHORT';
  /** Open volume, base currency. */
  readonly quantity: Quantity;
  /** Σ opening volume and Σ opening cost (quote currency), for the average price. */
  readonly openedVolume: Decimal;
  readonly cost: Decimal;
  /** Σ `net`, or null when an entry has none (OpenPositions without `docalcs`). */
  readonly unrealizedPnl: Decimal | null;
  /** Kraken's position ids aggregated here. */
  readonly positionIds: readonly string[];
  readonly tsLast: bigint;
}

/** OpenPositions entries → one aggregate per (pair, side); a bad entry is a failure, not the end. */
export function aggregateMarginPositions(
  positions: Readonly<Record<string, SpotMarginPositionEntry>> | undefined,
  ctx: ReportContext,
): { aggregates: MarginPositionAggregate[]; failures: ReportFailure[] } {
  const byKey = new Map<string, MarginPositionAggregate>();
  const failures: ReportFailure[] = [];
  for (const [id, p] of entriesOf(positions)) {
    try {
      const at = `/${id}`;
      const instrument = ctx.instruments.spotPair(p.pair);
      if (instrument === undefined) throw payloadError(`${at}/pair`, `unknown pair ${JSON.stringify(p.pair)}`);
      const side = spotOrderSide(p.type, `${at}/type`) === 'BUY' ? 'LONG' : 'SHORT';
      const vol = quantityAt(p.vol, instrument.sizePrecision, `${at}/vol`);
      const closed = quantityAt(p.vol_closed, instrument.sizePrecision, `${at}/vol_closed`);
      if (closed.gt(vol)) throw payloadError(`${at}/vol_closed`, `closed ${closed.toString()} exceeds volume ${vol.toString()}`);
      const cost = p.cost === undefined ? null : decimalOf(p.cost, `${at}/cost`);
      if (cost === null) throw payloadError(`${at}/cost`, 'a position without its opening cost');
      // `net` carries an explicit sign (`+15.00`), which a decimal parser refuses: the plus is dropped.
      const net = p.net === undefined ? null : decimalOf(typeof p.net === 'string' ? p.net.replace(/^\+/, '') : p.net, `${at}/net`);
      const ts = p.time === undefined ? ctx.tsInit : secondsToNs(p.time, `${at}/time`);
      const key = `${instrument.id.toString()}|${side}`;
      const prev = byKey.get(key);
      byKey.set(key, {
        instrument,
        side,
        quantity: (prev?.quantity ?? Quantity.zero(instrument.sizePrecision)).add(vol.sub(closed)),
        openedVolume: (prev?.openedVolume ?? Decimal.fromInt(0)).add(vol),
        cost: (prev?.cost ?? Decimal.fromInt(0)).add(cost),
        unrealizedPnl:
          prev !== undefined && prev.unrealizedPnl === null
            ? null
            : net === null
              ? null
              : (prev?.unrealizedPnl ?? Decimal.fromInt(0)).add(net),
        positionIds: [...(prev?.positionIds ?? []), id],
        tsLast: prev === undefined || ts > prev.tsLast ? ts : prev.tsLast,
      });
    } catch (err) {
      failures.push({ id, error: asKrakenError(err) });
    }
  }
  return { aggregates: [...byKey.values()], failures };
}

function averagePrice(a: MarginPositionAggregate): Decimal | null {
  if (a.openedVolume.isZero()) return null;
  return a.cost.div(a.openedVolume, a.instrument.pricePrecision + 6, 'HALF_EVEN');
}

/** OpenPositions → one report per instrument (long and short aggregates netted). */
export function parseSpotMarginPositions(
  positions: Readonly<Record<string, SpotMarginPositionEntry>> | undefined,
  ctx: ReportContext,
): ParsedReports<PositionStatusReport> {
  const { aggregates, failures } = aggregateMarginPositions(positions, ctx);
  const byInstrument = new Map<string, MarginPositionAggregate[]>();
  for (const a of aggregates) byInstrument.set(a.instrument.id.toString(), [...(byInstrument.get(a.instrument.id.toString()) ?? []), a]);
  const reports: PositionStatusReport[] = [];
  for (const sides of byInstrument.values()) {
    const long = sides.find((s) => s.side === 'LONG');
    const short = sides.find((s) => s.side === 'SHORT');
    const first = (long ?? short) as MarginPositionAggregate;
    const zero = Quantity.zero(first.instrument.sizePrecision);
    const longQty = long?.quantity ?? zero;
    const shortQty = short?.quantity ?? zero;
    const side = longQty.gt(shortQty) ? 'LONG' : shortQty.gt(longQty) ? 'SHORT' : 'FLAT';
    const larger = side === 'SHORT' ? short : long;
    const pnls = sides.map((s) => s.unrealizedPnl);
    const pnl = pnls.some((x) => x === null) ? null : pnls.reduce<Decimal>((acc, x) => acc.add(x as Decimal), Decimal.fromInt(0));
    reports.push(
      new PositionStatusReport({
        accountId: ctx.accountId,
        instrumentId: first.instrument.id,
        positionSide: side,
        quantity: side === 'LONG' ? longQty.sub(shortQty) : side === 'SHORT' ? shortQty.sub(longQty) : zero,
        avgPxOpen: side === 'FLAT' || larger === undefined ? null : averagePrice(larger),
        unrealizedPnl: pnl === null ? null : Money.of(pnl, first.instrument.quoteCurrency),
        tsLast: sides.reduce((t, s) => (s.tsLast > t ? s.tsLast : t), 0n),
        tsInit: ctx.tsInit,
      }),
    );
  }
  return { reports, failures };
}

/** A position the cache holds open, as far as the FLAT check needs it. */
export interface CachedOpenPosition {
  readonly instrumentId: InstrumentId;
  readonly quantity: Quantity;
}

/**
 * Synthetic FLAT reports for cached open positions the venue no longer lists. Pass only positions
 * of instruments whose venue lists positions (margin pairs, Futures), never wallet-derived ones.
 */
export function flatReportsForMissing(
  cached: readonly CachedOpenPosition[],
  listed: readonly PositionStatusReport[],
  ctx: ReportContext,
): PositionStatusReport[] {
  const seen = new Set(listed.map((r) => r.instrumentId.toString()));
  return cached
    .filter((p) => !seen.has(p.instrumentId.toString()))
    .map((p) => PositionStatusReport.flat(ctx.accountId, p.instrumentId, p.quantity, ctx.tsInit));
}
