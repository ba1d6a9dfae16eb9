/**
 * Edge validation of incoming Spot WS v2 frames with the generated validators (RELIABILITY D6):
 * a frame that fails is dropped and reported; unknown *fields* pass (the schemas are tolerant).
 */
import { KrakenValidationError } from '../../common/errors.js';
import { incomingByChannel, responsesByMethod } from '../../../../generated/spot-ws-v2/routes.gen.js';
import { messageValidators } from '../../../../generated/spot-ws-v2/validators.gen.js';
import type { MessageTitle } from '../../../../generated/spot-ws-v2/validators.gen.js';
import { issuesOf } from '../../../transport/validation.js';

function check(titles: readonly MessageTitle[] | undefined, frame: Record<string, unknown>, what: string, endpoint: string): KrakenValidationError | null {
  if (titles === undefined || titles.length === 0) {
    return new KrakenValidationError(what, [{ path: '', message: 'unknown message kind' }], { endpoint });
  }
  let best: MessageTitle = titles[0]!;
  for (const title of titles) {
    const validator = messageValidators[title];
    if (validator(frame)) return null;
    // Report against the variant the frame claims to be (snapshot vs update), if any.
    if (typeof frame['type'] === 'string' && title.toLowerCase().endsWith(frame['type'])) best = title;
  }
  const validator = messageValidators[best];
  validator(frame);
  return new KrakenValidationError(`${what} (${best})`, issuesOf(validator), { endpoint });
}

/** Null when the channel frame is valid (decimals normalised in place), else the error to report. */
export function validateSpotChannelFrame(channel: string, frame: Record<string, unknown>, endpoint: string): KrakenValidationError | null {
  const titles = (incomingByChannel as Record<string, readonly MessageTitle[]>)[channel];
  return check(titles, frame, `malformed '${channel}' frame dropped`, endpoint);
}

/** Null when the method response is valid, else the error to report. */
export function validateSpotResponse(method: string, frame: Record<string, unknown>, endpoint: string): KrakenValidationError | null {
  const titles = (responsesByMethod as Record<string, readonly MessageTitle[]>)[method];
  return check(titles, frame, `malformed '${method}' response dropped`, endpoint);
}
