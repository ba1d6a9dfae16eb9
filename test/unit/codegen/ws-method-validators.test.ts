/**
 * A WS method answered by more than one message kind gets one generated validator that accepts
 * any of them (an ajv anyOf of the titles), so the by-method table stays one entry per method.
 * No shipped source has such a method yet, so this builds a small schema folder, runs the
 * generator over it, and loads the emitted module.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateAll } from '../../../codegen/pipeline.js';
import type { Validator } from '../../../src/transport/validation.js';

let tmp: string;
const id = (file: string) => `https://krakenkit.dev/schemas/spot-ws-v2/${file}`;
const schema = (file: string, body: Record<string, unknown>) => ({
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: id(file),
  ...body,
});

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'krakenkit-ws-methods-'));
  const dir = join(tmp, 'schemas/spot-ws-v2');
  mkdirSync(dir, { recursive: true });
  const files: Record<string, unknown> = {
    'ping.schema.json': schema('ping.schema.json', {
      title: 'PingRequest',
      'x-kraken-direction': 'out',
      'x-kraken-method': 'ping',
      type: 'object',
      properties: { method: { const: 'ping' } },
      required: ['method'],
      additionalProperties: false,
    }),
    'pong.schema.json': schema('pong.schema.json', {
      title: 'PongResponse',
      'x-kraken-direction': 'in',
      'x-kraken-method': 'ping',
      type: 'object',
      properties: { method: { const: 'pong' }, latency: { type: 'number', format: 'decimal' } },
      required: ['method', 'latency'],
    }),
    'ping_refused.schema.json': schema('ping_refused.schema.json', {
      title: 'PingRefused',
      'x-kraken-direction': 'in',
      'x-kraken-method': 'ping',
      type: 'object',
      properties: { error: { type: 'string' } },
      required: ['error'],
    }),
  };
  for (const [file, body] of Object.entries(files)) writeFileSync(join(dir, file), JSON.stringify(body));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('by-method validators for a method with several answers', () => {
  it('emit one anyOf validator, typed as the union, that accepts each answer and normalises decimals', async () => {
    const files = await generateAll(tmp, new Set(['spot-ws-v2']));
    const source = files.get('spot-ws-v2/incoming-validators.gen.ts')!;
    expect(source).toContain('"ping": v_m_ping,');
    expect(source).toContain('responseValidators: { readonly [M in ResponseMethod]: Validator<MethodResponses[M]> }');
    // routes.gen.ts is formatted by prettier; ajv's validator code is not.
    expect(files.get('spot-ws-v2/routes.gen.ts')!.replace(/\s+/g, ' ')).toContain("ping: ['PingRefused', 'PongResponse']");

    // The one runtime import is the decimal text check, relative to generated/<api>/; pointed at
    // the real module so that the emitted file loads from the temp folder.
    const decimalText = '"../../src/core/decimal-text.js"';
    expect(source).toContain(`import { isDecimalText as rt_func2 } from ${decimalText};`);
    const js = ts
      .transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } })
      .outputText.replace(decimalText, JSON.stringify(new URL('../../../src/core/decimal-text.ts', import.meta.url).href));
    expect(js.match(/^import (?!type).*$/gm)).toHaveLength(1);
    const file = join(tmp, 'incoming-validators.mjs');
    writeFileSync(file, js);
    const mod = (await import(pathToFileURL(file).href)) as { responseValidators: Record<string, Validator> };
    const ping = mod.responseValidators['ping']!;

    const pong: Record<string, unknown> = { method: 'pong', latency: 12 };
    expect(ping(pong)).toBe(true);
    expect(pong['latency']).toBe('12');
    expect(ping({ error: 'EGeneral:Too many requests' })).toBe(true);
    expect(ping({ method: 'pong' })).toBe(false);
    expect(ping.errors?.length).toBeGreaterThan(0);
  });
});
