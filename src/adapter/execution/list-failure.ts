/**
 * What an order list reports when some of its requests failed. The engine rejects every leg still
 * waiting when the error it gets is a definitive refusal, and leaves them in flight (to be checked
 * at the venue) otherwise; so a list whose failures include one with an unknown outcome (a
 * timeout, a dropped connection) reports that one, and no leg that may be live is rejected.
 */
import { isDefinitiveRejection } from '../../node/execution-engine.js';

export function listFailure(failures: readonly unknown[]): unknown {
  return failures.find((e) => !isDefinitiveRejection(e)) ?? failures[0];
}
