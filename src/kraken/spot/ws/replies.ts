/**
 * How each trading method's answers become what `KrakenSpotWsClient.request()` resolves with.
 * A table typed per method, so that the client's generic `request<M>()` indexes it with `M` and
 * returns `SpotWsReply<M>` without a cast.
 */
import type { MethodResponses } from '../../../../generated/spot-ws-v2/routes.gen.js';
import type { SpotWsMethod, SpotWsReply } from './types.js';

function firstAnswer<T>(answers: readonly T[]): T {
  return answers[0]!;
}

export const REPLY_OF: { readonly [M in SpotWsMethod]: (answers: MethodResponses[M][]) => SpotWsReply<M> } = {
  add_order: firstAnswer,
  amend_order: firstAnswer,
  edit_order: firstAnswer,
  // Kraken answers cancel_order once per order it names: the caller gets every answer.
  cancel_order: (answers) => answers,
  cancel_all: firstAnswer,
  cancel_all_orders_after: firstAnswer,
  batch_add: firstAnswer,
  batch_cancel: firstAnswer,
};

/** How many answers a cancel_order gets: Kraken answers once per order it names (at least one). */
export function countCancelTargets(params: Record<string, unknown>): number {
  let n = 0;
  for (const k of ['order_id', 'cl_ord_id', 'order_userref']) {
    const v = params[k];
    if (Array.isArray(v)) n += v.length;
  }
  return Math.max(1, n);
}
