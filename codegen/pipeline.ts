/** Runs every step over every source that exists, and returns generated/'s files in memory. */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { SOURCES, type CodegenSource } from './sources.js';
import { formatGenerated } from './steps/format.js';
import { header } from './steps/header.js';
import { readMessageSchemas } from './steps/jsonschema-model.js';
import { readOperations, type JsonObject } from './steps/openapi-model.js';
import { restClientModule, restRoutesModule } from './steps/openapi-routes.js';
import { restTypesModule } from './steps/openapi-types.js';
import { restValidatorModule } from './steps/openapi-validators.js';
import { wsEncodersModule, wsRoutesModule } from './steps/ws-encoders.js';
import { wsTypesModule } from './steps/ws-types.js';
import { wsValidatorIndexModule, wsValidatorModule } from './steps/ws-validators.js';

export const GENERATOR_VERSION = '1';

function sourceHash(root: string, source: CodegenSource): string {
  const h = createHash('sha256');
  const p = join(root, source.path);
  if (source.kind === 'openapi') h.update(readFileSync(p));
  else
    for (const f of readdirSync(p)
      .filter((x) => x.endsWith('.schema.json'))
      .sort())
      h.update(f)
        .update('\0')
        .update(readFileSync(join(p, f)))
        .update('\0');
  return h.digest('hex');
}

async function generateOpenApi(root: string, source: CodegenSource, hash: string): Promise<Map<string, string>> {
  const doc = parseYaml(readFileSync(join(root, source.path), 'utf8')) as JsonObject;
  const ops = readOperations(doc, source);
  const hdr = (generator: string) => header({ generator, source: source.path, hash });
  const files = new Map<string, string>();
  files.set(`${source.name}/types.gen.ts`, await restTypesModule(source, doc, ops, hdr('openapi-typescript')));
  files.set(
    `${source.name}/validators.gen.ts`,
    restValidatorModule({ source, doc, ops, header: hdr('ajv standalone'), coerceForm: false }),
  );
  files.set(
    `${source.name}/form-validators.gen.ts`,
    restValidatorModule({ source, doc, ops, header: hdr('ajv standalone, coerceTypes'), coerceForm: true }),
  );
  files.set(`${source.name}/routes.gen.ts`, restRoutesModule(source, ops, hdr('ts-morph')));
  files.set(`${source.name}/client.gen.ts`, restClientModule(source, ops, hdr('ts-morph')));
  return files;
}

async function generateJsonSchemaDir(root: string, source: CodegenSource, hash: string): Promise<Map<string, string>> {
  const messages = readMessageSchemas(join(root, source.path));
  const hdr = (generator: string) => header({ generator, source: source.path, hash });
  const files = new Map<string, string>();
  files.set(`${source.name}/types.gen.ts`, await wsTypesModule(source, messages, hdr('json-schema-to-typescript')));
  files.set(`${source.name}/incoming-validators.gen.ts`, wsValidatorModule(source, messages, 'in', hdr('ajv standalone')));
  files.set(`${source.name}/outgoing-validators.gen.ts`, wsValidatorModule(source, messages, 'out', hdr('ajv standalone')));
  files.set(`${source.name}/validators.gen.ts`, wsValidatorIndexModule(source, messages, hdr('codegen')));
  files.set(`${source.name}/encoders.gen.ts`, wsEncodersModule(source, messages, hdr('ts-morph')));
  files.set(`${source.name}/routes.gen.ts`, wsRoutesModule(source, messages, hdr('codegen')));
  return files;
}

const README = `# generated/: do not edit

Everything here is written by \`npm run codegen\` from \`schemas/\` (see schemas/README.md) and
checked by \`npm run codegen:check\`, which CI runs. To change a file, change its schema or its
generator step in \`codegen/steps/\`, then run \`npm run codegen\` and commit both.

Per REST source: \`types.gen.ts\` (openapi-typescript), \`validators.gen.ts\` and
\`form-validators.gen.ts\` (ajv standalone), \`routes.gen.ts\` (the route table) and
\`client.gen.ts\` (the typed method interface, ts-morph).
Per WebSocket source: \`types.gen.ts\` (json-schema-to-typescript), \`incoming-validators.gen.ts\`,
\`outgoing-validators.gen.ts\`, \`validators.gen.ts\` (both, by title), \`encoders.gen.ts\` and
\`routes.gen.ts\`. \`manifest.json\` records each source's sha256 and files.

Every validator is a type guard, \`(data: unknown) => data is T\` with ajv's \`errors\` on the
function, for \`T\` as the data is after the call (decimals rewritten in place to strings). The
tables are typed per key: REST by operationId (\`responseValidators.Ticker\` guards
\`TickerResult\`), WebSocket by message title and by method (\`responseValidators[M]\` guards
\`MethodResponses[M]\`), so callers narrow without casts.
`;

export async function generateAll(root: string, only?: ReadonlySet<string>): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const manifest: Record<string, { path: string; sha256: string; files: string[] }> = {};
  for (const source of SOURCES) {
    if (!existsSync(join(root, source.path))) continue;
    if (only && !only.has(source.name)) continue;
    const hash = sourceHash(root, source);
    let produced: Map<string, string>;
    try {
      produced = source.kind === 'openapi' ? await generateOpenApi(root, source, hash) : await generateJsonSchemaDir(root, source, hash);
    } catch (err) {
      throw new Error(
        `codegen failed for ${source.path}: ${err instanceof Error ? err.message : String(err)}\n(fix that schema; to regenerate other sources meanwhile: npm run codegen -- --only <name>[,<name>])`,
        { cause: err },
      );
    }
    for (const [k, v] of produced) files.set(k, v);
    manifest[source.name] = { path: source.path, sha256: hash, files: [...produced.keys()].sort() };
  }
  await formatGenerated(files);
  files.set('README.md', README);
  files.set(
    'manifest.json',
    `${JSON.stringify({ generator: 'krakenkit codegen', version: GENERATOR_VERSION, sources: manifest }, null, 2)}\n`,
  );
  return files;
}
