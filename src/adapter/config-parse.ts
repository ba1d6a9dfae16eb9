/**
 * Validating parsers for the Kraken client configs. The node hands a client whatever the user
 * wrote under its name, so the input is `unknown`: every field is checked, defaults applied, and
 * all problems reported at once in one `KrakenValidationError` whose issues name the fields.
 * Unknown keys are refused too, so a misspelt option fails loudly instead of silently defaulting.
 */
import { KrakenValidationError, type ValidationIssue } from '../core/errors.js';
import {
  KRAKEN_CLIENT_DEFAULTS,
  type ResolvedKrakenClientConfig,
  type ResolvedKrakenDataClientConfig,
  type ResolvedKrakenExecClientConfig,
} from './config.js';
import { KrakenEnvironment, KrakenProductType, KrakenSpotAccountType } from './constants.js';
import { resolveKrakenCredentials, type EnvironmentVariables } from './credentials.js';
import { KRAKEN_RATE_LIMIT_TIERS } from '../kraken/ratelimit/tiers.js';
import type { NonceShare } from '../transport/nonce-store.js';

export interface ConfigParseOptions {
  /** Where credentials are read from when the config omits them; default `process.env`. */
  readonly env?: EnvironmentVariables;
}

const COMMON_KEYS = [
  'apiKey',
  'apiSecret',
  'environment',
  'productTypes',
  'baseUrlHttpSpot',
  'baseUrlHttpFutures',
  'baseUrlWsSpot',
  'baseUrlWsFutures',
  'proxyUrl',
  'maxRetries',
  'retryDelayInitialMs',
  'retryDelayMaxMs',
  'httpTimeoutSecs',
  'wsHeartbeatSecs',
  'maxRequestsPerSecond',
  'futuresApi',
  'baseUrlWsUnified',
  'rateLimitTier',
  'rateLimitMaxWaitSecs',
  'historyCallCost',
  'nonceStateDir',
  'nonceShare',
  'nonceBreakerThreshold',
] as const;
const DATA_KEYS = [...COMMON_KEYS, 'updateInstrumentsIntervalMins'] as const;
const EXEC_KEYS = [
  ...COMMON_KEYS,
  'useSpotPositionReports',
  'spotPositionsQuoteCurrency',
  'spotAccountType',
  'defaultLeverage',
  'marginBalanceAsset',
  'useWsTrade',
  'validateOrders',
  'wsRequestTimeoutSecs',
  'cancelAllAfterSecs',
  'futuresLeverage',
] as const;

/** Reads fields off the raw object, collecting issues instead of throwing at the first. */
class FieldReader {
  readonly issues: ValidationIssue[] = [];
  constructor(private readonly raw: Readonly<Record<string, unknown>>) {}

  private bad(field: string, message: string): undefined {
    this.issues.push({ path: `/${field}`, message: `${field} ${message}` });
    return undefined;
  }

  /** A non-empty string or null. The value is never echoed back (it may be a secret). */
  string(field: string): string | null | undefined {
    const v = this.raw[field];
    if (v === undefined || v === null) return v;
    if (typeof v !== 'string') return this.bad(field, `must be a string or null, got ${typeof v}`);
    if (v.trim() === '') return this.bad(field, 'must not be empty');
    return v;
  }

  /** For options whose default is not null: null is refused rather than silently defaulted. */
  notNull(field: string, defaultText: string): boolean {
    if (this.raw[field] !== null) return true;
    this.bad(field, `cannot be null (omit it for the default, ${defaultText})`);
    return false;
  }

  url(field: string, protocols: readonly string[], echo = true): string | null | undefined {
    const v = this.string(field);
    if (typeof v !== 'string') return v;
    let parsed: URL | undefined;
    try {
      parsed = new URL(v);
    } catch {
      parsed = undefined;
    }
    if (parsed === undefined || !protocols.includes(parsed.protocol)) {
      return this.bad(
        field,
        `must be a ${protocols.map((p) => p.replace(':', '')).join(' or ')} URL${echo ? `, got ${JSON.stringify(v.slice(0, 80))}` : ''}`,
      );
    }
    return v;
  }

