/**
 * Every Spot REST payload we hold, checked against the generated response validator of its
 * operation: our documented-format fixtures (fixtures/spot/http) and the third-party recorded
 * ones (../shared/fixtures/kraken/spot/http). Payloads are decoded from text with
 * `parseVenueJson`, exactly as the HTTP client does, so decimals arrive as exact strings.
 */
import { describe, expect, it } from 'vitest';
import { classifyVenueError } from '../../../src/kraken/common/error-table.js';
import { KrakenApiError, KrakenNonceError, KrakenOrderRejectedError, KrakenRateLimitError } from '../../../src/core/errors.js';
import { issuesOf } from '../../../src/transport/validation.js';
import { responseValidators } from '../../../generated/spot-rest/validators.gen.js';
import {
  SHARED_FIXTURE_OPERATIONS,
  jsonFilesIn,
  loadEnvelope,
  operationForRepoFixture,
  operationIds,
  repoFixtureDir,
  sharedFixtureDir,
  sharedFixturesPresent,
} from './fixture-files.js';

const repoFiles = jsonFilesIn(repoFixtureDir);
const successFiles = repoFiles.filter((f) => loadEnvelope(repoFixtureDir, f).error.length === 0);
const errorFiles = repoFiles.filter((f) => loadEnvelope(repoFixtureDir, f).error.length > 0);

describe('repo fixtures (fixtures/spot/http)', () => {
  it('every file name maps to an operation of the schema', () => {
    const unmapped = repoFiles.filter((f) => operationForRepoFixture(f) === undefined);
    expect(unmapped).toEqual([]);
  });

  it('covers every operation with at least one success payload', () => {
    const covered = new Set(successFiles.map((f) => operationForRepoFixture(f)));
    expect(operationIds.filter((id) => !covered.has(id))).toEqual([]);
  });

  it.each(successFiles)('%s matches its result schema', (file) => {
    const op = operationForRepoFixture(file)!;
    const envelope = loadEnvelope(repoFixtureDir, file);
    expect(envelope.error).toEqual([]);
    const valid = responseValidators[op](envelope.result);
    expect(valid ? [] : issuesOf(responseValidators[op])).toEqual([]);
  });

  // Error envelopes carry no `result`; what matters is that the error table types them.
  const expectedErrorClass: Record<string, typeof KrakenApiError> = {
    'http_post_add_order_error_insufficient_funds.json': KrakenOrderRejectedError,
    'http_post_add_order_error_invalid_ordertype.json': KrakenApiError,
    'http_post_add_order_error_rate_limit.json': KrakenRateLimitError,
    'http_post_balance_error_invalid_nonce.json': KrakenNonceError,
    'http_post_open_orders_error_throttled.json': KrakenRateLimitError,
    'http_get_ticker_error_unknown_pair.json': KrakenApiError,
  };

  it('has an expectation for every error envelope', () => {
    expect(errorFiles.sort()).toEqual(Object.keys(expectedErrorClass).sort());
  });

  it.each(errorFiles)('%s is a string-array error envelope without result and classifies', (file) => {
    const envelope = loadEnvelope(repoFixtureDir, file);
    expect(envelope.result).toBeUndefined();
    expect(envelope.error.every((e) => typeof e === 'string' && /^[EW][A-Za-z]+:/.test(e))).toBe(true);
    const err = classifyVenueError(envelope.error, { endpoint: operationForRepoFixture(file)! });
    expect(err.constructor).toBe(expectedErrorClass[file]);
    expect(err.codes).toEqual(envelope.error);
  });

  it('the throttled error carries the retry time (note the spaces in "EService: Throttled: <ts>")', () => {
    const envelope = loadEnvelope(repoFixtureDir, 'http_post_open_orders_error_throttled.json');
    const err = classifyVenueError(envelope.error);
    expect(err).toBeInstanceOf(KrakenRateLimitError);
    expect((err as KrakenRateLimitError).retryAtMs).toBe(1_700_000_000_000);
  });
});

// The folder is shared material, never copied into the repo: without it the suite is skipped and says why.
const sharedTitle = sharedFixturesPresent
  ? 'third-party recorded fixtures (../shared/fixtures/kraken/spot/http)'
  : `third-party recorded fixtures: SKIPPED, ${sharedFixtureDir} not found`;

describe.skipIf(!sharedFixturesPresent)(sharedTitle, () => {
  const files = sharedFixturesPresent ? jsonFilesIn(sharedFixtureDir) : [];

  it('every file is mapped to an operation', () => {
    expect(files.filter((f) => !(f in SHARED_FIXTURE_OPERATIONS))).toEqual([]);
  });

  // None of the 16 contradicts Kraken's documented format, so none is expected to fail.
  // (http_add_order_spot.json adds undocumented descr.pair/type/... fields: kept as unknown fields.)
  it.each(files.filter((f) => f in SHARED_FIXTURE_OPERATIONS))('%s matches its result schema', (file) => {
    const op = SHARED_FIXTURE_OPERATIONS[file]!;
    const envelope = loadEnvelope(sharedFixtureDir, file);
    expect(envelope.error).toEqual([]);
    const valid = responseValidators[op](envelope.result);
    expect(valid ? [] : issuesOf(responseValidators[op])).toEqual([]);
  });
});
