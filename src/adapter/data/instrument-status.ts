/**
 * Instrument status from the polled instrument reload: Kraken's own status of a pair or contract
 * as a `MarketStatusAction`, and what a reload means for consumers: a changed instrument is
 * published again, a changed venue status and a delisting become `InstrumentStatus` updates.
 * Pure: the client decides who receives them.
 */
import type { MarketStatusAction } from '../../model/enums.js';
import type { Instrument } from '../../model/instruments.js';
import { InstrumentStatus } from '../../model/market-data.js';
import type { InstrumentReload, KrakenInstrumentInfo } from '../instruments/instrument-diff.js';

/** Kraken's Spot pair statuses and Futures tradeability, as market status actions. */
const ACTIONS: Readonly<Record<string, MarketStatusAction>> = {
  online: 'TRADING',
  cancel_only: 'CANCEL_ONLY',
  post_only: 'POST_ONLY',
  limit_only: 'LIMIT_ONLY',
  reduce_only: 'REDUCE_ONLY',
  maintenance: 'PAUSE',
  delisted: 'CLOSE',
  tradeable: 'TRADING',
  not_tradeable: 'HALT',
};

/** Actions under which new orders can still be placed. */
const TRADING: ReadonlySet<MarketStatusAction> = new Set<MarketStatusAction>(['TRADING', 'POST_ONLY', 'LIMIT_ONLY', 'REDUCE_ONLY']);

export function statusAction(venueStatus: string): MarketStatusAction {
  return ACTIONS[venueStatus] ?? 'NOT_AVAILABLE_FOR_TRADING';
}

/** The instrument's current status; `reason` is Kraken's own word for it. */
export function instrumentStatusOf(info: KrakenInstrumentInfo, tsNs: bigint): InstrumentStatus {
  const action = statusAction(info.venueStatus);
  return new InstrumentStatus(info.instrument.id, action, tsNs, tsNs, info.venueStatus, TRADING.has(action));
}

/** The consequences of one reload, for the client to publish. */
export interface ReloadUpdates {
  /** Added or changed instruments, to be published (a changed one replaces the cached one). */
  readonly instruments: readonly Instrument[];
  /** Changed instruments only, for the feeds (a book built on old precisions starts over). */
  readonly changed: readonly Instrument[];
  /** New statuses: a changed venue status, and CLOSE for each delisted instrument. */
  readonly statuses: readonly InstrumentStatus[];
}

export function reloadUpdates(reload: InstrumentReload, tsNs: bigint): ReloadUpdates {
  const changed = reload.changed.map((c) => c.after.instrument);
  const statuses: InstrumentStatus[] = [];
  for (const c of reload.changed) if (c.fields.includes('venueStatus')) statuses.push(instrumentStatusOf(c.after, tsNs));
  for (const d of reload.delisted) {
    statuses.push(new InstrumentStatus(d.instrument.id, 'CLOSE', tsNs, tsNs, 'delisted: Kraken no longer lists it', false));
  }
  return { instruments: [...reload.added.map((a) => a.instrument), ...changed], changed, statuses };
}
