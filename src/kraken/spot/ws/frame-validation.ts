/** Spot WS v2 frame validation with the generated validators (see transport/ws/frame-validation.ts). */
import { incomingByChannel, responsesByMethod } from '../../../../generated/spot-ws-v2/routes.gen.js';
import type { ChannelMessages, IncomingChannel, MethodResponses, ResponseMethod } from '../../../../generated/spot-ws-v2/routes.gen.js';
import { messageValidators } from '../../../../generated/spot-ws-v2/validators.gen.js';
import { isJsonObject } from '../../../core/json.js';
import { ownEntry, validateFrameAgainst } from '../../../transport/ws/frame-validation.js';
import type { FrameCheck } from '../../../transport/ws/frame-validation.js';

type ChannelTitle = (typeof incomingByChannel)[IncomingChannel][number];
type ResponseTitle = (typeof responsesByMethod)[ResponseMethod][number];
/** Any channel message, as it is after validation. */
export type SpotChannelFrame = ChannelMessages[IncomingChannel];
/** Any method response, as it is after validation. */
export type SpotResponseFrame = MethodResponses[ResponseMethod];

/** The channel frame as its message type, or the error to report. */
export function validateSpotChannelFrame(channel: string, frame: Record<string, unknown>, endpoint: string): FrameCheck<SpotChannelFrame> {
  const titles = ownEntry<readonly ChannelTitle[]>(incomingByChannel, channel);
  const what = `malformed '${channel}' frame dropped`;
  return validateFrameAgainst<ChannelTitle, SpotChannelFrame>(messageValidators, titles, frame, what, endpoint);
}

/** The method response as its message type, or the error to report. */
export function validateSpotResponse(method: string, frame: Record<string, unknown>, endpoint: string): FrameCheck<SpotResponseFrame> {
  const titles = ownEntry<readonly ResponseTitle[]>(responsesByMethod, method);
  const what = `malformed '${method}' response dropped`;
  return validateFrameAgainst<ResponseTitle, SpotResponseFrame>(messageValidators, titles, frame, what, endpoint);
}

/** Best-effort symbols of a (possibly malformed) channel frame, so a consumer knows what to resync. */
export function symbolsIn(frame: Record<string, unknown>): string[] {
  const data = frame['data'];
  if (!Array.isArray(data)) return [];
  const out = new Set<string>();
  for (const row of data) {
    const symbol = isJsonObject(row) ? row['symbol'] : undefined;
    if (typeof symbol === 'string') out.add(symbol);
  }
  return [...out];
}
