/**
 * Edge validation of incoming WebSocket frames with the generated validators (docs/reliability.md D6):
 * a frame that fails is dropped and reported, never passed on; unknown *fields* pass (incoming
 * schemas are tolerant). Validators normalise decimals to exact strings in place.
 */
import { KrakenValidationError } from '../../core/errors.js';
import { issuesOf } from '../validation.js';
import type { Validator } from '../validation.js';

/**
 * The table entry for a venue-supplied key, or undefined. The key is the venue's `channel` /
 * `feed` / `method` / `event` string: a plain index would hand back `Object.prototype` members
 * for `constructor`, `hasOwnProperty`, `__proto__`, … and crash instead of dropping the frame.
 */
export function ownEntry<V>(table: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** A validated frame as its message type, or the error to report (the frame is then dropped). */
export type FrameCheck<M> =
  { readonly valid: true; readonly message: M } | { readonly valid: false; readonly error: KrakenValidationError };

/**
 * `frame` as its message type when it satisfies one of `titles`, else the error to report. With
 * several candidate titles (snapshot and update), issues are reported against the one the frame's
 * `type` names. `M` is the union the candidates guard (each table entry is a type guard), so the
 * caller narrows without a cast; the message is the frame after decimal normalisation.
 */
export function validateFrameAgainst<T extends string, M>(
  validators: { readonly [K in T]: Validator<M> },
  titles: readonly T[] | undefined,
  frame: Record<string, unknown>,
  what: string,
  endpoint: string,
): FrameCheck<M> {
  if (titles === undefined || titles.length === 0) {
    return { valid: false, error: new KrakenValidationError(what, [{ path: '', message: 'unknown message kind' }], { endpoint }) };
  }
  let best: T = titles[0]!;
  for (const title of titles) {
    if (validators[title](frame)) return { valid: true, message: frame };
    if (typeof frame['type'] === 'string' && title.toLowerCase().endsWith(frame['type'])) best = title;
  }
  const validator = validators[best];
  validator(frame);
  return { valid: false, error: new KrakenValidationError(`${what} (${best})`, issuesOf(validator), { endpoint }) };
}
