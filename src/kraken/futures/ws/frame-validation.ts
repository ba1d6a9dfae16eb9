/** Futures WS v1 frame validation with the generated validators (see transport/ws/frame-validation.ts). */
import type { KrakenValidationError } from '../../../core/errors.js';
import { incomingByChannel, responsesByMethod } from '../../../../generated/futures-ws/routes.gen.js';
import { messageValidators } from '../../../../generated/futures-ws/validators.gen.js';
import type { MessageTitle } from '../../../../generated/futures-ws/validators.gen.js';
import { ownEntry, validateFrameAgainst } from '../../../transport/ws/frame-validation.js';

/** Null when the feed message is valid, else the error to report. */
export function validateFuturesFeedFrame(feed: string, frame: Record<string, unknown>, endpoint: string): KrakenValidationError | null {
  const titles = ownEntry(incomingByChannel as Record<string, readonly MessageTitle[]>, feed);
  return validateFrameAgainst(messageValidators, titles, frame, `malformed '${feed}' message dropped`, endpoint);
}

/** Null when the event (ack, challenge, error, info) is valid, else the error to report. */
export function validateFuturesEvent(event: string, frame: Record<string, unknown>, endpoint: string): KrakenValidationError | null {
  const titles = ownEntry(responsesByMethod as Record<string, readonly MessageTitle[]>, event);
  return validateFrameAgainst(messageValidators, titles, frame, `malformed '${event}' event dropped`, endpoint);
}