  number(field: string, rule: { integer?: boolean; min: number; exclusiveMin?: boolean }): number | null | undefined {
    const v = this.raw[field];
    if (v === undefined || v === null) return v;
    if (typeof v !== 'number' || !Number.isFinite(v))
      return this.bad(field, `must be a finite number or null, got ${typeof v === 'number' ? String(v) : typeof v}`);
    if (rule.integer === true && !Number.isInteger(v)) return this.bad(field, `must be an integer, got ${v}`);
    if (rule.exclusiveMin === true ? v <= rule.min : v < rule.min)
      return this.bad(field, `must be ${rule.exclusiveMin === true ? 'greater than' : 'at least'} ${rule.min}, got ${v}`);
    return v;
  }

  /** A map of symbol → leverage (a number of at least 1), or null. */
  leverageMap(field: string): Readonly<Record<string, number>> | null | undefined {
    const v = this.raw[field];
    if (v === undefined || v === null) return v;
    if (typeof v !== 'object' || Array.isArray(v)) return this.bad(field, 'must be an object of symbol → leverage, or null');
    const out: Record<string, number> = {};
    for (const [symbol, lev] of Object.entries(v as Record<string, unknown>)) {
      if (typeof lev !== 'number' || !Number.isFinite(lev) || lev < 1)
        return this.bad(`${field}/${symbol}`, `must be a number of at least 1, got ${typeof lev === 'number' ? String(lev) : typeof lev}`);
      out[symbol] = lev;
    }
    return Object.freeze(out);
  }

  /** A directory path, `false` (in memory only) or null. */
  stateDir(field: string): string | false | null | undefined {
    const v = this.raw[field];
    if (v === false) return false;
    return this.string(field);
  }

  /** `{ slot, slots }`: integers with 0 ≤ slot < slots and slots ≥ 2, or null. */
  nonceShare(field: string): NonceShare | null | undefined {
    const v = this.raw[field];
    if (v === undefined || v === null) return v;
    const o = v as Partial<Record<string, unknown>>;
    const { slot, slots } = o;
    if (
      typeof v !== 'object' ||
      Array.isArray(v) ||
      Object.keys(o).some((k) => k !== 'slot' && k !== 'slots') ||
      typeof slot !== 'number' ||
      typeof slots !== 'number' ||
      !Number.isSafeInteger(slot) ||
      !Number.isSafeInteger(slots) ||
      slots < 2 ||
      slot < 0 ||
      slot >= slots
    )
      return this.bad(field, 'must be { slot, slots } with integers 0 ≤ slot < slots and slots ≥ 2, or null');
    return Object.freeze({ slot, slots });
  }

  boolean(field: string): boolean | undefined {
    const v = this.raw[field];
    if (v === undefined) return undefined;
    if (typeof v !== 'boolean') return this.bad(field, `must be true or false, got ${v === null ? 'null' : typeof v}`);
    return v;
  }

  oneOf<T extends string>(field: string, allowed: readonly T[]): T | undefined {
    const v = this.raw[field];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
      return this.bad(
        field,
        `must be one of ${allowed.join(', ')}, got ${typeof v === 'string' ? JSON.stringify(v.slice(0, 40)) : typeof v}`,
      );
    }
    return v as T;
  }

  productTypes(): readonly KrakenProductType[] | undefined {
    const v = this.raw['productTypes'];
    if (v === undefined) return undefined;
    const allowed = Object.values(KrakenProductType) as string[];
    if (!Array.isArray(v) || v.length === 0) return this.bad('productTypes', `must be a non-empty list of ${allowed.join(', ')}`);
    const out: KrakenProductType[] = [];
    for (const [i, p] of v.entries()) {
      if (typeof p !== 'string' || !allowed.includes(p))
        return this.bad(
          `productTypes/${i}`,
          `must be one of ${allowed.join(', ')}, got ${typeof p === 'string' ? JSON.stringify(p.slice(0, 40)) : typeof p}`,
        );
      if (out.includes(p as KrakenProductType)) return this.bad(`productTypes/${i}`, `repeats ${p}`);
      out.push(p as KrakenProductType);
    }
    return Object.freeze(out);
  }

  unknownKeys(known: readonly string[]): void {
    for (const key of Object.keys(this.raw)) {
      if (!known.includes(key))
        this.issues.push({ path: `/${key.slice(0, 60)}`, message: `${key.slice(0, 60)} is not a Kraken client option` });
    }
  }
}

