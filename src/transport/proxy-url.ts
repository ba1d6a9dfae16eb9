/**
 * Proxy URLs carry credentials (`http://user:pass@host:port`). Node's `new URL()` throws a
 * `TypeError` whose `input` holds the whole string, password included, so every proxy URL is
 * parsed here: a bad one becomes a `KrakenValidationError` that shows only the redacted form.
 */
import { KrakenValidationError } from '../core/errors.js';
import { redactProxyUrl } from '../core/redact.js';
import { rememberSecret } from '../core/secret-values.js';

export function parseProxyUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    const shown = raw.includes('@') ? redactProxyUrl(raw) : raw;
    throw new KrakenValidationError('invalid proxyUrl', [{ path: '/proxyUrl', message: `not a URL: ${shown}` }]);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new KrakenValidationError('invalid proxyUrl', [
      { path: '/proxyUrl', message: `unsupported proxy scheme ${url.protocol} (http or https)` },
    ]);
  }
  // Logs mask the password wherever it appears, encoded or not.
  rememberSecret(url.password);
  try {
    rememberSecret(decodeURIComponent(url.password));
  } catch {
    // Not valid percent-encoding: the raw form is remembered already.
  }
  return url;
}
