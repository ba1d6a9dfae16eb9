/**
 * Kraken's own response examples (inline in `spot-rest/openapi_v3.yaml` and its `examples/`
 * files, read from ../shared, never copied) must validate against our generated validators.
 * The examples are YAML, so numbers were already parsed as floats; they are re-encoded and
 * decoded with `parseVenueJson` so decimals reach the validator as strings, as on the wire.
 * This checks shapes, not decimal exactness.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveSpecFile } from '../../../codegen/upstream/resolve.js';
import type { SpotRestOperationId } from '../../../generated/spot-rest/routes.gen.js';
import { responseValidators } from '../../../generated/spot-rest/validators.gen.js';
import { parseVenueJson } from '../../../src/transport/json.js';
import { issuesOf } from '../../../src/transport/validation.js';
import { repoRoot } from './fixture-files.js';

const specFile = path.resolve(repoRoot, '../shared/kraken-api/specs/spot-rest/openapi_v3.yaml');
const present = existsSync(specFile);

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
      if (isRecord(media['examples'])) for (const e of Object.values(media['examples'])) found.push(isRecord(e) && 'value' in e ? e['value'] : e);
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

describe.skipIf(!present)("Kraken's spec examples (../shared/kraken-api/specs/spot-rest)", () => {
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
