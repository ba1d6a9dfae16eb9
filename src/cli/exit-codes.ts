/**
 * The CLI's exit codes, so scripts can tell a mistake on the command line from a venue that said
 * no or could not be reached.
 */
import { KrakenAuthError, KrakenError, KrakenValidationError } from '../core/errors.js';

export const EXIT = Object.freeze({
  OK: 0,
  /** A bug or an error outside krakenkit's hierarchy. */
  INTERNAL: 1,
  /** Bad flags, an unknown command or instrument, a value out of range: nothing was sent. */
  USAGE: 2,
  /** The venue refused or failed (API error, transport failure, rate limit, bad payload from it). */
  VENUE: 3,
  /** Credentials missing, refused or lacking permission. */
  CREDENTIALS: 4,
  /** Stopped by Ctrl-C before the work was done (a resumable command keeps its progress). */
  INTERRUPTED: 130,
});

/** A mistake on the command line: nothing was sent to the venue. */
export class CliUsageError extends KrakenValidationError {
  constructor(message: string) {
    super('command line', [{ path: '', message }]);
  }
}

/** The command was interrupted (Ctrl-C); what was done is kept where the command says. */
export class CliInterruptedError extends KrakenError {}

export function exitCodeFor(err: unknown): number {
  if (err instanceof CliInterruptedError) return EXIT.INTERRUPTED;
  if (err instanceof KrakenAuthError) return EXIT.CREDENTIALS;
  // A validation error with no endpoint is about what the user gave (flags, config, environment);
  // one with an endpoint is a venue payload that did not match its schema.
  if (err instanceof KrakenValidationError) return err.endpoint === undefined ? EXIT.USAGE : EXIT.VENUE;
  if (err instanceof KrakenError) return EXIT.VENUE;
  return EXIT.INTERNAL;
}
