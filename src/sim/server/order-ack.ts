/**
 * The order-ack faults for REST order entry (a lost or late answer to an order the venue took;
 * docs/reliability.md), shared by Spot and Futures:
 * the venue always processes the order; then the answer is sent, held back for `delayMs`, or
 * never sent at all (the client sees a timeout and must reconcile).
 */
import type { ServerResponse } from 'node:http';
import type { SimContext } from './context.js';

export function answerOrderEntry<T>(ctx: SimContext, res: ServerResponse, process: () => T, send: (body: T) => void): void {
  const ack = ctx.faults.takeOrderAck('rest');
  const body = process();
  if (ack?.kind === 'order-ack-lost') return;
  if (ack?.kind === 'order-ack-delay') {
    ctx.wallClock.setTimeout(() => {
      if (!res.destroyed) send(body);
    }, ack.delayMs ?? 2000);
    return;
  }
  send(body);
}
