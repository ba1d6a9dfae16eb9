// IDs in test names (D5, O4, …) are rows of docs/reliability.md.
import { describe, expect, it } from 'vitest';
import { KrakenStateError } from '../../../src/core/errors.js';
import { ORDER_STATUSES, type OrderStatus } from '../../../src/model/enums.js';
import { OrderRejected, type OrderEventKind } from '../../../src/model/order-events.js';
import { ACCOUNT, ALL_EVENT_KINDS, COID, ID, STRAT, VOID, eventOf, orderIn } from './order-helpers.js';

type Row = Partial<Record<OrderEventKind, OrderStatus>>;

/**
 * The expected machine, written out independently of src/model/order-fsm.ts. OrderFilled is a
 * partial fill (1 of 10). Anything not listed must be refused.
 */
const EXPECTED: Record<OrderStatus, Row> = {
  INITIALIZED: {
    OrderDenied: 'DENIED',
    OrderSubmitted: 'SUBMITTED',
    OrderRejected: 'REJECTED',
    OrderAccepted: 'ACCEPTED',
    OrderTriggered: 'TRIGGERED',
    OrderCanceled: 'CANCELED',
    OrderExpired: 'EXPIRED',
    OrderFilled: 'PARTIALLY_FILLED',
  },
  DENIED: {},
  SUBMITTED: {
    OrderRejected: 'REJECTED',
    OrderAccepted: 'ACCEPTED',
    OrderTriggered: 'TRIGGERED',
    OrderCanceled: 'CANCELED',
    OrderExpired: 'EXPIRED',
    OrderPendingUpdate: 'PENDING_UPDATE',
    OrderPendingCancel: 'PENDING_CANCEL',
    OrderUpdated: 'SUBMITTED',
    OrderModifyRejected: 'SUBMITTED',
    OrderCancelRejected: 'SUBMITTED',
    OrderFilled: 'PARTIALLY_FILLED', // O4: a fill before the ack is applied
  },
  ACCEPTED: {
    OrderRejected: 'REJECTED',
    OrderAccepted: 'ACCEPTED',
    OrderTriggered: 'TRIGGERED',
    OrderCanceled: 'CANCELED',
    OrderExpired: 'EXPIRED',
    OrderPendingUpdate: 'PENDING_UPDATE',
    OrderPendingCancel: 'PENDING_CANCEL',
    OrderUpdated: 'ACCEPTED',
    OrderModifyRejected: 'ACCEPTED',
    OrderCancelRejected: 'ACCEPTED',
    OrderFilled: 'PARTIALLY_FILLED',
  },
  TRIGGERED: {
    OrderRejected: 'REJECTED',
    OrderAccepted: 'TRIGGERED',
    OrderTriggered: 'TRIGGERED',
    OrderCanceled: 'CANCELED',
    OrderExpired: 'EXPIRED',
    OrderPendingUpdate: 'PENDING_UPDATE',
    OrderPendingCancel: 'PENDING_CANCEL',
    OrderUpdated: 'TRIGGERED',
    OrderModifyRejected: 'TRIGGERED',
    OrderCancelRejected: 'TRIGGERED',
    OrderFilled: 'PARTIALLY_FILLED',
  },
  PENDING_UPDATE: {
    OrderRejected: 'REJECTED',
    OrderAccepted: 'PENDING_UPDATE',
    OrderTriggered: 'TRIGGERED',
    OrderCanceled: 'CANCELED',
    OrderExpired: 'EXPIRED',
    OrderPendingUpdate: 'PENDING_UPDATE',
    OrderPendingCancel: 'PENDING_CANCEL',
    OrderUpdated: 'ACCEPTED',
    OrderModifyRejected: 'ACCEPTED',
    OrderCancelRejected: 'PENDING_UPDATE',
    OrderFilled: 'PARTIALLY_FILLED',
  },
  PENDING_CANCEL: {
    OrderRejected: 'REJECTED',
    OrderAccepted: 'PENDING_CANCEL',
    OrderTriggered: 'PENDING_CANCEL',
    OrderCanceled: 'CANCELED',
    OrderExpired: 'EXPIRED',
    OrderPendingCancel: 'PENDING_CANCEL',
    OrderUpdated: 'PENDING_CANCEL',
    OrderModifyRejected: 'PENDING_CANCEL',
    OrderCancelRejected: 'ACCEPTED',
    OrderFilled: 'PARTIALLY_FILLED', // O8: the fill wins
  },
  PARTIALLY_FILLED: {
    OrderAccepted: 'PARTIALLY_FILLED',
    OrderTriggered: 'PARTIALLY_FILLED',
    OrderCanceled: 'CANCELED',
    OrderExpired: 'EXPIRED',
    OrderPendingUpdate: 'PENDING_UPDATE',
    OrderPendingCancel: 'PENDING_CANCEL',
    OrderUpdated: 'PARTIALLY_FILLED',
    OrderModifyRejected: 'PARTIALLY_FILLED',
    OrderCancelRejected: 'PARTIALLY_FILLED',
    OrderFilled: 'PARTIALLY_FILLED',
  },
  FILLED: {},
  CANCELED: { OrderFilled: 'CANCELED' },
  EXPIRED: { OrderFilled: 'EXPIRED' },
  REJECTED: {},
};

