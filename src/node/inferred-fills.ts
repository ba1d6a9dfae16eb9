/**
 * Fills that reconciliation infers: when the venue reports an order filled further than its fill
 * reports account for, reconciliation closes the gap with one fill whose trade id is derived from
 * the order and its filled quantity (`RECON-<venueOrderId>-<filledQty>`), so a restart derives the
 * same id and never counts the gap twice.
 */
import { TradeId, type VenueOrderId } from '../model/identifiers.js';
import type { Quantity } from '../model/values.js';

const PREFIX = 'RECON-';

export function inferredFillTradeId(venueOrderId: VenueOrderId, filledQty: Quantity): TradeId {
  return new TradeId(`${PREFIX}${venueOrderId.value}-${filledQty.toString()}`);
}

export function isInferredFill(tradeId: string): boolean {
  return tradeId.startsWith(PREFIX);
}
