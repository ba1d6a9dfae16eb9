/**
 * A foreign exception kept as a `cause` must not smuggle secrets into logs or `util.inspect`:
 * Node's URL `TypeError` carries the whole input (a proxy password included) in `.input`, and
 * other errors carry request options or configs as own properties. The copy keeps only the name,
 * the message and stack with any URL userinfo masked, and a string `code` (`ECONNREFUSED`, …);
 * no own properties and no nested cause.
 */
import { maskUrlUserinfo } from '../../core/redact.js';

export function redactedCause(cause: unknown): Error {
  const source = cause instanceof Error ? cause : undefined;
  const copy = new Error(maskUrlUserinfo(source?.message ?? String(cause)));
  copy.name = source?.name ?? 'Error';
  copy.stack = source?.stack === undefined ? undefined : maskUrlUserinfo(source.stack);
  const code = (source as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string') Object.defineProperty(copy, 'code', { value: code, enumerable: true });
  return copy;
}
