/**
 * Where the Spot REST payloads live and which operation each one answers.
 *
 * Repo fixtures are named `http_{verb}_{endpoint}[_{variant}].json` with the endpoint in
 * snake_case (`http_post_add_order_batch_partial_failure.json` -> AddOrderBatch): the longest
 * snake prefix that spells an operationId wins. Third-party files (../shared, copied from
 * NautilusTrader) use their own names, so they are mapped explicitly.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseVenueJson } from '../../../src/core/json.js';
import type { SpotRestOperationId } from '../../../generated/spot-rest/routes.gen.js';
import { responseValidators } from '../../../generated/spot-rest/validators.gen.js';
import { sharedReferencePresent } from '../../helpers/shared-reference.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const repoFixtureDir = path.join(repoRoot, 'fixtures/spot/http');
export const sharedFixtureDir = path.resolve(repoRoot, '../shared/fixtures/kraken/spot/http');
export const sharedFixturesPresent = sharedReferencePresent(sharedFixtureDir);

export const operationIds = Object.keys(responseValidators) as SpotRestOperationId[];

/** NautilusTrader's file names -> the endpoint each payload came from (see shared SOURCES.md). */
export const SHARED_FIXTURE_OPERATIONS: Readonly<Record<string, SpotRestOperationId>> = {
  'http_add_order_spot.json': 'AddOrder',
  'http_asset_pairs.json': 'AssetPairs',
  'http_asset_pairs_tokenized.json': 'AssetPairs',
  'http_cancel_order_spot.json': 'CancelOrder',
  'http_closed_orders.json': 'ClosedOrders',
  'http_ohlc.json': 'OHLC',
  'http_open_orders.json': 'OpenOrders',
  'http_order_book.json': 'Depth',
  'http_server_time.json': 'Time',
  'http_spot_balance.json': 'Balance',
  'http_spot_open_positions.json': 'OpenPositions',
  'http_spot_trade_balance.json': 'TradeBalance',
  'http_system_status.json': 'SystemStatus',
  'http_ticker.json': 'Ticker',
  'http_trades.json': 'Trades',
  'http_trades_history.json': 'TradesHistory',
};

/** `http_post_add_order_batch_partial_failure.json` -> `AddOrderBatch`. */
export function operationForRepoFixture(file: string): SpotRestOperationId | undefined {
  const match = /^http_(get|post)_(.+)\.json$/.exec(file);
  if (!match?.[2]) return undefined;
  const words = match[2].split('_');
  for (let n = words.length; n > 0; n--) {
    const joined = words.slice(0, n).join('');
    const op = operationIds.find((id) => id.toLowerCase() === joined);
    if (op) return op;
  }
  return undefined;
}

export function jsonFilesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
}

export interface SpotEnvelope {
  error: string[];
  result?: unknown;
}

/** Reads a payload as text and decodes it the way the client does (lossless numbers). */
export function loadEnvelope(dir: string, file: string): SpotEnvelope {
  return parseVenueJson(readFileSync(path.join(dir, file), 'utf8')) as SpotEnvelope;
}

/** Loads a repo fixture's `result` (success fixtures only). */
export function loadResult(file: string): Record<string, unknown> {
  const envelope = loadEnvelope(repoFixtureDir, file);
  if (envelope.error.length > 0) throw new Error(`${file} is an error envelope`);
  return envelope.result as Record<string, unknown>;
}
