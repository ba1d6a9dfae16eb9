/**
 * Fixture loading for the report builders' tests (not a test file): our full-envelope fixtures in
 * fixtures/reports and the third-party payloads in ../shared, decoded losslessly and validated by
 * the generated response validators exactly as the raw REST clients do before the builders see them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { responseValidators as historyValidators } from '../../../../generated/futures-history/validators.gen.js';
import { responseValidators as futuresValidators } from '../../../../generated/futures-rest/validators.gen.js';
import { responseValidators as spotValidators } from '../../../../generated/spot-rest/validators.gen.js';
import type { SpotRestOperationId } from '../../../../generated/spot-rest/routes.gen.js';
import { instrumentLookup } from '../../../../src/adapter/execution/reports/instrument-lookup.js';
import type { ReportContext } from '../../../../src/adapter/execution/reports/report-context.js';
import { parseFuturesInstruments } from '../../../../src/adapter/instruments/futures-instruments.js';
import { parseSpotInstruments } from '../../../../src/adapter/instruments/spot-instruments.js';
import { parseVenueJson } from '../../../../src/core/json.js';
import { AccountId } from '../../../../src/model/identifiers.js';
import { validateOrThrow } from '../../../../src/transport/validation.js';
import { sharedReferencePresent } from '../../../helpers/shared-reference.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const ours = (p: string): string => path.join(root, 'fixtures/reports', p);
export const sharedDir = path.resolve(root, '../shared/fixtures/kraken');
export const hasShared =
  sharedReferencePresent(path.join(sharedDir, 'spot/http')) && sharedReferencePresent(path.join(sharedDir, 'futures/http'));
export const SHARED_SKIP = 'third-party payloads absent: ../shared/fixtures/kraken not found next to the repository';

export function decode(file: string): Record<string, unknown> {
  return parseVenueJson(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

/** The validated `result` of a Spot envelope. */
export function spotResult<T>(op: SpotRestOperationId, file: string): T {
  const env = decode(file);
  return validateOrThrow<unknown>(spotValidators[op], env['result'], op, file) as T;
}
export const ourSpot = <T>(op: SpotRestOperationId, name: string): T => spotResult<T>(op, ours(`spot/${name}`));

/** A validated Futures trading body. */
export function futuresBody<T>(op: keyof typeof futuresValidators, file: string): T {
  return validateOrThrow<unknown>(futuresValidators[op], decode(file), op, file) as T;
}
export const ourFutures = <T>(op: keyof typeof futuresValidators, name: string): T => futuresBody<T>(op, ours(`futures/${name}`));

/** A validated Futures history body. */
export function historyBody<T>(op: keyof typeof historyValidators, file: string): T {
  return validateOrThrow<unknown>(historyValidators[op], decode(file), op, file) as T;
}
export const ourHistory = <T>(op: keyof typeof historyValidators, name: string): T => historyBody<T>(op, ours(`futures/${name}`));

const spot = parseSpotInstruments(ourSpot('AssetPairs', 'asset_pairs.json'), undefined, 0n);
const futures = parseFuturesInstruments(ourFutures('instruments', 'instruments.json'), new Map(), 0n);
if (spot.failures.length > 0 || futures.failures.length > 0) throw new Error('report fixture instruments did not all parse');

export const lookup = instrumentLookup(() => [...spot.instruments, ...futures.instruments]);
export const ACCOUNT = new AccountId('KRAKEN-001');
export const TS_INIT = 1_767_614_500_000_000_000n;
export const ctx: ReportContext = { accountId: ACCOUNT, instruments: lookup, tsInit: TS_INIT };
