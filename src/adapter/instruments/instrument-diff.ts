/**
 * What changed between two loads of the instruments: added, changed (any field, compared by
 * value: `0.10` equals `0.1`) and delisted. A contract that failed to parse this time is neither
 * changed nor delisted: it keeps its last good definition until Kraken's entry parses again.
 */
import type { Instrument } from '../../model/instruments.js';
import { CryptoFuture } from '../../model/instruments.js';
import { Decimal } from '../../model/values.js';
import type { FuturesInstrumentInfo } from './futures-instruments.js';
import type { SpotInstrumentInfo } from './spot-instruments.js';

export type KrakenInstrumentInfo = SpotInstrumentInfo | FuturesInstrumentInfo;

export interface InstrumentChange {
  readonly before: KrakenInstrumentInfo;
  readonly after: KrakenInstrumentInfo;
  /** The fields that differ, by name. */
  readonly fields: readonly string[];
}

export interface InstrumentReload {
  readonly added: readonly KrakenInstrumentInfo[];
  readonly changed: readonly InstrumentChange[];
  /** In the previous load, absent from this one (Kraken no longer lists them). */
  readonly delisted: readonly KrakenInstrumentInfo[];
  /** Entries Kraken lists that did not parse (the previous definition, if any, is kept). */
  readonly failures: readonly { readonly name: string; readonly reason: string }[];
}

/** Every compared field of an instrument as canonical text. */
export function instrumentFields(info: KrakenInstrumentInfo): Record<string, string> {
  const i: Instrument = info.instrument;
  const fields: Record<string, string> = {
    class: i.instrumentClass,
    rawSymbol: i.rawSymbol.value,
    baseCurrency: `${i.baseCurrency.code}/${i.baseCurrency.precision}`,
    quoteCurrency: `${i.quoteCurrency.code}/${i.quoteCurrency.precision}`,
    settlementCurrency: i.settlementCurrency.code,
    isInverse: String(i.isInverse),
    pricePrecision: String(i.pricePrecision),
    sizePrecision: String(i.sizePrecision),
    priceIncrement: i.priceIncrement.key(),
    sizeIncrement: i.sizeIncrement.key(),
    multiplier: i.multiplier.key(),
    minQuantity: i.minQuantity?.key() ?? '',
    maxQuantity: i.maxQuantity?.key() ?? '',
    minNotional:
      i.minNotional === null ? '' : `${Decimal.fromRaw(i.minNotional.raw, i.minNotional.precision).key()} ${i.minNotional.currency.code}`,
    makerFee: i.makerFee.key(),
    takerFee: i.takerFee.key(),
    marginInit: i.marginInit.key(),
    marginMaint: i.marginMaint.key(),
    leverageBuy: i.leverageBuy.join(','),
    leverageSell: i.leverageSell.join(','),
    venueStatus: info.venueStatus,
  };
  if (i instanceof CryptoFuture) {
    fields['activationNs'] = String(i.activationNs);
    fields['expirationNs'] = String(i.expirationNs);
  }
  if (info.product === 'FUTURES') {
    fields['marginTiers'] = info.marginTiers.map((t) => `${t.from.key()}:${t.initialMargin.key()}:${t.maintenanceMargin.key()}`).join(',');
  } else {
    fields['names'] = `${info.names.key}|${info.names.altname}|${info.names.wsname ?? ''}`;
  }
  return fields;
}

/** The names of the fields that differ between two definitions of one instrument. */
export function changedFields(before: KrakenInstrumentInfo, after: KrakenInstrumentInfo): string[] {
  const a = instrumentFields(before);
  const b = instrumentFields(after);
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => a[k] !== b[k]);
}

/**
 * The difference between the current instruments and a new load. `failedIds` are ids whose
 * entries failed to parse in the new load: they are kept as they were, not reported delisted.
 */
export function diffInstruments(
  current: ReadonlyMap<string, KrakenInstrumentInfo>,
  loaded: readonly KrakenInstrumentInfo[],
  failedIds: ReadonlySet<string>,
  failures: InstrumentReload['failures'],
): { reload: InstrumentReload; next: Map<string, KrakenInstrumentInfo> } {
  const next = new Map<string, KrakenInstrumentInfo>();
  const added: KrakenInstrumentInfo[] = [];
  const changed: InstrumentChange[] = [];
  for (const after of loaded) {
    const id = after.instrument.id.toString();
    next.set(id, after);
    const before = current.get(id);
    if (before === undefined) {
      added.push(after);
      continue;
    }
    const fields = changedFields(before, after);
    if (fields.length > 0) changed.push({ before, after, fields });
    else next.set(id, before); // unchanged: keep the instance consumers already hold
  }
  const delisted: KrakenInstrumentInfo[] = [];
  for (const [id, before] of current) {
    if (next.has(id)) continue;
    if (failedIds.has(id)) next.set(id, before);
    else delisted.push(before);
  }
  return { reload: { added, changed, delisted, failures }, next };
}
