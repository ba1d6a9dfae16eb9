/** Unified WebSocket frame validation with the generated validators (see transport/ws/frame-validation.ts). */
import { incomingByChannel, responsesByMethod } from '../../../generated/unified-ws/routes.gen.js';
import type { ChannelMessages, IncomingChannel, MethodResponses, ResponseMethod } from '../../../generated/unified-ws/routes.gen.js';
import { messageValidators } from '../../../generated/unified-ws/validators.gen.js';
import { isJsonObject } from '../../core/json.js';
import { ownEntry, validateFrameAgainst } from '../../transport/ws/frame-validation.js';
import type { FrameCheck } from '../../transport/ws/frame-validation.js';

type ChannelTitle = (typeof incomingByChannel)[IncomingChannel][number];
type ResponseTitle = (typeof responsesByMethod)[ResponseMethod][number];
export type UwsChannelFrame = ChannelMessages[IncomingChannel];
export type UwsResponseFrame = MethodResponses[ResponseMethod];

/** The channel frame as its message type, or the error to report. */
export function validateUwsChannelFrame(channel: string, frame: Record<string, unknown>, endpoint: string): FrameCheck<UwsChannelFrame> {
  const titles = ownEntry<readonly ChannelTitle[]>(incomingByChannel, channel);
  return validateFrameAgainst<ChannelTitle, UwsChannelFrame>(
    messageValidators,
    titles,
    frame,
    `malformed '${channel}' frame dropped`,
    endpoint,
  );
}

/** The method response as its message type, or the error to report. */
export function validateUwsResponse(method: string, frame: Record<string, unknown>, endpoint: string): FrameCheck<UwsResponseFrame> {
  const titles = ownEntry<readonly ResponseTitle[]>(responsesByMethod, method);
  return validateFrameAgainst<ResponseTitle, UwsResponseFrame>(
    messageValidators,
    titles,
    frame,
    `malformed '${method}' response dropped`,
    endpoint,
  );
}

/** Best-effort symbols of a (possibly malformed) channel frame, so a consumer knows what to resync. */
export function uwsSymbolsIn(frame: Record<string, unknown>): string[] {
  const data = frame['data'];
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? (v as unknown[]) : []);
  // positions carries an object of lists; every other channel a list.
  const rows: unknown[] = Array.isArray(data) ? list(data) : isJsonObject(data) ? [...list(data['futures']), ...list(data['options'])] : [];
  const out = new Set<string>();
  for (const row of rows) {
    const symbol = isJsonObject(row) ? row['symbol'] : undefined;
    if (typeof symbol === 'string') out.add(symbol);
  }
  return [...out];
}
