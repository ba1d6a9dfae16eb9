/**
 * The node's logger: pino underneath (one JSON object a line, or pino-pretty's lines when stderr
 * is a terminal), behind the node's small `Logger` interface so nothing else depends on pino.
 * Every record names its component (`TradingNode`, `DataClient-KRAKEN`, a strategy id, …).
 *
 * Redaction happens twice before a byte is written: the fields go through `redactFields`
 * (log-redaction.ts: secret-named keys, credentials and URL passwords by value) and pino's own
 * path redaction, then each whole line has every secret value the process remembered masked
 * (core/secret-values.ts), message text included.
 *
 * The level comes from the config, and `KRAKENKIT_LOG_LEVEL` (debug, info, warn, error, off)
 * overrides it, so an operator can turn logs up without touching code.
 */
import { pino, type DestinationStream, type Logger as PinoLogger, type LevelWithSilent } from 'pino';
import { prettyFactory } from 'pino-pretty';
import { inspect } from 'node:util';
import { systemClock, type Clock } from '../core/clock.js';
import { KrakenValidationError } from '../core/errors.js';
import { maskUrlUserinfo } from '../core/redact.js';
import { maskKnownSecrets } from '../core/secret-values.js';
import { REDACTED, redactFields } from './log-redaction.js';

export { REDACTED, redactFields } from './log-redaction.js';

export type LogLevel = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'OFF';

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

/** The environment variable that overrides the configured level. */
export const LOG_LEVEL_VARIABLE = 'KRAKENKIT_LOG_LEVEL';

export interface LoggerConfig {
  readonly level?: LogLevel;
  /** Records go to this sink (already redacted) instead of stderr. */
  readonly sink?: LogSink;
  /** Where record timestamps come from; the node passes its own clock. Default: the wall clock. */
  readonly clock?: Clock;
  /** `json` lines, `pretty` lines, or `auto` (default): pretty when stderr is a terminal. */
  readonly format?: 'json' | 'pretty' | 'auto';
  /** Where the lines go (default stderr); ignored with `sink`. */
  readonly destination?: { write(line: string): unknown; readonly isTTY?: boolean };
  /** Read for `KRAKENKIT_LOG_LEVEL`; default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

const TO_PINO: Record<LogLevel, LevelWithSilent> = { DEBUG: 'debug', INFO: 'info', WARNING: 'warn', ERROR: 'error', OFF: 'silent' };
const FROM_PINO: Record<string, Exclude<LogLevel, 'OFF'>> = { debug: 'DEBUG', info: 'INFO', warn: 'WARNING', error: 'ERROR' };
const FROM_TEXT: Record<string, LogLevel> = {
  debug: 'DEBUG',
  info: 'INFO',
  warn: 'WARNING',
  warning: 'WARNING',
  error: 'ERROR',
  off: 'OFF',
  silent: 'OFF',
};
/** Keys pino writes itself: a field of the same name is kept as `field.<name>`. */
const RESERVED = new Set(['level', 'time', 'component', 'msg']);

/** Field paths pino masks as well, for objects that reach it without `redactFields` (belt and braces). */
const REDACT_PATHS = ['apiKey', 'apiSecret', 'secret', 'token', 'password', 'signature', '*.apiKey', '*.apiSecret', '*.token'];

/** The level in force: `KRAKENKIT_LOG_LEVEL` when set, else the config's, else INFO. */
export function effectiveLogLevel(configured: LogLevel | undefined, env: Readonly<Record<string, string | undefined>>): LogLevel {
  const raw = env[LOG_LEVEL_VARIABLE];
  if (raw === undefined || raw.trim() === '') return configured ?? 'INFO';
  const level = FROM_TEXT[raw.trim().toLowerCase()];
  if (level === undefined)
    throw new KrakenValidationError('log level', [
      { path: LOG_LEVEL_VARIABLE, message: `${LOG_LEVEL_VARIABLE}=${raw} is not one of debug, info, warn, error, off` },
    ]);
  return level;
}

/** A pino line back into a record, for sinks. */
function recordOf(line: string): LogRecord {
  const o = JSON.parse(line) as Record<string, unknown>;
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (!RESERVED.has(k)) fields[k.startsWith('field.') ? k.slice(6) : k] = v;
  return {
    level: FROM_PINO[String(o['level'])] ?? 'INFO',
    component: typeof o['component'] === 'string' ? o['component'] : '',
    message: typeof o['msg'] === 'string' ? o['msg'] : '',
    fields,
    timestampMs: Number(o['time']),
  };
}

function destinationFor(config: LoggerConfig): DestinationStream {
  const sink = config.sink;
  if (sink !== undefined)
    return {
      write(line: string) {
        try {
          sink(recordOf(line));
        } catch {
          // A failing sink must never take the node down.
        }
      },
    };
  const out = config.destination ?? process.stderr;
  const pretty = config.format === 'pretty' || (config.format !== 'json' && out.isTTY === true);
  if (!pretty) return { write: (line: string) => void out.write(line) };
  const format = prettyFactory({
    colorize: out.isTTY === true,
    translateTime: 'SYS:HH:MM:ss.l',
    messageFormat: '[{component}] {msg}',
    ignore: 'component',
  });
  return { write: (line: string) => void out.write(format(line)) };
}

function pinoFor(config: LoggerConfig): PinoLogger {
  const clock = config.clock ?? systemClock;
  return pino(
    {
      level: TO_PINO[effectiveLogLevel(config.level, config.env ?? process.env)],
      base: null,
      timestamp: () => `,"time":${clock.nowMs()}`,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      hooks: { streamWrite: (line) => maskKnownSecrets(line, REDACTED) },
    },
    destinationFor(config),
  );
}

function safeFields(fields: LogFields | undefined): Record<string, unknown> {
  if (fields === undefined) return {};
  const redacted = redactFields(fields) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(redacted)) out[RESERVED.has(k) ? `field.${k}` : k] = v;
  return out;
}

