/** Spot WS v2 frame validation with the generated validators (see transport/ws/frame-validation.ts). */
import type { KrakenValidationError } from '../../../core/errors.js';
import { incomingByChannel, responsesByMethod } from '../../../../generated/spot-ws-v2/routes.gen.js';
import { messageValidators } from '../../../../generated/spot-ws-v2/validators.gen.js';
import type { MessageTitle } from '../../../../generated/spot-ws-v2/validators.gen.js';
import { ownEntry, validateFrameAgainst } from '../../../transport/ws/frame-validation.js';

/** Null when the channel frame is valid, else the error to report. */
export function validateSpotChannelFrame(channel: string, frame: Record<string, unknown>, endpoint: string): KrakenValidationError | null {
  const titles = ownEntry(incomingByChannel as Record<string, readonly MessageTitle[]>, channel);
  return validateFrameAgainst(messageValidators, titles, frame, `malformed '${channel}' frame dropped`, endpoint);
}

/** Null when the method response is valid, else the error to report. */
export function validateSpotResponse(method: string, frame: Record<string, unknown>, endpoint: string): KrakenValidationError | null {
  const titles = ownEntry(responsesByMethod as Record<string, readonly MessageTitle[]>, method);
  return validateFrameAgainst(messageValidators, titles, frame, `malformed '${method}' response dropped`, endpoint);
}
