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

/** A generated (ajv standalone) validator. It may normalise decimals in `data` in place. */
export interface Validator {
  (data: unknown): boolean;
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
export function validateOrThrow<T>(validator: Validator, data: unknown, what: string, endpoint?: string): T {
  if (validator(data)) return data as T;
  throw new KrakenValidationError(what, issuesOf(validator), endpoint === undefined ? {} : { endpoint });
}