class NodeLogger implements Logger {
  private readonly pino: PinoLogger;
  /** `root` has no component; each logger binds its own once, so a line never names two. */
  constructor(
    private readonly root: PinoLogger,
    component: string,
  ) {
    this.pino = root.child({ component });
  }

  #write(level: 'debug' | 'info' | 'warn' | 'error', message: string, fields?: LogFields): void {
    if (!this.pino.isLevelEnabled(level)) return;
    try {
      this.pino[level](safeFields(fields), maskUrlUserinfo(message));
    } catch {
      // A failing destination must never take the node down.
    }
  }
  debug(message: string, fields?: LogFields): void {
    this.#write('debug', message, fields);
  }
  info(message: string, fields?: LogFields): void {
    this.#write('info', message, fields);
  }
  warn(message: string, fields?: LogFields): void {
    this.#write('warn', message, fields);
  }
  error(message: string, fields?: LogFields): void {
    this.#write('error', message, fields);
  }
  child(component: string): Logger {
    return new NodeLogger(this.root, component);
  }
}

/** A logger for `component`; `child(name)` loggers share its level and destination. */
export function createLogger(component: string, config: LoggerConfig = {}): Logger {
  return new NodeLogger(pinoFor(config), component);
}

/** A sink that writes one human line per record to stderr: `2026-01-01T00:00:00.000Z INFO [Component] message {fields}`. */
export const consoleSink: LogSink = (r) => {
  const fields = Object.keys(r.fields).length === 0 ? '' : ` ${inspect(r.fields, { depth: 4, breakLength: Infinity })}`;
  process.stderr.write(`${new Date(r.timestampMs).toISOString()} ${r.level} [${r.component}] ${r.message}${fields}\n`);
};

/** A sink that keeps records in memory (tests, diagnostics). */
export function memorySink(): LogSink & { records: LogRecord[] } {
  const records: LogRecord[] = [];
  const sink = ((r: LogRecord) => {
    records.push(r);
  }) as LogSink & { records: LogRecord[] };
  sink.records = records;
  return sink;
}
