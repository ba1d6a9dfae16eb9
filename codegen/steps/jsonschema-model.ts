/** Reads a folder of JSON Schema message files (one message kind per file). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonObject = { [k: string]: Json };

export interface MessageSchema {
  readonly file: string;
  readonly title: string;
  readonly id: string;
  readonly direction: 'in' | 'out' | 'common';
  /** Spot v2 `method` or Futures `event` this message sends or answers. */
  readonly method: string | undefined;
  /** Spot v2 `channel` or Futures `feed` this message arrives on. */
  readonly channel: string | undefined;
  readonly schema: JsonObject;
}

export function readMessageSchemas(dir: string): MessageSchema[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.schema.json'))
    .sort();
  return files.map((file) => {
    const schema = JSON.parse(readFileSync(join(dir, file), 'utf8')) as JsonObject;
    const where = `${dir}/${file}`;
    const id = schema['$id'];
    if (typeof id !== 'string' || !id.endsWith(`/${file}`)) throw new Error(`${where}: $id must end with /${file}`);
    if (file.startsWith('_')) return { file, title: '', id, direction: 'common', method: undefined, channel: undefined, schema };
    const title = schema['title'];
    if (typeof title !== 'string' || !/^[A-Z][A-Za-z0-9]*$/.test(title)) throw new Error(`${where}: title must be a PascalCase type name`);
    const direction = schema['x-kraken-direction'];
    if (direction !== 'in' && direction !== 'out') throw new Error(`${where}: x-kraken-direction must be in or out`);
    const method = schema['x-kraken-method'] ?? schema['x-kraken-event'];
    const channel = schema['x-kraken-channel'] ?? schema['x-kraken-feed'];
    return {
      file,
      title,
      id,
      direction,
      method: typeof method === 'string' ? method : undefined,
      channel: typeof channel === 'string' ? channel : undefined,
      schema,
    };
  });
}

/** Resolves a `$ref` (local `#/...`, or `<file>#/...` relative to the folder) to its schema node. */
export function resolveRef(all: readonly MessageSchema[], from: MessageSchema, ref: string): { owner: MessageSchema; node: JsonObject } {
  const [filePart, fragment = ''] = ref.split('#');
  const owner = filePart ? all.find((m) => m.file === filePart || m.id === filePart || m.id.endsWith(`/${filePart}`)) : from;
  if (!owner) throw new Error(`${from.file}: $ref to unknown file ${ref}`);
  let node: Json = owner.schema;
  for (const raw of fragment.split('/').filter(Boolean)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || Array.isArray(node)) throw new Error(`${from.file}: dangling $ref ${ref}`);
    node = node[seg] ?? null;
  }
  if (node === null || typeof node !== 'object' || Array.isArray(node)) throw new Error(`${from.file}: dangling $ref ${ref}`);
  return { owner, node };
}
