/**
 * Redaction by value for what a WS client reports. A venue (or anything posing as one) that
 * echoes input back can put the credentials a client sent (the Spot WS token, the Futures API key,
 * challenge and signed challenge) into an error string or an event frame; field-name redaction
 * cannot see them there. A client registers every secret it holds or sends here, and every error
 * and event it emits or rejects with passes through `error()` / `value()` first: each occurrence
 * (raw, URL-encoded or JSON-escaped) becomes `[redacted]`, and error messages are capped.
 */
import { KrakenApiError, KrakenTransportError, KrakenValidationError } from '../../core/errors.js';

export const REDACTED = '[redacted]';
/** Longest error message a client reports; the rest of a venue's text is cut (it is the venue's, not ours). */
export const MAX_ERROR_MESSAGE_CHARS = 500;
/** Shorter strings are not treated as secrets (they would redact ordinary words). */
const MIN_SECRET_CHARS = 8;
/** Tokens and challenges rotate; the newest few are remembered. */
const MAX_SECRETS = 16;
const MAX_DEPTH = 8;

/** Events that report errors and venue answers (not market data): scrubbed before they leave a client. */
const SCRUBBED_EVENTS: ReadonlySet<PropertyKey> = new Set(['error', 'response', 'dropped', 'disconnected', 'reconnecting', 'stale']);

export class SecretScrubber {
  readonly #secrets: string[] = [];

  /** Registers a secret the client holds or sends (ignored when missing or too short). */
  add(secret: string | undefined): void {
    if (secret === undefined || secret.length < MIN_SECRET_CHARS) return;
    for (const form of [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]) {
      if (this.#secrets.includes(form)) continue;
      this.#secrets.push(form);
    }
    // Longest first, so a secret containing another is replaced whole.
    this.#secrets.sort((a, b) => b.length - a.length);
    while (this.#secrets.length > MAX_SECRETS * 3) this.#secrets.pop();
  }

  /** `text` with every registered secret replaced. */
  text(text: string): string {
    let out = text;
    for (const s of this.#secrets) if (out.includes(s)) out = out.split(s).join(REDACTED);
    return out;
  }

  /** `text` redacted and cut to `MAX_ERROR_MESSAGE_CHARS`. */
  message(text: string): string {
    const out = this.text(text);
    return out.length <= MAX_ERROR_MESSAGE_CHARS
      ? out
      : `${out.slice(0, MAX_ERROR_MESSAGE_CHARS)}… (${out.length - MAX_ERROR_MESSAGE_CHARS} more characters)`;
  }

  /** The same error with its message, stack and venue fields redacted (and the message capped). */
  error<E>(err: E): E {
    if (!(err instanceof Error)) return err;
    const message = this.message(err.message);
    if (message !== err.message) {
      const stack = err.stack;
      err.message = message;
      if (stack !== undefined) err.stack = this.text(stack.replace(/^[^\n]*/, `${err.name}: ${message}`));
    } else if (err.stack !== undefined) {
      err.stack = this.text(err.stack);
    }
    const writable = err as unknown as Record<string, unknown>;
    if (err instanceof KrakenApiError) writable['codes'] = Object.freeze(err.codes.map((c) => this.message(c)));
    if (err instanceof KrakenTransportError && typeof err.bodyExcerpt === 'string') writable['bodyExcerpt'] = this.message(err.bodyExcerpt);
    if (err instanceof KrakenValidationError)
      writable['issues'] = Object.freeze(err.issues.map((i) => ({ path: this.text(i.path), message: this.message(i.message) })));
    if (err.cause !== undefined) writable['cause'] = this.error(err.cause);
    return err;
  }

  /** A copy of an event payload with every string redacted (errors are redacted in place). */
  value<T>(v: T, depth = 0): T {
    if (typeof v === 'string') return this.text(v) as T;
    if (v instanceof Error) return this.error(v);
    if (typeof v !== 'object' || v === null || depth >= MAX_DEPTH) return v;
    if (Array.isArray(v)) return v.map((x: unknown) => this.value(x, depth + 1)) as T;
    if (Object.getPrototypeOf(v) !== Object.prototype && Object.getPrototypeOf(v) !== null) return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = this.value(x, depth + 1);
    return out as T;
  }

  /** `p`, its rejection redacted. */
  rejection<T>(p: Promise<T>): Promise<T> {
    return p.catch((e: unknown) => {
      throw this.error(e);
    });
  }

  /** An event's arguments, redacted when the event reports errors or venue answers. */
  eventArgs<A extends unknown[]>(event: PropertyKey, args: A): A {
    return SCRUBBED_EVENTS.has(event) ? (args.map((a) => this.value(a)) as A) : args;
  }
}