function asObject(input: unknown, what: string): Readonly<Record<string, unknown>> {
  if (input === undefined || input === null) return {};
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw new KrakenValidationError(what, [
      { path: '', message: `the config must be an object, got ${Array.isArray(input) ? 'an array' : typeof input}` },
    ]);
  }
  return input as Readonly<Record<string, unknown>>;
}

function parseCommon(r: FieldReader, what: string, options: ConfigParseOptions): () => ResolvedKrakenClientConfig {
  const environment = r.oneOf('environment', Object.values(KrakenEnvironment)) ?? KRAKEN_CLIENT_DEFAULTS.environment;
  const productTypes = r.productTypes() ?? KRAKEN_CLIENT_DEFAULTS.productTypes;
  if (environment === KrakenEnvironment.DEMO && productTypes.includes(KrakenProductType.SPOT)) {
    r.issues.push({ path: '/environment', message: 'environment DEMO exists for FUTURES only: remove SPOT from productTypes or use LIVE' });
  }
  const apiKey = r.string('apiKey');
  const apiSecret = r.string('apiSecret');
  const httpUrl = ['http:', 'https:'];
  const wsUrl = ['ws:', 'wss:'];
  const common = {
    environment,
    productTypes,
    baseUrlHttpSpot: r.url('baseUrlHttpSpot', httpUrl) ?? null,
    baseUrlHttpFutures: r.url('baseUrlHttpFutures', httpUrl) ?? null,
    baseUrlWsSpot: r.url('baseUrlWsSpot', wsUrl) ?? null,
    baseUrlWsFutures: r.url('baseUrlWsFutures', wsUrl) ?? null,
    // A proxy URL may carry a password: never echoed.
    proxyUrl: r.url('proxyUrl', httpUrl, false) ?? null,
    maxRetries: r.number('maxRetries', { integer: true, min: 0 }) ?? null,
    retryDelayInitialMs: r.number('retryDelayInitialMs', { min: 0 }) ?? null,
    retryDelayMaxMs: r.number('retryDelayMaxMs', { min: 0 }) ?? null,
    httpTimeoutSecs: r.number('httpTimeoutSecs', { min: 0, exclusiveMin: true }) ?? null,
    wsHeartbeatSecs: r.number('wsHeartbeatSecs', { min: 0, exclusiveMin: true }) ?? KRAKEN_CLIENT_DEFAULTS.wsHeartbeatSecs,
    maxRequestsPerSecond: r.number('maxRequestsPerSecond', { min: 0, exclusiveMin: true }) ?? null,
    futuresApi: r.oneOf('futuresApi', ['unified', 'legacy'] as const) ?? KRAKEN_CLIENT_DEFAULTS.futuresApi,
    baseUrlWsUnified: r.url('baseUrlWsUnified', wsUrl) ?? null,
    rateLimitTier: r.oneOf('rateLimitTier', KRAKEN_RATE_LIMIT_TIERS) ?? null,
    rateLimitMaxWaitSecs: r.number('rateLimitMaxWaitSecs', { min: 0, exclusiveMin: true }) ?? null,
    historyCallCost: r.number('historyCallCost', { min: 0, exclusiveMin: true }) ?? null,
    nonceStateDir: r.stateDir('nonceStateDir') ?? null,
    nonceShare: r.nonceShare('nonceShare') ?? null,
    nonceBreakerThreshold: r.number('nonceBreakerThreshold', { integer: true, min: 1 }) ?? null,
  };
  r.notNull('wsHeartbeatSecs', '30');
  if (common.retryDelayInitialMs !== null && common.retryDelayMaxMs !== null && common.retryDelayMaxMs < common.retryDelayInitialMs) {
    r.issues.push({
      path: '/retryDelayMaxMs',
      message: `retryDelayMaxMs (${common.retryDelayMaxMs}) is below retryDelayInitialMs (${common.retryDelayInitialMs})`,
    });
  }
  // Credentials last, once the rest is known good: they depend on productTypes and environment.
  return () => {
    if (r.issues.length > 0) throw new KrakenValidationError(what, r.issues);
    const credentials = resolveKrakenCredentials(
      { apiKey: apiKey ?? null, apiSecret: apiSecret ?? null },
      productTypes,
      environment,
      options.env ?? process.env,
      common.futuresApi,
    );
    return { ...common, credentials };
  };
}

