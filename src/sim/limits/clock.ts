/**
 * The simulator's notion of time for limiters and tokens: epoch milliseconds from an injectable
 * source, so tests can step time instead of sleeping.
 */
export type NowMs = () => number;

export const systemNow: NowMs = () => Date.now();
