/**
 * Kraken's own response schemas (its OpenAPI files in ../shared/kraken-api/specs, read in place,
 * never copied) as validators, so simulator answers can be checked against what Kraken says it
 * sends. `format: uuid` is enforced (ids must look like Kraken's); other formats are descriptive
 * (`decimal`, `timestamp-milliseconds`) and ignored. OpenAPI's `nullable: true` becomes
 * "or null". When ../shared is absent, `officialSpecsPresent` is false and the tests that use
 * this skip with a message.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020Module from 'ajv/dist/2020.js';
import type AjvModule from 'ajv';
import { resolveSpecFile } from '../../../codegen/upstream/resolve.js';
import { sharedReferencePresent } from '../../helpers/shared-reference.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const specsDir = path.resolve(repoRoot, '../shared/kraken-api/specs');

export const officialSpecsPresent = sharedReferencePresent(specsDir);
export const officialSpecsSkipReason = `Kraken's OpenAPI files are not at ${specsDir}; official-schema checks skipped`;

export type OfficialSpec = 'futures-trading' | 'futures-history' | 'spot';
const FILES: Record<OfficialSpec, string> = {
  'futures-trading': 'futures-rest/trading/public.yml',
  'futures-history': 'futures-rest/history/api-public.yml',
  spot: 'spot-rest/openapi_v3.yaml',
};

const documents = new Map<OfficialSpec, Record<string, any>>();
function documentOf(spec: OfficialSpec): Record<string, any> {
  let doc = documents.get(spec);
  if (doc === undefined) {
    doc = resolveSpecFile(path.join(specsDir, FILES[spec])).document as Record<string, any>;
    documents.set(spec, doc);
  }
  return doc;
}

/** `nullable: true` (OpenAPI 3.0, still used in these files) as JSON Schema's "or null"; cycles become "anything". */
function normalise(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(normalise);
  if (typeof node !== 'object' || node === null) return node;
  const record = node as Record<string, unknown>;
  if (record['x-cycle'] === true || record['x-unresolved'] !== undefined) return {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) {
    if (k === 'nullable' || k === 'example' || k === 'examples' || k === 'discriminator' || k.startsWith('x-')) continue;
    out[k] = normalise(v);
  }
  return record['nullable'] === true ? { anyOf: [out, { type: 'null' }] } : out;
}

const Ajv2020 = (Ajv2020Module as unknown as { default: typeof AjvModule.default }).default;
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true, logger: false });
ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
for (const f of ['decimal', 'date-time', 'timestamp-milliseconds', 'uint64', 'int64', 'int32', 'double', 'base64', 'float'])
  ajv.addFormat(f, true);

/** The schema of `method path`'s 200 answer in one of Kraken's files, as a validator returning its errors. */
export function officialResponseErrors(
  spec: OfficialSpec,
  route: string,
  method: 'get' | 'post' | 'put' = 'get',
): (body: unknown) => string[] {
  const doc = documentOf(spec);
  const op = doc['paths']?.[route]?.[method];
  const schema = op?.responses?.['200']?.content?.['application/json']?.schema;
  if (schema === undefined) throw new Error(`no 200 JSON schema for ${method.toUpperCase()} ${route} in ${FILES[spec]}`);
  const validate = ajv.compile(normalise(schema) as object);
  return (body) => {
    if (validate(body)) return [];
    return (validate.errors ?? []).map(
      (e: { instancePath: string; message?: string; keyword: string; params: unknown }) =>
        `${e.instancePath} ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`,
    );
  };
}
