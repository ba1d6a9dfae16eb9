/**
 * Schema validation of Spot REST requests with the generated validators, before the handler's
 * own typed readers (params.ts). Both answer Kraken's `EGeneral:Invalid arguments:<field>`: the
 * schema catches types, patterns and ranges; the readers catch cross-field rules. Parameters the
 * schema does not know are ignored, as Kraken ignores them.
 *
 * Form and query values are strings, so they go through `formRequestValidators` (the generated
 * ajv validators with type coercion: `"5"` → 5, `"true"` → true) on the flat `key=value` map,
 * exactly as the schema names the fields (`close[ordertype]`). JSON bodies go through
 * `requestValidators` unchanged except that a numeric `nonce` is turned into its text (Kraken
 * accepts both; the schema types the uint64 nonce as a string). Form bodies with nested
 * `orders[N][...]` keys (AddOrderBatch as Kraken's SDK sends it) are outside the schema, which
 * models the batch as JSON; the typed readers alone check those. Validators run on copies.
 */
import { formRequestValidators } from '../../../../generated/spot-rest/form-validators.gen.js';
import { requestValidators } from '../../../../generated/spot-rest/validators.gen.js';
import type { GeneratedValidator } from '../generated-validator.js';
import { InvalidArguments } from './params.js';
import { ownEntry } from '../own-lookup.js';

export type RequestValidator = (
  operationId: string,
  input: { readonly form?: URLSearchParams; readonly json?: Record<string, unknown> },
) => void;

function fieldOf(v: GeneratedValidator): string | undefined {
  const first = v.errors?.[0];
  if (first === undefined) return undefined;
  const p = first.params as { missingProperty?: unknown; additionalProperty?: unknown };
  if (typeof p.missingProperty === 'string') return p.missingProperty;
  if (typeof p.additionalProperty === 'string') return p.additionalProperty;
  const seg = first.instancePath.split('/').filter((s) => s !== '');
  return seg[0];
}

/**
 * Runs `validate`, dropping each parameter the schema does not know and trying again: Kraken
 * ignores parameters a call does not use (a `nonce` on a public call, as widely used clients
 * send with every POST), so only known parameters can be wrong. Bounded by the number of keys.
 */
function validateIgnoringUnknown(validate: GeneratedValidator, input: Record<string, unknown>): void {
  for (let tries = Object.keys(input).length + 1; tries > 0; tries--) {
    if (validate(input)) return;
    const extra = validate.errors?.find((e) => e.keyword === 'additionalProperties' && e.instancePath === '');
    const name = (extra?.params as { additionalProperty?: unknown } | undefined)?.additionalProperty;
    if (typeof name !== 'string' || !Object.hasOwn(input, name)) break;
    delete input[name];
  }
  throw new InvalidArguments(fieldOf(validate));
}

export const generatedSpotRequestValidator: RequestValidator = (operationId, input) => {
  if (input.form !== undefined) {
    const keys = [...input.form.keys()];
    if (keys.some((k) => k.includes('[') && !k.startsWith('close['))) return;
    const validate = ownEntry(formRequestValidators as Record<string, GeneratedValidator>, operationId);
    if (validate === undefined) return;
    const flat: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const [k, v] of input.form) flat[k] = v;
    validateIgnoringUnknown(validate, { ...flat });
    return;
  }
  if (input.json !== undefined) {
    const validate = ownEntry(requestValidators as Record<string, GeneratedValidator>, operationId);
    if (validate === undefined) return;
    const copy = structuredClone(input.json);
    if (typeof copy['nonce'] === 'number') copy['nonce'] = String(copy['nonce']);
    validateIgnoringUnknown(validate, copy);
  }
};
