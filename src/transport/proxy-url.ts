/**
 * Proxy URLs carry credentials (`http://user:pass@host:port`). Node's `new URL()` throws a
 * `TypeError` whose `input` holds the whole string, password included, so every proxy URL is
 * parsed here: a bad one becomes a `KrakenValidationError` that shows only the redacted form.
 */
import { KrakenValidationError } from '../core/errors.js';

/**
 * `http://user:pass@host:1` → `http://user:***@host:1`. The userinfo runs to the LAST `@`, so a
 * password holding a raw `@` or `/` is still masked whole.
 */
export function redactProxyUrl(raw: string): string {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)(.*)@([^@]*)$/is.exec(raw);
  if (!m) return raw;
  const user = m[2]!.split(':')[0] ?? '';
  return `${m[1]}${user ? `${user}:***` : '***'}@${m[3]}`;
}

export function parseProxyUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    const shown = raw.includes('@') ? redactProxyUrl(raw) : raw;
    throw new KrakenValidationError('invalid proxyUrl', [{ path: '/proxyUrl', message: `not a URL: ${shown}` }]);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new KrakenValidationError('invalid proxyUrl', [{ path: '/proxyUrl', message: `unsupported proxy scheme ${url.protocol} (http or https)` }]);
  }
  return url;
}
