/**
 * JSON encoding for what the simulator puts on the wire.
 *
 * Kraken sends some decimals as JSON *numbers* carrying full engine precision (Spot WS v2
 * `45281.0`, `0.10000000`; Futures WS and REST numbers; Spot REST fractional timestamps). A JS
 * number cannot hold trailing zeros, so such values are wrapped in `WireNumber` and written as
 * their exact text. Everything else is ordinary JSON.
 */
export class WireNumber {
  constructor(readonly text: string) {
    if (!/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(text)) throw new RangeError(`not a JSON number token: ${text}`);
  }
}

/** A decimal string as a bare JSON number token. */
export function num(text: string): WireNumber {
  return new WireNumber(text);
}

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

export function encodeWire(value: unknown): string {
  if (value instanceof WireNumber) return value.text;
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : encodeWire(v))).join(',')}]`;
  if (typeof value === 'object') {
    const parts: string[] = [];
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === undefined) continue;
      parts.push(`${JSON.stringify(k)}:${encodeWire(v)}`);
    }
    return `{${parts.join(',')}}`;
  }
  if (typeof value === 'bigint') return value.toString();
  return JSON.stringify(value);
}
