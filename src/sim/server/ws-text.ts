/**
 * The text of a WS message the simulator received. `ws` hands a message over as a Buffer, an
 * ArrayBuffer or a list of fragments depending on the socket's `binaryType`; all three decode
 * the same way here, so a server never stringifies a list or an ArrayBuffer by accident.
 */
import type { RawData } from 'ws';

export function wsText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
