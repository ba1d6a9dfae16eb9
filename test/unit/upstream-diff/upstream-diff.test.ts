/**
 * `schemas:upstream-diff` on tiny specs written into a temp dir: a repo-shaped folder with our
 * schema, and a Kraken-shaped spec folder whose entry file `$ref`s into sibling files.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../../../codegen/upstream-diff.js';

let dir: string;
let root: string;
let specs: string;

function write(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

// Kraken style: server carries the `/0` prefix, relative $refs into other files, 3.0 `nullable`.
const UPSTREAM_SPOT = `
openapi: 3.0.0
servers: [{ url: https://api.kraken.com/0 }]
paths:
  /public/Ticker:
    get:
      operationId: getTickerInformation
      parameters:
        - { in: query, name: pair, schema: { type: string } }
        - { in: query, name: asset_class, schema: { type: string, enum: [tokenized_asset] } }
      responses:
        "200":
          content:
            application/json:
              schema: { $ref: "./schemas/ticker.yaml" }
  /private/AddOrder:
    post:
      operationId: addOrder
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                nonce: { type: integer, format: int64 }
                ordertype: { type: string, enum: [market, limit, iceberg] }
                volume: { type: string }
                userref: { type: integer, format: int32 }
      responses:
        "200":
          content:
            application/json:
              schema:
                type: object
                properties:
                  error: { type: array, items: { type: string } }
                  result:
                    type: object
                    properties:
                      txid: { type: array, items: { type: string } }
                      count: { type: integer }
  /private/Withdraw:
    post:
      operationId: withdrawFunds
      responses: { "200": { description: ok } }
`;

const UPSTREAM_TICKER = `
type: object
properties:
  error: { type: array, items: { type: string } }
  result:
    type: object
    additionalProperties: { $ref: "../objects/ticker-info.yaml#/TickerInfo" }
`;

const UPSTREAM_TICKER_INFO = `
TickerInfo:
  type: object
  properties:
    o: { type: string }
    t: { type: array, items: { type: integer } }
    next: { $ref: "#/TickerInfo" }
`;

// Ours: /0 in the path, form body, decimals, a tuple, no `asset_class`, `userref` typed wrong.
const OURS_SPOT = `
openapi: 3.1.0
servers: [{ url: https://api.kraken.com }]
paths:
  /0/public/Ticker:
    get:
      operationId: Ticker
      parameters:
        - { in: query, name: pair, schema: { type: string } }
      responses:
        '200':
          content:
            application/json:
              schema:
                type: object
                properties:
                  error: { type: array, items: { type: string } }
                  result: { type: object, additionalProperties: { $ref: '#/components/schemas/TickerInfo' } }
  /0/private/AddOrder:
    post:
      operationId: AddOrder
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              additionalProperties: false
              properties:
                nonce: { type: string, pattern: '^[0-9]+$' }
                ordertype: { type: string, enum: [market, limit] }
                volume: { type: string, format: decimal }
                userref: { type: boolean }
      responses:
        '200':
          content:
            application/json:
              schema:
                type: object
                properties:
                  error: { type: array, items: { type: string } }
                  result:
                    type: object
                    properties:
                      txid: { type: array, items: { type: string } }
                      count: { type: [integer, 'null'] }
components:
  schemas:
    TickerInfo:
      type: object
      properties:
        o: { type: string, format: decimal }
        t: { type: array, prefixItems: [{ type: integer }, { type: integer }] }
`;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'upstream-diff-'));
  root = path.join(dir, 'repo');
  specs = path.join(dir, 'specs');
  write(path.join(specs, 'spot-rest/openapi_v3.yaml'), UPSTREAM_SPOT);
  write(path.join(specs, 'spot-rest/schemas/ticker.yaml'), UPSTREAM_TICKER);
  write(path.join(specs, 'spot-rest/objects/ticker-info.yaml'), UPSTREAM_TICKER_INFO);
  write(path.join(root, 'schemas/spot-rest.openapi.yaml'), OURS_SPOT);
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

interface JsonReport {
  sources: {
    name: string;
    skipped?: string;
    unresolvedRefs: string[];
    diff?: {
      missingEndpoints: { method: string; path: string; operationId?: string }[];
      endpoints: {
        path: string;
        ourOperationId?: string;
        upstreamOperationId?: string;
        request: {
          missing: string[];
          typeDifferences: { field: string; verdict: string; ours: string; upstream: string }[];
          enumValuesMissing: { field: string; values: string[] }[];
        };
        response: { missing: string[]; typeDifferences: { field: string; verdict: string }[] };
      }[];
    };
  }[];
  totals: Record<string, number>;
}

function jsonReport(...extra: string[]): JsonReport {
  const out = run([specs, '--root', root, '--json', ...extra]);
  expect(out.code).toBe(0);
  return JSON.parse(out.stdout) as JsonReport;
}

function spot(report: JsonReport) {
  const source = report.sources.find((s) => s.name === 'Spot REST')!;
  expect(source.skipped).toBeUndefined();
  return source.diff!;
}

describe('schemas:upstream-diff', () => {
  it('lists the endpoint ours lacks, matching shared ones by path across server prefixes', () => {
    const diff = spot(jsonReport());
    expect(diff.missingEndpoints).toEqual([{ method: 'POST', path: '/0/private/Withdraw', operationId: 'withdrawFunds' }]);
    expect(diff.endpoints.map((e) => [e.path, e.ourOperationId, e.upstreamOperationId])).toEqual([
      ['/0/public/Ticker', 'Ticker', 'getTickerInformation'],
      ['/0/private/AddOrder', 'AddOrder', 'addOrder'],
    ]);
  });

  it('reports a missing request parameter', () => {
    const ticker = spot(jsonReport()).endpoints.find((e) => e.ourOperationId === 'Ticker')!;
    expect(ticker.request.missing).toEqual(['asset_class']);
  });

  it('reports a type mismatch, and keeps decimal and int64-as-text differences apart as compatible', () => {
    const add = spot(jsonReport()).endpoints.find((e) => e.ourOperationId === 'AddOrder')!;
    const verdicts = Object.fromEntries(add.request.typeDifferences.map((t) => [t.field, t.verdict]));
    expect(verdicts).toEqual({ nonce: 'int64-text', userref: 'mismatch', volume: 'decimal' });
    expect(add.request.typeDifferences.find((t) => t.field === 'userref')).toMatchObject({ ours: 'boolean', upstream: 'integer' });
    expect(add.request.enumValuesMissing).toEqual([{ field: 'ordertype', values: ['iceberg'] }]);
    expect(add.response.typeDifferences).toEqual([{ field: 'count', ours: 'integer|null', upstream: 'integer', verdict: 'broader' }]);
  });

  it('follows relative $refs across files (and a self-cycle) and compares tuples with homogeneous items', () => {
    const report = jsonReport();
    const ticker = spot(report).endpoints.find((e) => e.ourOperationId === 'Ticker')!;
    // `next` only exists upstream (it is the cyclic ref); `o` is decimal-compatible; `t` tuple ~ integer items.
    expect(ticker.response.missing).toEqual(['{*}.next']);
    expect(ticker.response.typeDifferences).toEqual([{ field: '{*}.o', ours: 'string+decimal', upstream: 'string', verdict: 'decimal' }]);
    expect(report.sources[0]!.unresolvedRefs).toEqual([]);
  });

  it('notes a dangling $ref in Kraken files instead of failing', () => {
    write(path.join(specs, 'spot-rest/schemas/ticker.yaml'), 'type: object\nproperties:\n  result: { $ref: "./gone.yaml" }\n');
    const source = jsonReport().sources[0]!;
    expect(source.unresolvedRefs).toHaveLength(1);
    expect(source.unresolvedRefs[0]).toContain('gone.yaml');
  });

  it('prints a human-readable report with separate compatible lines and a summary', () => {
    const out = run([specs, '--root', root]);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain("Endpoints in Kraken's spec that ours lacks (1):");
    expect(out.stdout).toContain('POST /0/private/Withdraw (withdrawFunds)');
    expect(out.stdout).toContain('request fields ours lacks: asset_class');
    expect(out.stdout).toContain('request type differs: userref: ours boolean, Kraken integer (mismatch)');
    expect(out.stdout).toContain('request ours is stricter/decimal (compatible): volume');
    expect(out.stdout).toContain('request int64 carried as digit text (compatible): nonce');
    expect(out.stdout).toMatch(/Summary: 2 endpoints compared; 1 endpoints ours lacks; 2 fields ours lacks; 2 type differences/);
  });

  it('skips pairs whose schema or spec file is absent (Futures here)', () => {
    const futures = jsonReport().sources.filter((s) => s.name.startsWith('Futures'));
    expect(futures).toHaveLength(3);
    for (const f of futures) expect(f.skipped).toMatch(/does not exist yet/);
  });

  it('compares only the success branch of a Futures 200 response that unions in the error body', () => {
    write(
      path.join(specs, 'futures-rest/trading/public.yml'),
      `openapi: 3.0.0
servers: [{ url: https://futures.kraken.com/derivatives/api/v3 }]
paths:
  /tickers/{symbol}:
    get:
      operationId: getTicker
      responses:
        '200':
          content:
            application/json:
              schema:
                oneOf:
                  - { type: object, properties: { result: { type: string, enum: [success] }, ticker: { type: object, properties: { last: { type: number } } } } }
                  - { type: object, properties: { result: { type: string, enum: [error] }, errors: { type: array } } }
`,
    );
    write(
      path.join(root, 'schemas/futures-rest.openapi.yaml'),
      `openapi: 3.1.0
servers: [{ url: https://futures.kraken.com }]
paths:
  /derivatives/api/v3/tickers/{tradeable}:
    get:
      operationId: ticker
      responses:
        '200':
          content:
            application/json:
              schema: { type: object, properties: { result: { type: string, enum: [success] }, ticker: { type: object, properties: { last: { type: number, format: decimal } } } } }
`,
    );
    const futures = jsonReport().sources.find((s) => s.name === 'Futures REST')!;
    const endpoint = futures.diff!.endpoints[0]!;
    expect(endpoint.path).toBe('/derivatives/api/v3/tickers/{tradeable}');
    expect(endpoint.response.missing).toEqual([]);
    expect(endpoint.response.typeDifferences).toEqual([
      { field: 'ticker.last', ours: 'number+decimal', upstream: 'number', verdict: 'decimal' },
    ]);
  });

  it('falls back to operationId (case-insensitive, same method) when the paths differ', () => {
    write(
      path.join(specs, 'futures-rest/charts/api-public.yml'),
      `openapi: 3.0.0
servers: [{ url: https://futures.kraken.com/api/charts/v1 }]
paths:
  /tick-types:
    get:
      operationId: TickTypes
      responses: { '200': { content: { application/json: { schema: { type: array, items: { type: string } } } } } }
`,
    );
    write(
      path.join(root, 'schemas/futures-charts.openapi.yaml'),
      `openapi: 3.1.0
servers: [{ url: https://futures.kraken.com }]
paths:
  /api/charts/v1/:
    get:
      operationId: tickTypes
      responses: { '200': { content: { application/json: { schema: { type: array, items: { type: string } } } } } }
`,
    );
    const charts = jsonReport().sources.find((s) => s.name === 'Futures charts')!;
    expect(charts.diff!.missingEndpoints).toEqual([]);
    expect(charts.diff!.endpoints).toMatchObject([
      { path: '/api/charts/v1/', ourOperationId: 'tickTypes', upstreamOperationId: 'TickTypes', matchedBy: 'operationId' },
    ]);
  });

  it('--fail-on-missing exits 1 when something is missing, 0 otherwise', () => {
    expect(run([specs, '--root', root, '--fail-on-missing']).code).toBe(1);
    write(path.join(specs, 'spot-rest/openapi_v3.yaml'), 'openapi: 3.0.0\npaths: {}\n');
    expect(run([specs, '--root', root, '--fail-on-missing']).code).toBe(0);
  });

  it('explains and exits 0 when the spec directory is absent; rejects unknown options with exit 2', () => {
    const absent = run([path.join(dir, 'nope'), '--root', root]);
    expect(absent.code).toBe(0);
    expect(absent.stdout).toContain('no Kraken spec directory');
    const bad = run(['--verbose']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown option --verbose');
  });
});
