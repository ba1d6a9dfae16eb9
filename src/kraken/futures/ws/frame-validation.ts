/** Futures WS v1 frame validation with the generated validators (see transport/ws/frame-validation.ts). */
import { incomingByChannel, responsesByMethod } from '../../../../generated/futures-ws/routes.gen.js';
import type { ChannelMessages, IncomingChannel, MethodResponses, ResponseMethod } from '../../../../generated/futures-ws/routes.gen.js';
import { messageValidators } from '../../../../generated/futures-ws/validators.gen.js';
import { ownEntry, validateFrameAgainst } from '../../../transport/ws/frame-validation.js';
import type { FrameCheck } from '../../../transport/ws/frame-validation.js';

type FeedTitle = (typeof incomingByChannel)[IncomingChannel][number];
type EventTitle = (typeof responsesByMethod)[ResponseMethod][number];
/** Any feed message, as it is after validation. */
export type FuturesFeedFrame = ChannelMessages[IncomingChannel];
/** Any event (ack, challenge, error, info), as it is after validation. */
export type FuturesEventFrame = MethodResponses[ResponseMethod];

/** The feed message as its message type, or the error to report. */
export function validateFuturesFeedFrame(feed: string, frame: Record<string, unknown>, endpoint: string): FrameCheck<FuturesFeedFrame> {
  const titles = ownEntry<readonly FeedTitle[]>(incomingByChannel, feed);
  const what = `malformed '${feed}' message dropped`;
  return validateFrameAgainst<FeedTitle, FuturesFeedFrame>(messageValidators, titles, frame, what, endpoint);
}

/** The event as its message type, or the error to report. */
export function validateFuturesEvent(event: string, frame: Record<string, unknown>, endpoint: string): FrameCheck<FuturesEventFrame> {
  const titles = ownEntry<readonly EventTitle[]>(responsesByMethod, event);
  const what = `malformed '${event}' event dropped`;
  return validateFrameAgainst<EventTitle, FuturesEventFrame>(messageValidators, titles, frame, what, endpoint);
}
