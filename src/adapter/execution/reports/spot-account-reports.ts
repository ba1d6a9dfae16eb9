/**
 * Spot account figures, wire → domain.
 *
 * - BalanceEx → one `AccountBalance` per asset: total `balance`, locked `hold_trade`, free the
 *   rest. Kraken's asset codes are normalised (`XXBT` → BTC, `ZUSD` → USD; a suffixed balance such
 *   as `XBT.F` keeps its suffix, `BTC.F`, since it is a different holding). Credit lines are not
 *   counted as balance.
 * - TradeBalance → the MARGIN account's figures: `MarginBalance.initial` is the used margin `m`
 *   (Kraken publishes no maintenance figure: zero), and `info` carries every figure as exact text
 *   under snake_case names, in the summary's asset (`marginBalanceAsset`, default ZUSD).
 */
import type { BalanceExResult, TradeBalanceResult } from '../../../../generated/spot-rest/types.gen.js';
import { normalizeAssetCode } from '../../../kraken/common/symbology/legacy-codes.js';
import { AccountBalance, MarginBalance } from '../../../model/account.js';
import { Currency, Money } from '../../../model/money.js';
import type { Decimal } from '../../../model/values.js';
import { decimalOf, exactOf } from '../../common/wire-values.js';
import { asKrakenError, entriesOf, payloadError, type ReportFailure } from './report-context.js';

/** A Kraken asset code (`XXBT`, `ZUSD`, `XBT.F`, `USD.HOLD`) as a standard currency code. */
export function currencyCodeOfAsset(asset: string): string {
  const dot = asset.indexOf('.');
  if (dot <= 0) return normalizeAssetCode(asset);
  return `${normalizeAssetCode(asset.slice(0, dot))}${asset.slice(dot)}`;
}

export interface SpotBalances {
  readonly balances: AccountBalance[];
  readonly failures: ReportFailure[];
}

/** BalanceEx → balances (total, hold, free), one per currency; a bad entry is a failure, not the end. */
export function parseBalanceEx(result: BalanceExResult | undefined): SpotBalances {
  const byCode = new Map<string, AccountBalance>();
  const failures: ReportFailure[] = [];
  for (const [asset, b] of entriesOf(result)) {
    try {
      const currency = Currency.from(currencyCodeOfAsset(asset));
      const total = exactOf(b.balance, `/${asset}/balance`);
      const hold = b.hold_trade === undefined ? { raw: 0n, precision: 0 } : exactOf(b.hold_trade, `/${asset}/hold_trade`);
      if (hold.raw < 0n) throw payloadError(`/${asset}/hold_trade`, 'a negative hold');
      const totalMoney = Money.of(total, currency);
      const locked = Money.of(hold, currency);
      const balance = new AccountBalance(totalMoney, locked, totalMoney.sub(locked));
      const prev = byCode.get(currency.code);
      byCode.set(
        currency.code,
        prev === undefined
          ? balance
          : new AccountBalance(prev.total.add(balance.total), prev.locked.add(balance.locked), prev.free.add(balance.free)),
      );
    } catch (err) {
      failures.push({ id: asset, error: asKrakenError(err) });
    }
  }
  return { balances: [...byCode.values()], failures };
}

/** The MARGIN account's figures from one TradeBalance summary. */
export interface SpotMarginFigures {
  readonly currency: Currency;
  readonly margin: MarginBalance;
  /** Exact decimal text: equity, free_margin, unrealized_pnl, margin_level (with positions), trade_balance, equivalent_balance, cost_basis, valuation, unexecuted_value, used_margin, and asset. */
  readonly info: Readonly<Record<string, string>>;
}

const INFO_FIELDS: readonly (readonly [string, keyof TradeBalanceResult])[] = [
  ['equity', 'e'],
  ['free_margin', 'mf'],
  ['unrealized_pnl', 'n'],
  ['margin_level', 'ml'],
  ['trade_balance', 'tb'],
  ['equivalent_balance', 'eb'],
  ['cost_basis', 'c'],
  ['valuation', 'v'],
  ['unexecuted_value', 'uv'],
  ['used_margin', 'm'],
];

/** TradeBalance → margin figures. `asset` is the summary's asset as requested (default `ZUSD`). */
export function parseTradeBalance(result: TradeBalanceResult, asset = 'ZUSD'): SpotMarginFigures {
  const currency = Currency.from(currencyCodeOfAsset(asset));
  const info: Record<string, string> = {};
  const values = new Map<string, Decimal>();
  for (const [name, field] of INFO_FIELDS) {
    const raw = result[field];
    if (raw === undefined || raw === null) continue;
    const v = decimalOf(raw, `/${field}`);
    values.set(name, v);
    info[name] = v.toString();
  }
  info['asset'] = asset;
  const used = values.get('used_margin');
  const initial = Money.of(used ?? { raw: 0n, precision: currency.precision }, currency);
  return { currency, margin: new MarginBalance(initial, Money.zero(currency)), info };
}

/** The one INFO line per refresh: `Margin metrics: equity=1234.56 GBP, free_margin=1100.00, unrealized_pnl=12.34`. */
export function marginMetricsLine(figures: SpotMarginFigures): string {
  const i = figures.info;
  return `Margin metrics: equity=${i['equity'] ?? '0'} ${figures.currency.code}, free_margin=${i['free_margin'] ?? '0'}, unrealized_pnl=${i['unrealized_pnl'] ?? '0'}`;
}
