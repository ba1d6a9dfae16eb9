/** Primitive shapes shared by every part of the venue engine's contract. */

/** An exact decimal number as text, e.g. `"45283.5"`, `"0.10000000"`. */
export type Dec = string;

export type Side = 'buy' | 'sell';

export interface DeadManSwitchResult {
  currentTimeMs: number;
  /** 0 when disarmed. */
  triggerTimeMs: number;
}
