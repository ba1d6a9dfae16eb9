/** A small, strict argv reader: unknown flags are errors, not silently ignored. */
import { KrakenValidationError } from '../core/errors.js';

export type FlagSpec = Readonly<Record<string, 'boolean' | 'string' | 'number'>>;
export type ParsedFlags = Record<string, string | number | boolean | string[]>;

export function parseFlags(argv: readonly string[], spec: FlagSpec, repeatable: readonly string[] = []): ParsedFlags {
  const out: ParsedFlags = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const m = /^--([a-z][a-z0-9-]*)(?:=(.*))?$/.exec(arg);
    if (!m) throw new KrakenValidationError('command line', [{ path: arg, message: 'unexpected argument' }]);
    const name = m[1]!;
    const kind = spec[name];
    if (!kind)
      throw new KrakenValidationError('command line', [
        {
          path: `--${name}`,
          message: `unknown flag (known: ${Object.keys(spec)
            .map((k) => `--${k}`)
            .join(', ')})`,
        },
      ]);
    if (kind === 'boolean') {
      out[name] = m[2] === undefined ? true : m[2] !== 'false';
      continue;
    }
    const raw = m[2] ?? argv[++i];
    if (raw === undefined) throw new KrakenValidationError('command line', [{ path: `--${name}`, message: 'needs a value' }]);
    let value: string | number = raw;
    if (kind === 'number') {
      value = Number(raw);
      if (!Number.isFinite(value))
        throw new KrakenValidationError('command line', [{ path: `--${name}`, message: `not a number: ${raw}` }]);
    }
    if (repeatable.includes(name)) out[name] = [...((out[name] as string[] | undefined) ?? []), String(value)];
    else out[name] = value;
  }
  return out;
}
