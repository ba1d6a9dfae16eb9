/**
 * The text of a received WS message. `ws` hands a message over as a Buffer, an ArrayBuffer or a
 * list of fragments depending on the socket's `binaryType`; `String(data)` is only right for the
 * first, so the test servers and probes decode all three the same way.
 */
import type { RawData } from 'ws';

export function wsText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
