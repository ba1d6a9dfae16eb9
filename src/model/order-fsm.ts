/**
 * The order state machine as a table: for each status, the events it accepts and where they lead.
 *
 * Departures from a textbook machine, each for a venue reality:
 * - SUBMITTED accepts OrderFilled: a fill can arrive before the add-order ack (docs/reliability.md O4).
 * - CANCELED and EXPIRED accept OrderFilled: when a cancel races a fill, the fill wins (docs/reliability.md O8); the
 *   status becomes FILLED only if the fill completes the order.
 * - REJECTED accepts venue outcomes only when the rejection was a local WS-timeout synthesis
 *   (`OrderRejected.timedOut`), so reconciliation can restore an order the venue accepted anyway
 *   (docs/reliability.md, "The WS order-timeout contract"). A venue's own rejection is final.
 * - In-flight is explicit: SUBMITTED, PENDING_UPDATE and PENDING_CANCEL mean "sent, outcome not
 *   yet known". A REST timeout, 5xx or disconnect leaves the order there (never REJECTED); the
 *   execution engine's in-flight check resolves it by querying the venue.
 */
import type { OrderStatus } from './enums.js';
import type { OrderEventKind } from './order-events.js';

/** `SAME`: status unchanged; `PREVIOUS`: back to the status before the pending request; `FILL`: by fill arithmetic. */
export type Transition = OrderStatus | 'SAME' | 'PREVIOUS' | 'FILL';

type Table = Readonly<Partial<Record<OrderEventKind, Transition>>>;

const OPEN: Table = {
  OrderCanceled: 'CANCELED',
  OrderExpired: 'EXPIRED',
  OrderPendingUpdate: 'PENDING_UPDATE',
  OrderPendingCancel: 'PENDING_CANCEL',
  OrderUpdated: 'SAME',
  OrderModifyRejected: 'SAME',
  OrderCancelRejected: 'SAME',
  OrderFilled: 'FILL',
};

const AFTER_TIMEOUT_REJECT: Table = {
  OrderAccepted: 'ACCEPTED',
  OrderTriggered: 'TRIGGERED',
  OrderCanceled: 'CANCELED',
  OrderExpired: 'EXPIRED',
  OrderFilled: 'FILL',
  // A second synthetic or venue rejection confirms the first.
  OrderRejected: 'REJECTED',
};

export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, Table>> = {
  INITIALIZED: {
    OrderDenied: 'DENIED',
    OrderSubmitted: 'SUBMITTED',
    OrderRejected: 'REJECTED',
    // An order known only from venue reports (EXTERNAL, or recovered by reconciliation) starts here.
    OrderAccepted: 'ACCEPTED',
    OrderTriggered: 'TRIGGERED',
    OrderCanceled: 'CANCELED',
    OrderExpired: 'EXPIRED',
    OrderFilled: 'FILL',
  },
  DENIED: {},
  SUBMITTED: {
    ...OPEN,
    OrderRejected: 'REJECTED',
    OrderAccepted: 'ACCEPTED',
    OrderTriggered: 'TRIGGERED',
  },
  ACCEPTED: {
    ...OPEN,
    OrderRejected: 'REJECTED',
    OrderTriggered: 'TRIGGERED',
    // The WS ack and the executions-channel `new` event both say "accepted".
    OrderAccepted: 'SAME',
  },
  TRIGGERED: {
    ...OPEN,
    OrderRejected: 'REJECTED',
    OrderTriggered: 'SAME',
    OrderAccepted: 'SAME',
  },
  PENDING_UPDATE: {
    ...OPEN,
    OrderUpdated: 'PREVIOUS',
    OrderModifyRejected: 'PREVIOUS',
    OrderPendingUpdate: 'SAME',
    OrderAccepted: 'SAME',
    OrderTriggered: 'TRIGGERED',
    OrderRejected: 'REJECTED',
  },
  PENDING_CANCEL: {
    OrderCanceled: 'CANCELED',
    OrderExpired: 'EXPIRED',
    OrderCancelRejected: 'PREVIOUS',
    OrderFilled: 'FILL',
    OrderPendingCancel: 'SAME',
    OrderUpdated: 'SAME',
    OrderModifyRejected: 'SAME',
    OrderAccepted: 'SAME',
    OrderTriggered: 'SAME',
    OrderRejected: 'REJECTED',
  },
  PARTIALLY_FILLED: {
    ...OPEN,
    OrderAccepted: 'SAME',
    OrderTriggered: 'SAME',
  },
  FILLED: {},
  CANCELED: { OrderFilled: 'FILL' },
  EXPIRED: { OrderFilled: 'FILL' },
  REJECTED: {},
};

/** The transition for `event` in `status`, or undefined when the event is illegal there. */
export function transitionFor(status: OrderStatus, event: OrderEventKind, rejectedByTimeout: boolean): Transition | undefined {
  if (status === 'REJECTED' && rejectedByTimeout) return AFTER_TIMEOUT_REJECT[event];
  return ORDER_TRANSITIONS[status][event];
}

const TERMINAL: ReadonlySet<OrderStatus> = new Set(['DENIED', 'REJECTED', 'CANCELED', 'EXPIRED', 'FILLED']);
const INFLIGHT: ReadonlySet<OrderStatus> = new Set(['SUBMITTED', 'PENDING_UPDATE', 'PENDING_CANCEL']);

export function isTerminalStatus(status: OrderStatus): boolean {
  return TERMINAL.has(status);
}

export function isInflightStatus(status: OrderStatus): boolean {
  return INFLIGHT.has(status);
}

/** Open at the venue (working or possibly working). */
export function isOpenStatus(status: OrderStatus): boolean {
  return (
    status === 'ACCEPTED' ||
    status === 'TRIGGERED' ||
    status === 'PARTIALLY_FILLED' ||
    status === 'PENDING_UPDATE' ||
    status === 'PENDING_CANCEL'
  );
}