const cases = ORDER_STATUSES.flatMap((status) => ALL_EVENT_KINDS.map((kind) => [status, kind] as const));

describe('order state machine: every (state, event) pair', () => {
  it.each(cases)('%s + %s', (status, kind) => {
    const order = orderIn(status);
    const before = order.events.length;
    const want = EXPECTED[status][kind];
    const event = eventOf(kind);
    if (want === undefined) {
      let err: unknown;
      try {
        order.apply(event);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(KrakenStateError);
      expect((err as Error).message).toContain(status);
      expect((err as Error).message).toContain(kind);
      expect(order.status).toBe(status);
      expect(order.events.length).toBe(before);
    } else {
      order.apply(event);
      expect(order.status).toBe(want);
      expect(order.events.length).toBe(before + 1);
    }
  });
});

describe('a rejection synthesised on WS timeout stays open to the venue outcome', () => {
  const TIMED_OUT: Row = {
    OrderAccepted: 'ACCEPTED',
    OrderTriggered: 'TRIGGERED',
    OrderCanceled: 'CANCELED',
    OrderExpired: 'EXPIRED',
    OrderFilled: 'PARTIALLY_FILLED',
    OrderRejected: 'REJECTED',
  };
  it.each(ALL_EVENT_KINDS)('REJECTED(timedOut) + %s', (kind) => {
    const order = orderIn('SUBMITTED');
    order.apply(
      new OrderRejected({
        strategyId: STRAT,
        instrumentId: ID,
        clientOrderId: COID,
        venueOrderId: null,
        accountId: ACCOUNT,
        reason: 'timeout',
        timedOut: true,
        tsEvent: 5n,
        tsInit: 5n,
      }),
    );
    expect(order.isClosed).toBe(false);
    const want = TIMED_OUT[kind];
    if (want === undefined) {
      expect(() => order.apply(eventOf(kind))).toThrow(KrakenStateError);
      expect(order.status).toBe('REJECTED');
    } else {
      order.apply(eventOf(kind));
      expect(order.status).toBe(want);
    }
  });

  it('a venue rejection after a timeout rejection makes it final', () => {
    const order = orderIn('SUBMITTED');
    order.apply(
      new OrderRejected({
        strategyId: STRAT,
        instrumentId: ID,
        clientOrderId: COID,
        venueOrderId: VOID,
        reason: 'timeout',
        timedOut: true,
        tsEvent: 5n,
        tsInit: 5n,
      }),
    );
    order.apply(eventOf('OrderRejected'));
    expect(order.isClosed).toBe(true);
    expect(() => order.apply(eventOf('OrderAccepted'))).toThrow(KrakenStateError);
  });
});
