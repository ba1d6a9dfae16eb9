/**
 * Kraken's own response examples (inline in `spot-rest/openapi_v3.yaml` and its `examples/`
 * files, read from ../shared, never copied) must validate against our generated validators.
 * The examples are YAML, so numbers were already parsed as floats; they are re-encoded and
 * decoded with `parseVenueJson` so decimals reach the validator as strings, as on the wire.
 * This checks shapes, not decimal exactness.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveSpecFile } from '../../../codegen/upstream/resolve.js';
import type { SpotRestOperationId } from '../../../generated/spot-rest/routes.gen.js';
import { requestValidators, responseValidators } from '../../../generated/spot-rest/validators.gen.js';
import { parseVenueJson } from '../../../src/core/json.js';
import { issuesOf } from '../../../src/transport/validation.js';
import { repoRoot } from './fixture-files.js';
import { sharedReferencePresent } from '../../helpers/shared-reference.js';

const specFile = path.resolve(repoRoot, '../shared/kraken-api/specs/spot-rest/openapi_v3.yaml');
const present = sharedReferencePresent(specFile);

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

interface Example {
  op: SpotRestOperationId;
  label: string;
  envelope: Json;
}

function examplesOf(doc: unknown): Example[] {
  const out: Example[] = [];
  if (!isRecord(doc) || !isRecord(doc['paths'])) return out;
  for (const [route, item] of Object.entries(doc['paths'])) {
    const op = route.replace(/^\/(public|private)\//, '') as SpotRestOperationId;
    if (!(op in responseValidators) || !isRecord(item)) continue;
    for (const operation of Object.values(item)) {
      const ok = isRecord(operation) && isRecord(operation['responses']) ? operation['responses']['200'] : undefined;
      const media = isRecord(ok) && isRecord(ok['content']) ? ok['content']['application/json'] : undefined;
      if (!isRecord(media)) continue;
      const found: unknown[] = [];
      if (isRecord(media['schema']) && media['schema']['example'] !== undefined) found.push(media['schema']['example']);
      if (media['example'] !== undefined) found.push(media['example']);
      if (isRecord(media['examples']))
        for (const e of Object.values(media['examples'])) found.push(isRecord(e) && 'value' in e ? e['value'] : e);
      found.forEach((raw, i) => {
        // Quirk of the spec files: the OrderAmends example is wrapped in `{ response: … }`.
        const unwrapped = isRecord(raw) && isRecord(raw['response']) ? raw['response'] : raw;
        const envelope = parseVenueJson(JSON.stringify(unwrapped));
        if (isRecord(envelope)) out.push({ op, label: `${op} example ${i + 1}`, envelope });
      });
    }
  }
  return out;
}

/** Request-body examples (JSON) of each operation, with the nonce turned into the digit text we send. */
function requestExamplesOf(doc: unknown): { op: SpotRestOperationId; body: Json }[] {
  const out: { op: SpotRestOperationId; body: Json }[] = [];
  if (!isRecord(doc) || !isRecord(doc['paths'])) return out;
  for (const [route, item] of Object.entries(doc['paths'])) {
    const op = route.replace(/^\/(public|private)\//, '') as SpotRestOperationId;
    if (!(op in requestValidators) || !isRecord(item)) continue;
    for (const operation of Object.values(item)) {
      const body = isRecord(operation) && isRecord(operation['requestBody']) ? operation['requestBody'] : undefined;
      const media = body && isRecord(body['content']) ? body['content']['application/json'] : undefined;
      const schema = isRecord(media) ? media['schema'] : undefined;
      const example = isRecord(schema) ? schema['example'] : undefined;
      if (!isRecord(example)) continue;
      const copy = JSON.parse(JSON.stringify(example)) as Json;
      if (typeof copy['nonce'] === 'number') copy['nonce'] = String(copy['nonce']);
      out.push({ op, body: copy });
    }
  }
  return out;
}

/**
 * Request examples in Kraken's spec that contradict its own request schema and docs: our strict
 * request validators must reject them, for the reason named.
 */
const DEFECTIVE_REQUEST_EXAMPLES: Partial<Record<SpotRestOperationId, { path: string; mentions: string; why: string }>> = {
  QueryLedgers: { path: '', mentions: "'trade'", why: 'sends `trade`, a typo for the documented `trades` flag' },
  CancelOrder: { path: '', mentions: "'pair'", why: 'sends `pair`, which neither the CancelOrder schema nor the docs define' },
  AddOrderBatch: { path: '/orders/0/price2', mentions: 'pattern', why: 'sends the placeholder text "string" as price2' },
};

const skipNote = present ? '' : ` SKIPPED: ${specFile} not found`;

describe.skipIf(!present)(`Kraken's spec request examples (../shared/kraken-api/specs/spot-rest)${skipNote}`, () => {
  const examples = present ? requestExamplesOf(resolveSpecFile(specFile).document) : [];

  it('finds request examples for most private operations', () => {
    expect(examples.length).toBeGreaterThanOrEqual(15);
  });

  it.each(examples.filter((e) => !(e.op in DEFECTIVE_REQUEST_EXAMPLES)).map((e) => [e.op, e] as const))(
    '%s example passes our strict request schema',
    (_op, example) => {
      const validate = requestValidators[example.op];
      const valid = validate(example.body);
      expect(valid ? [] : issuesOf(validate)).toEqual([]);
    },
  );

  it.each(Object.entries(DEFECTIVE_REQUEST_EXAMPLES).map(([op, d]) => [op, d.why] as const))('%s example is rejected: it %s', (op) => {
    const example = examples.find((e) => e.op === op);
    expect(example).toBeDefined();
    const validate = requestValidators[op as SpotRestOperationId];
    expect(validate(example!.body)).toBe(false);
    const defect = DEFECTIVE_REQUEST_EXAMPLES[op as SpotRestOperationId]!;
    expect(issuesOf(validate)[0]?.path).toBe(defect.path);
    expect(issuesOf(validate)[0]?.message).toContain(defect.mentions);
  });
});

describe.skipIf(!present)(`Kraken's spec examples (../shared/kraken-api/specs/spot-rest)${skipNote}`, () => {
  const examples = present ? examplesOf(resolveSpecFile(specFile).document) : [];

  it('finds examples for most of our operations', () => {
    expect(new Set(examples.map((e) => e.op)).size).toBeGreaterThanOrEqual(25);
  });

  it.each(examples.map((e) => [e.label, e] as const))('%s matches our result schema', (_label, example) => {
    expect(example.envelope['error']).toEqual([]);
    const validate = responseValidators[example.op];
    const valid = validate(example.envelope['result']);
    expect(valid ? [] : issuesOf(validate)).toEqual([]);
  });
});
