/**
 * The node's small logger: levels, a component name, structured fields, and redaction that runs
 * before anything reaches a sink (docs/reliability.md S1):
 * - keys that name secrets are masked whatever their value;
 * - a string value that is an HTTP credential (`Bearer …`, `Basic …`) is masked whole;
 * - a URL with userinfo (`http://user:pass@proxy:3128`), as a string or a `URL` object, keeps
 *   everything but its password (`redactProxyUrl`);
 * - errors become `{ name, message }` (no cause chain, no own properties) with URL userinfo masked.
 * Free text inside the `message` argument itself is not scanned: never interpolate secrets into it.
 */
import { inspect } from 'node:util';
import { systemClock, type Clock } from '../core/clock.js';
import { maskUrlUserinfo, redactProxyUrl } from '../core/redact.js';

export type LogLevel = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'OFF';
const RANK: Record<LogLevel, number> = { DEBUG: 10, INFO: 20, WARNING: 30, ERROR: 40, OFF: 100 };

export type LogFields = Readonly<Record<string, unknown>>;

export interface LogRecord {
  readonly level: Exclude<LogLevel, 'OFF'>;
  readonly component: string;
  readonly message: string;
  readonly fields: LogFields;
  readonly timestampMs: number;
}

export type LogSink = (record: LogRecord) => void;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  child(component: string): Logger;
}

const SECRET_KEY = /secret|api[-_]?key|token|sign|otp|nonce|password|passphrase|authent|authorization|private/i;
export const REDACTED = '[REDACTED]';

/** `Bearer <token>` / `Basic <base64>`: the scheme and exactly one token. */
const HTTP_CREDENTIAL = /^\s*(?:bearer|basic)\s+[A-Za-z0-9._~+/=-]+\s*$/i;
/** `scheme://` then everything up to the last `@` of the first token (group 1). */
const HAS_USERINFO = /^[a-z][a-z0-9+.-]*:\/\/([^\s]*)@/i;

/** A URL without its password. `href` percent-encodes `@` and `/` inside userinfo, so the redaction cannot be fooled by them. */
function redactUrl(url: URL): string {
  return url.username === '' && url.password === '' ? url.href : redactProxyUrl(url.href);
}

function redactString(value: string): string {
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

/** Writes one line per record to stderr: `2026-01-01T00:00:00.000Z INFO [Component] message {fields}`. */
export const consoleSink: LogSink = (r) => {
  const fields = Object.keys(r.fields).length === 0 ? '' : ` ${inspect(r.fields, { depth: 4, breakLength: Infinity })}`;
  process.stderr.write(`${new Date(r.timestampMs).toISOString()} ${r.level} [${r.component}] ${r.message}${fields}\n`);
};

export interface LoggerConfig {
  readonly level?: LogLevel;
  readonly sink?: LogSink;
  /** Where record timestamps come from; the node passes its own clock. Default: the wall clock. */
  readonly clock?: Clock;
}

class NodeLogger implements Logger {
  constructor(
    private readonly component: string,
    private readonly rank: number,
    private readonly sink: LogSink,
    private readonly clock: Clock,
  ) {}

  private write(level: Exclude<LogLevel, 'OFF'>, message: string, fields?: LogFields): void {
    if (RANK[level] < this.rank) return;
    try {
      this.sink({
        level,
        component: this.component,
        message,
        fields: (redactFields(fields ?? {}) ?? {}) as LogFields,
        timestampMs: this.clock.nowMs(),
      });
    } catch {
      // A failing sink must never take the node down.
    }
  }
  debug(message: string, fields?: LogFields): void {
    this.write('DEBUG', message, fields);
  }
  info(message: string, fields?: LogFields): void {
    this.write('INFO', message, fields);
  }
  warn(message: string, fields?: LogFields): void {
    this.write('WARNING', message, fields);
  }
  error(message: string, fields?: LogFields): void {
    this.write('ERROR', message, fields);
  }
  child(component: string): Logger {
    return new NodeLogger(component, this.rank, this.sink, this.clock);
  }
}

export function createLogger(component: string, config: LoggerConfig = {}): Logger {
  return new NodeLogger(component, RANK[config.level ?? 'INFO'], config.sink ?? consoleSink, config.clock ?? systemClock);
}

/** A sink that keeps records in memory (tests, diagnostics). */
export function memorySink(): LogSink & { records: LogRecord[] } {
  const records: LogRecord[] = [];
  const sink = ((r: LogRecord) => {
    records.push(r);
  }) as LogSink & { records: LogRecord[] };
  sink.records = records;
  return sink;
}
