/**
 * The whole pre-send check of a Futures order, pure: the contract's tradeability (Kraken lists a
 * contract it takes no orders for with `tradeable: false`), the shape (type, time in force, trigger,
 * instructions), the values against the instrument (tick, size step, minimum) and a per-order
 * leverage against the instrument's margin tiers. A `{ ok: false }` becomes `OrderDenied` at the
 * engine, and nothing reaches Kraken.
 */
import type { Order } from '../../../model/order.js';
import type { SupportResult } from '../../../node/commands.js';
import type { FuturesInstrumentInfo } from '../../instruments/futures-instruments.js';
import { checkFuturesLeverage } from './futures-leverage.js';
import { checkAgainstInstrument, futuresOrderShape } from './futures-order-shape.js';

export function futuresSupports(order: Order, info: FuturesInstrumentInfo | undefined): SupportResult {
  if (info === undefined)
    return { ok: false, reason: `Kraken Futures: ${order.instrumentId.toString()} is not a loaded Futures instrument` };
  if (info.venueStatus === 'not_tradeable')
    return { ok: false, reason: `Kraken Futures: ${order.instrumentId.toString()} is not tradeable at Kraken (tradeable: false)` };
  const shape = futuresOrderShape(order);
  if (!shape.ok) return shape;
  const values = checkAgainstInstrument(order, info.instrument);
  if (!values.ok) return values;
  const leverage = order.params['leverage'];
  if (leverage === undefined || leverage === null) return { ok: true };
  return checkFuturesLeverage(leverage, info.marginTiers, order.quantity, info.instrument.rawSymbol.value);
}
