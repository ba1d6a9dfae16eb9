/**
 * The shape of a generated validator, and the one place that turns a failed validation into a
 * `KrakenValidationError`.
 */
import { KrakenValidationError, type ValidationIssue } from '../core/errors.js';

export interface ValidatorError {
  readonly instancePath: string;
  readonly message?: string;
  readonly keyword: string;
  readonly params: Record<string, unknown>;
}

/**
 * A generated (ajv standalone) validator: a type guard for `T` as `data` is *after* the call.
 * Validators normalise decimals in place (a `format: decimal` field given as a safe integer is
 * rewritten to its decimal text), so `T` has strings where the wire may have had numbers. When the
 * guard returns false, `errors` says why (read it before the next call of the same validator).
 */
export interface Validator<T = unknown> {
  (data: unknown): data is T;
  errors?: readonly ValidatorError[] | null;
}

export function issuesOf(validator: Validator): ValidationIssue[] {
  return (validator.errors ?? []).map((e) => {
    let message = e.message ?? e.keyword;
    if (e.keyword === 'additionalProperties') message = `${message}: '${String(e.params['additionalProperty'])}'`;
    if (e.keyword === 'enum') message = `${message}: ${JSON.stringify(e.params['allowedValues'])}`;
    return { path: e.instancePath, message };
  });
}

/** Validates `data` (normalising decimals in place) or throws a `KrakenValidationError` naming `what`. */
export function validateOrThrow<T>(validator: Validator<T>, data: unknown, what: string, endpoint?: string): T {
  if (validator(data)) return data;
  throw new KrakenValidationError(what, issuesOf(validator), endpoint === undefined ? {} : { endpoint });
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * A copy of request data that a validator may normalise in place without touching the caller's
 * object: plain objects and arrays are copied level by level, primitives are shared. Anything
 * else (a class instance, a function) goes through `structuredClone`, as every value did before:
 * the same copy, and the same `DataCloneError` for what cannot be cloned. For the flat parameter
 * records of order entry this costs a property copy where `structuredClone` serialises the lot.
 */
export function copyForValidation<T>(value: T): T {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function' && typeof value !== 'symbol')) return value;
  if (Array.isArray(value)) return value.map((item: unknown) => copyForValidation(item)) as T;
  if (typeof value === 'object' && isPlainObject(value)) {
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const item = copyForValidation(value[key]);
      // An own `__proto__` key (from JSON.parse) stays a property, as structuredClone keeps it.
      if (key === '__proto__') Object.defineProperty(copy, key, { value: item, enumerable: true, writable: true, configurable: true });
      else copy[key] = item;
    }
    return copy as T;
  }
  return structuredClone(value);
}
