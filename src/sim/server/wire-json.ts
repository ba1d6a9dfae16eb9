/**
 * JSON encoding for what the simulator puts on the wire.
 *
 * Kraken sends some decimals as JSON *numbers* carrying full engine precision (Spot WS v2
 * `45281.0`, `0.10000000`; Futures WS and REST numbers; Spot REST fractional timestamps). A JS
 * number cannot hold trailing zeros, so such values are wrapped in `WireNumber` and written as
 * their exact text. Everything else is ordinary JSON.
 */
export { WireNumber, num, encodeExactJson as encodeWire } from '../../core/exact-json.js';
import { WireNumber } from '../../core/exact-json.js';

/** Epoch ms as Spot REST's fractional Unix seconds (`1688667796.8802`, we give ms precision). */
export function unixSeconds(ms: number): WireNumber {
  const s = Math.floor(ms / 1000);
  const frac = String(ms - s * 1000).padStart(3, '0');
  return new WireNumber(`${s}.${frac}`);
}

/** Epoch ms as RFC3339 with microseconds, the Spot WS v2 style (`2023-09-25T09:04:31.742648Z`). */
export function rfc3339Micros(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
