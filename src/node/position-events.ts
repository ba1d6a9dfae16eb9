/** Position events published when a fill or reconciliation changes a netting position. */
import type { PositionSide } from '../model/enums.js';
import type { InstrumentId, StrategyId } from '../model/identifiers.js';
import type { Decimal, Quantity } from '../model/values.js';

export type PositionEventKind = 'PositionOpened' | 'PositionChanged' | 'PositionClosed';

export class PositionEvent {
  constructor(
    readonly kind: PositionEventKind,
    readonly instrumentId: InstrumentId,
    /** The strategy whose fill caused it, or EXTERNAL for reconciliation. */
    readonly strategyId: StrategyId,
    readonly side: PositionSide,
    readonly quantity: Quantity,
    readonly avgPxOpen: Decimal | null,
    readonly tsEvent: bigint,
    readonly reconciliation: boolean,
  ) {}
}
