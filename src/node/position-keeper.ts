/**
 * The node's netting positions: one per instrument in the cache, moved by fills and overwritten
 * by the venue's view at reconciliation, each change published as a PositionEvent. The
 * execution engine owns one and hands it the fills it has applied.
 */
import { StrategyId, type InstrumentId } from '../model/identifiers.js';
import type { OrderFilled } from '../model/order-events.js';
import { Position } from '../model/position.js';
import type { PositionStatusReport } from '../model/reports.js';
import type { Cache } from './cache.js';
import type { NodeClock } from './clock.js';
import type { Logger } from './logger.js';
import { Topics, type MessageBus } from './message-bus.js';
import { PositionEvent } from './position-events.js';

export class PositionKeeper {
  constructor(
    private readonly msgbus: MessageBus,
    private readonly cache: Cache,
    private readonly clock: NodeClock,
    private readonly log: Logger,
  ) {}

  /** The instrument's position, created flat (at the instrument's size precision) on first use. */
  positionFor(instrumentId: InstrumentId, sizePrecision: number): Position {
    let p = this.cache.position(instrumentId);
    if (p === undefined) {
      const precision = this.cache.instrument(instrumentId)?.sizePrecision ?? sizePrecision;
      p = new Position(instrumentId, null, precision, this.clock.timestampNs());
      this.cache.addPosition(p);
    }
    return p;
  }

  /** Moves the instrument's position by an applied fill of `strategyId`'s order. */
  applyFill(instrumentId: InstrumentId, strategyId: StrategyId, fill: OrderFilled): void {
    const position = this.positionFor(instrumentId, fill.lastQty.precision);
    const wasOpen = position.isOpen;
    position.accountId = fill.accountId ?? position.accountId;
    position.applyFill(fill.orderSide, fill.lastQty, fill.lastPx, fill.tsEvent);
    this.publish(position, wasOpen, strategyId, fill.tsEvent, fill.reconciliation);
  }

  /** Overwrites the local position with the venue's view; true when anything changed. */
  correct(report: PositionStatusReport): boolean {
    const position = this.positionFor(report.instrumentId, report.quantity.precision);
    const sameSide = position.side === report.positionSide;
    const sameQty = position.quantity.equals(report.quantity);
    const avg = position.avgPxOpen;
    const sameAvg = report.avgPxOpen === null || (avg !== null && avg.equals(report.avgPxOpen)) || report.positionSide === 'FLAT';
    if (sameSide && sameQty && sameAvg) return false;
    const wasOpen = position.isOpen;
    this.log.warn(
      `position drift corrected for ${report.instrumentId.toString()}: local ${position.side} ${position.quantity.toString()}, venue ${report.positionSide} ${report.quantity.toString()}`,
    );
    position.accountId = report.accountId;
    position.reconcileTo(report.positionSide, report.quantity, report.avgPxOpen, report.tsLast);
    this.publish(position, wasOpen, StrategyId.EXTERNAL, report.tsLast, true);
    return true;
  }

  private publish(p: Position, wasOpen: boolean, strategyId: StrategyId, ts: bigint, reconciliation: boolean): void {
    const kind = !wasOpen && p.isOpen ? 'PositionOpened' : wasOpen && !p.isOpen ? 'PositionClosed' : 'PositionChanged';
    const ev = new PositionEvent(kind, p.instrumentId, strategyId, p.side, p.quantity, p.avgPxOpen, ts, reconciliation);
    this.msgbus.publish(Topics.positionEvents(strategyId), ev);
    this.msgbus.publish(Topics.allPositionEvents(), ev);
  }
}
