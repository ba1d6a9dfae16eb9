/**
 * Random event sequences against the order state machine (docs/reliability.md O4–O9): whatever arrives,
 * filled quantity is monotonic and never exceeds the order quantity, a refused event leaves the
 * order untouched, and FILLED means completely filled.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KrakenStateError } from '../../../src/core/errors.js';
import type { OrderEventKind } from '../../../src/model/order-events.js';
import { ALL_EVENT_KINDS, eventOf, fill, newOrder } from '../../unit/model/order-helpers.js';

type Step = { kind: OrderEventKind } | { kind: 'fill'; qty: number; tradeId: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.constantFrom(...ALL_EVENT_KINDS).map((kind) => ({ kind })),
  fc.record({ kind: fc.constant('fill' as const), qty: fc.integer({ min: 1, max: 4 }), tradeId: fc.integer({ min: 1, max: 6 }) }),
);

describe('order state machine under random event sequences', () => {
  it('keeps its invariants', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
        const order = newOrder('10');
        for (const s of steps) {
          const before = { status: order.status, filled: order.filledQty.toString(), events: order.events.length };
          const event = s.kind === 'fill' ? fill(String(s.qty), '100.0', `T-${s.tradeId}`) : eventOf(s.kind);
          try {
            order.apply(event);
            expect(order.events.length).toBe(before.events + 1);
            expect(Number(order.filledQty.toString())).toBeGreaterThanOrEqual(Number(before.filled));
          } catch (err) {
            expect(err).toBeInstanceOf(KrakenStateError);
            expect(order.status).toBe(before.status);
            expect(order.filledQty.toString()).toBe(before.filled);
            expect(order.events.length).toBe(before.events);
          }
          expect(order.filledQty.lte(order.quantity)).toBe(true);
          if (order.status === 'FILLED') expect(order.filledQty.equals(order.quantity)).toBe(true);
          expect(new Set(order.tradeIds).size).toBe(order.tradeIds.length);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
