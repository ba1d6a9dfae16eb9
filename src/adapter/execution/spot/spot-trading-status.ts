/**
 * Kraken Spot's trading status, checked before an order is sent: the venue-wide system status
 * (the WS v2 `status` channel's `system`: `online`, `maintenance`, `cancel_only`, `post_only`,
 * pushed on every connect and on every change) and the pair's own status (AssetPairs `status`:
 * `online`, `cancel_only`, `post_only`, `limit_only`, `reduce_only`; `delisted` once Kraken
 * drops it). An order the status does not allow is denied with the status as its reason, so it
 * never reaches the venue, which would refuse it anyway (`EService:Market in cancel_only mode`).
 */
import type { Order } from '../../../model/order.js';

/** The venue-wide statuses Kraken's `status` channel reports. */
export type SpotSystemStatus = 'online' | 'maintenance' | 'cancel_only' | 'post_only';

const SYSTEM_STATUSES: ReadonlySet<string> = new Set<SpotSystemStatus>(['online', 'maintenance', 'cancel_only', 'post_only']);

/** The system status of a `status` channel frame, or null when it names none krakenkit knows. */
export function systemStatusOf(frame: unknown): SpotSystemStatus | null {
  const data = (frame as { data?: unknown } | null)?.data;
  const row = Array.isArray(data) ? (data[0] as { system?: unknown } | undefined) : undefined;
  const system = row?.system;
  return typeof system === 'string' && SYSTEM_STATUSES.has(system) ? (system as SpotSystemStatus) : null;
}

function isPostOnlyLimit(order: Order): boolean {
  return order.orderType === 'LIMIT' && order.postOnly;
}

/**
 * Why a new order cannot be placed under these statuses, or null when it can. `where` names the
 * scope in the reason (the venue, or the pair).
 */
function refusal(order: Order, status: string, where: string): string | null {
  switch (status) {
    case 'online':
      return null;
    case 'cancel_only':
      return `${where} is cancel_only at Kraken: only cancels are accepted, no new orders`;
    case 'maintenance':
    case 'work_in_progress':
      return `${where} is in ${status} at Kraken: no orders are accepted`;
    case 'delisted':
      return `${where} is delisted at Kraken`;
    case 'post_only':
      return isPostOnlyLimit(order) ? null : `${where} is post_only at Kraken: only post-only limit orders are accepted`;
    case 'limit_only':
      return order.orderType === 'LIMIT' ? null : `${where} is limit_only at Kraken: only limit orders are accepted`;
    case 'reduce_only':
      return order.reduceOnly ? null : `${where} is reduce_only at Kraken: only reduce-only orders are accepted`;
    default:
      // A status Kraken may add later: let the venue decide rather than refuse what may be allowed.
      return null;
  }
}

/** The venue-wide status first (it applies to every pair), then the pair's own. */
export function spotStatusRefusal(order: Order, system: SpotSystemStatus, pairStatus: string): string | null {
  return refusal(order, system, 'Kraken Spot') ?? refusal(order, pairStatus, order.instrumentId.toString());
}

/** Whether an amend may be sent: not while the venue or the pair takes no changes but cancels. */
export function spotAmendRefusal(system: SpotSystemStatus, pairStatus: string, instrument: string): string | null {
  for (const [status, where] of [
    [system, 'Kraken Spot'],
    [pairStatus, instrument],
  ] as const) {
    if (status === 'cancel_only' || status === 'maintenance' || status === 'work_in_progress' || status === 'delisted')
      return `${where} is ${status} at Kraken: the order cannot be amended`;
  }
  return null;
}
