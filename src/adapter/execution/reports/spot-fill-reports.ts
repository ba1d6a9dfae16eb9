/**
 * Spot fills, wire → report: one TradesHistory / QueryTrades entry becomes a `FillReport`. Pure.
 *
 * - Every fill type is a fill: cash and margin trades, opening and closing ones (`posstatus`,
 *   `misc: closing`), liquidations and position settlements; the order type does not filter.
 * - The trade id is the entry's key (`T…-…-…`), the same id the WS `executions` channel sends as
 *   `exec_id`, so a fill seen on both is deduplicated by the engine.
 * - Kraken states the fee in the quote currency (its documented meaning of TradesHistory `fee`),
 *   whatever fee-currency flag the order had.
 * - Liquidity side from `maker`; an entry without it (older trades) is NO_LIQUIDITY_SIDE.
 */
import type { TradeInfo } from '../../../../generated/spot-rest/types.gen.js';
import type { LiquiditySide } from '../../../model/enums.js';
import { TradeId, VenueOrderId } from '../../../model/identifiers.js';
import { Money } from '../../../model/money.js';
import { FillReport } from '../../../model/reports.js';
import { secondsToNs } from '../../common/wire-time.js';
import { exactOf, priceAtLeast, quantityAt } from '../../common/wire-values.js';
import { buildEach, entriesOf, payloadError, type ParsedReports, type ReportContext } from './report-context.js';
import { spotOrderSide } from './spot-order-reports.js';

export type SpotTradeEntry = TradeInfo;

/** One trade entry → a fill report. Throws `KrakenValidationError` naming the bad field. */
export function parseSpotTrade(tradeTxid: string, t: SpotTradeEntry, ctx: ReportContext, at = `/${tradeTxid}`): FillReport {
  const instrument = ctx.instruments.spotPair(t.pair);
  if (instrument === undefined) throw payloadError(`${at}/pair`, `unknown pair ${JSON.stringify(t.pair)}`);
  if (typeof t.ordertxid !== 'string' || t.ordertxid === '') throw payloadError(`${at}/ordertxid`, 'a trade without its order id');
  const fee = exactOf(t.fee, `${at}/fee`);
  if (fee.raw < 0n) throw payloadError(`${at}/fee`, 'a negative fee');
  const liquidity: LiquiditySide = t.maker === true ? 'MAKER' : t.maker === false ? 'TAKER' : 'NO_LIQUIDITY_SIDE';
  return new FillReport({
    accountId: ctx.accountId,
    instrumentId: instrument.id,
    venueOrderId: new VenueOrderId(t.ordertxid),
    tradeId: new TradeId(tradeTxid),
    orderSide: spotOrderSide(t.type, `${at}/type`),
    lastQty: quantityAt(t.vol, instrument.sizePrecision, `${at}/vol`),
    // A fill of a position settlement or liquidation may print finer than the tick: keep every digit.
    lastPx: priceAtLeast(t.price, instrument.pricePrecision, `${at}/price`),
    commission: Money.of(fee, instrument.quoteCurrency),
    liquiditySide: liquidity,
    tsEvent: secondsToNs(t.time, `${at}/time`),
    tsInit: ctx.tsInit,
  });
}

/** A map trade txid → trade (TradesHistory `trades`, QueryTrades) → reports and failures, oldest first. */
export function parseSpotTrades(
  trades: Readonly<Record<string, SpotTradeEntry>> | undefined,
  ctx: ReportContext,
): ParsedReports<FillReport> {
  const parsed = buildEach(entriesOf(trades), (id, t) => parseSpotTrade(id, t, ctx));
  parsed.reports.sort((a, b) => (a.tsEvent < b.tsEvent ? -1 : a.tsEvent > b.tsEvent ? 1 : 0));
  return parsed;
}
