/**
 * Kraken Futures order endpoints answer `result: "success"` even when the order was refused: the
 * refusal is the per-request `status` (e.g.
 * `sendStatus.status = "insufficientAvailableFunds"`). The raw client returns that body as is;
 * these helpers read the outcome without guessing from HTTP or `result`.
 *
 * ```ts
 * const res = await client.sendorder({ orderType: 'lmt', symbol: 'PF_XBTUSD', side: 'buy', size: '0.01', limitPrice: '60000' });
 * const reject = futuresOrderRejectReason(res.sendStatus.status);
 * if (reject) { ... } // e.g. 'insufficientAvailableFunds', 'postWouldExecute'
 * ```
 */

/** Statuses meaning the requested action took effect (placed, edited, cancelled, or already done). */
export const FUTURES_ORDER_ACCEPTED_STATUSES: ReadonlySet<string> = new Set(['placed', 'partiallyFilled', 'filled', 'edited', 'cancelled']);

/**
 * The venue's reject reason for a send/edit/cancel/batch instruction status, or `undefined` when
 * the action was accepted. Unknown statuses are treated as rejects: a status Kraken adds later is
 * never mistaken for a live order.
 */
export function futuresOrderRejectReason(status: string): string | undefined {
  return FUTURES_ORDER_ACCEPTED_STATUSES.has(status) ? undefined : status;
}
