/**
 * Futures money on the wire → domain: fees and account figures are exact decimal text in a
 * currency Kraken names in its own way (`USD`, `BTC`, `xbt`, `XBT`); codes are normalised
 * (`XBT` → `BTC`) and matched to the instrument's currencies first, so a fee compares equal with
 * the instrument's settlement or quote currency.
 */
import { normalizeAssetCode } from '../../../kraken/common/symbology/legacy-codes.js';
import type { Instrument } from '../../../model/instruments.js';
import { Currency, Money } from '../../../model/money.js';
import { exactOf } from '../../common/wire-values.js';

/** The domain currency of a Futures currency code. */
export function futuresCurrency(code: string, instrument?: Instrument): Currency {
  const norm = normalizeAssetCode(code.toUpperCase());
  if (instrument !== undefined) {
    for (const c of [instrument.settlementCurrency, instrument.quoteCurrency, instrument.baseCurrency]) if (c.code === norm) return c;
  }
  return Currency.get(norm) ?? Currency.from(norm);
}

/** Exact money from wire text. */
export function moneyOf(value: unknown, code: string, field: string, instrument?: Instrument): Money {
  return Money.of(exactOf(value, field), futuresCurrency(code, instrument));
}

/** A fill's fee (`fee_paid` in `fee_currency`), or null when Kraken did not say. */
export function feeOf(feePaid: unknown, feeCurrency: string | undefined, instrument: Instrument): Money | null {
  if (feePaid === undefined || feePaid === null || feeCurrency === undefined || feeCurrency === '') return null;
  return moneyOf(feePaid, feeCurrency, '/fee_paid', instrument);
}
