/**
 * Redaction that runs on every log record before anything reaches a sink (docs/reliability.md S1):
 * - keys that name secrets are masked whatever their value;
 * - a string value that is an HTTP credential (`Bearer …`, `Basic …`) is masked whole;
 * - a URL with userinfo (`http://user:pass@proxy:3128`), as a string or a `URL` object, keeps
 *   everything but its password (`redactProxyUrl`);
 * - errors become `{ name, message }` (no cause chain, no own properties) with URL userinfo masked.
 * The log writer also masks every secret value the process remembered (core/secret-values.ts) in
 * each whole line, message text included.
 */
import { maskUrlUserinfo, redactProxyUrl } from '../core/redact.js';

export const SECRET_KEY = /secret|api[-_]?key|token|sign|otp|nonce|password|passphrase|authent|authorization|private/i;
export const REDACTED = '[REDACTED]';

/** `Bearer <token>` / `Basic <base64>`: the scheme and exactly one token. */
const HTTP_CREDENTIAL = /^\s*(?:bearer|basic)\s+[A-Za-z0-9._~+/=-]+\s*$/i;
/** `scheme://` then everything up to the last `@` of the first token (group 1). */
const HAS_USERINFO = /^[a-z][a-z0-9+.-]*:\/\/([^\s]*)@/i;

/** A URL without its password. `href` percent-encodes `@` and `/` inside userinfo, so the redaction cannot be fooled by them. */
function redactUrl(url: URL): string {
  return url.username === '' && url.password === '' ? url.href : redactProxyUrl(url.href);
}

export function redactString(value: string): string {
  if (HTTP_CREDENTIAL.test(value)) return REDACTED;
  const userinfo = HAS_USERINFO.exec(value)?.[1];
  if (userinfo === undefined) return value;
  // An unencoded `/`, `?` or `#` before the last `@` (a password holding them) makes the URL parser
  // end the authority early and show the rest as a path: mask the whole span instead.
  if (/[/?#]/.test(userinfo)) return maskUrlUserinfo(value);
  try {
    return redactUrl(new URL(value));
  } catch {
    return maskUrlUserinfo(value);
  }
}

/** Masks secret-named keys, credentials and URL passwords at any depth; stringifies errors without their cause chain. */
export function redactFields(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[…]';
  if (typeof value === 'string') return redactString(value);
  if (value instanceof Error) return { name: value.name, message: maskUrlUserinfo(value.message) };
  if (value instanceof URL) return redactUrl(value);
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map((v) => redactFields(v, depth + 1));
  if (value !== null && typeof value === 'object') {
    const proto = Object.getPrototypeOf(value) as object | null;
    if (proto !== Object.prototype && proto !== null) {
      // Domain objects print through their own toString (Price, InstrumentId, …).
      return (value as { toString(): string }).toString();
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? REDACTED : redactFields(v, depth + 1);
    return out;
  }
  return value;
}