/** The data client's config from whatever the user wrote; throws `KrakenValidationError` naming each bad field. */
export function parseKrakenDataClientConfig(input: unknown, options: ConfigParseOptions = {}): ResolvedKrakenDataClientConfig {
  const what = 'KrakenDataClientConfig';
  const r = new FieldReader(asObject(input, what));
  r.unknownKeys(DATA_KEYS);
  const finish = parseCommon(r, what, options);
  const interval = r.number('updateInstrumentsIntervalMins', { min: 0, exclusiveMin: true });
  const common = finish();
  return Object.freeze({
    ...common,
    updateInstrumentsIntervalMins: interval === undefined ? KRAKEN_CLIENT_DEFAULTS.updateInstrumentsIntervalMins : interval,
  });
}

/** The execution client's config from whatever the user wrote; throws `KrakenValidationError` naming each bad field. */
export function parseKrakenExecClientConfig(input: unknown, options: ConfigParseOptions = {}): ResolvedKrakenExecClientConfig {
  const what = 'KrakenExecClientConfig';
  const r = new FieldReader(asObject(input, what));
  r.unknownKeys(EXEC_KEYS);
  const finish = parseCommon(r, what, options);
  const extra = {
    useSpotPositionReports: r.boolean('useSpotPositionReports') ?? KRAKEN_CLIENT_DEFAULTS.useSpotPositionReports,
    spotPositionsQuoteCurrency: r.string('spotPositionsQuoteCurrency') ?? KRAKEN_CLIENT_DEFAULTS.spotPositionsQuoteCurrency,
    spotAccountType: r.oneOf('spotAccountType', Object.values(KrakenSpotAccountType)) ?? KRAKEN_CLIENT_DEFAULTS.spotAccountType,
    defaultLeverage: r.number('defaultLeverage', { min: 1 }) ?? null,
    marginBalanceAsset: r.string('marginBalanceAsset') ?? null,
    useWsTrade: r.boolean('useWsTrade') ?? KRAKEN_CLIENT_DEFAULTS.useWsTrade,
    validateOrders: r.boolean('validateOrders') ?? KRAKEN_CLIENT_DEFAULTS.validateOrders,
    wsRequestTimeoutSecs: r.number('wsRequestTimeoutSecs', { min: 0, exclusiveMin: true }) ?? KRAKEN_CLIENT_DEFAULTS.wsRequestTimeoutSecs,
    cancelAllAfterSecs: r.number('cancelAllAfterSecs', { integer: true, min: 1 }) ?? null,
    futuresLeverage: r.leverageMap('futuresLeverage') ?? null,
  };
  if (extra.cancelAllAfterSecs !== null && extra.cancelAllAfterSecs >= 86400)
    r.issues.push({ path: '/cancelAllAfterSecs', message: `cancelAllAfterSecs must be below 86400, got ${extra.cancelAllAfterSecs}` });
  r.notNull('spotPositionsQuoteCurrency', '"USDT"');
  r.notNull('wsRequestTimeoutSecs', '5');
  const common = finish();
  return Object.freeze({ ...common, ...extra });
}
