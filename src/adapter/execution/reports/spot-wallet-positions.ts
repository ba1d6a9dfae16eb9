/**
 * Opt-in cash wallet positions (`useSpotPositionReports`, off by default): a positive wallet
 * balance is reported as a LONG position of the pair that has that currency as base and
 * `spotPositionsQuoteCurrency` (default USDT) as quote. Only that quote currency is used, so that
 * one holding of BTC does not show up as BTC/USD, BTC/USDT and BTC/EUR at once.
 *
 * Dangerous for strategies that close positions: closing such a "position" sells wallet holdings.
 * The quantity is the total balance at the pair's lot precision, rounded down (dust below a lot
 * cannot be traded and is not a position).
 */
import type { AccountBalance } from '../../../model/account.js';
import { PositionStatusReport } from '../../../model/reports.js';
import { Quantity } from '../../../model/values.js';
import type { ReportContext } from './report-context.js';

export const DEFAULT_SPOT_POSITIONS_QUOTE_CURRENCY = 'USDT';

/** Wallet balances → LONG positions on `BASE/<quoteCurrency>` pairs. Zero and negative balances give none. */
export function walletPositionReports(
  balances: readonly AccountBalance[],
  ctx: ReportContext,
  quoteCurrency: string = DEFAULT_SPOT_POSITIONS_QUOTE_CURRENCY,
): PositionStatusReport[] {
  const held = new Map(balances.map((b) => [b.currency.code, b]));
  const out: PositionStatusReport[] = [];
  for (const instrument of ctx.instruments.spotPairs()) {
    if (instrument.quoteCurrency.code !== quoteCurrency) continue;
    const b = held.get(instrument.baseCurrency.code);
    if (b === undefined || !(b.total.raw > 0n)) continue;
    const p = instrument.sizePrecision;
    const raw =
      b.total.precision <= p ? b.total.raw * 10n ** BigInt(p - b.total.precision) : b.total.raw / 10n ** BigInt(b.total.precision - p);
    if (raw === 0n) continue;
    out.push(
      new PositionStatusReport({
        accountId: ctx.accountId,
        instrumentId: instrument.id,
        positionSide: 'LONG',
        quantity: Quantity.fromRaw(raw, p),
        tsLast: ctx.tsInit,
        tsInit: ctx.tsInit,
      }),
    );
  }
  return out;
}
