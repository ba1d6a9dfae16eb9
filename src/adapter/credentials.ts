/**
 * API credentials of the Kraken clients: from the config when given, else from the environment,
 * per product (Spot and Futures keys are different keys; Futures DEMO has its own). The
 * environment is passed in, so tests never read the real process environment, and a secret is
 * only ever held by an `ApiCredentials`, which masks itself in logs, JSON and `util.inspect`.
 */
import { KrakenValidationError } from '../core/errors.js';
import { ApiCredentials } from '../kraken/common/credentials.js';
import { KrakenEnvironment, KrakenProductType } from './constants.js';

/** The environment variables each product reads its key and secret from. */
export const KRAKEN_CREDENTIAL_VARIABLES = Object.freeze({
  SPOT: Object.freeze({ key: 'KRAKEN_SPOT_API_KEY', secret: 'KRAKEN_SPOT_API_SECRET' }),
  FUTURES_LIVE: Object.freeze({ key: 'KRAKEN_FUTURES_API_KEY', secret: 'KRAKEN_FUTURES_API_SECRET' }),
  FUTURES_DEMO: Object.freeze({ key: 'KRAKEN_FUTURES_DEMO_API_KEY', secret: 'KRAKEN_FUTURES_DEMO_API_SECRET' }),
});

export type CredentialVariables = { readonly key: string; readonly secret: string };

/** The variables read for a product in an environment. */
export function credentialVariablesFor(product: KrakenProductType, environment: KrakenEnvironment): CredentialVariables {
  if (product === KrakenProductType.SPOT) return KRAKEN_CREDENTIAL_VARIABLES.SPOT;
  return environment === KrakenEnvironment.DEMO ? KRAKEN_CREDENTIAL_VARIABLES.FUTURES_DEMO : KRAKEN_CREDENTIAL_VARIABLES.FUTURES_LIVE;
}

/** Credentials for one product and where they came from (so an auth failure can name the source). */
export interface ProductCredentials {
  readonly credentials: ApiCredentials;
  readonly source: 'config' | 'environment';
  /** The variables they were read from; null when they came from the config. */
  readonly variables: CredentialVariables | null;
}

/** Null for a product that is not configured or has no credentials (public data only). */
export interface KrakenCredentialSet {
  readonly spot: ProductCredentials | null;
  readonly futures: ProductCredentials | null;
  /**
   * The Kraken (Spot) key that fetches Unified WebSocket tokens (`GetWebSocketsToken`), when
   * FUTURES runs on `futuresApi: 'unified'`: the Spot credentials when SPOT is configured too, else
   * the Spot variables of the environment. Derivatives keys are not used on the Unified WebSocket.
   */
  readonly unified: ProductCredentials | null;
}

export type EnvironmentVariables = Readonly<Record<string, string | undefined>>;

function credentialsOrIssue(key: string, secret: string, keyWhere: string, secretWhere: string): ApiCredentials {
  if (key.trim() !== key || key === '') throw issue(keyWhere, 'is empty or has surrounding blanks');
  try {
    return new ApiCredentials(key, secret);
  } catch {
    // ApiCredentials refuses a secret that is not base64; the message names where it came from,
    // never the value.
    throw issue(secretWhere, 'is not a base64 Kraken API secret');
  }
}

function issue(where: string, message: string): KrakenValidationError {
  return new KrakenValidationError('Kraken client config', [{ path: where, message: `${where.replace(/^\//, '')} ${message}` }]);
}

function fromEnvironment(variables: CredentialVariables, env: EnvironmentVariables): ProductCredentials | null {
  const key = env[variables.key];
  const secret = env[variables.secret];
  const hasKey = key !== undefined && key !== '';
  const hasSecret = secret !== undefined && secret !== '';
  if (!hasKey && !hasSecret) return null;
  if (!hasKey) throw issue(variables.key, `is not set while ${variables.secret} is: set both or neither`);
  if (!hasSecret) throw issue(variables.secret, `is not set while ${variables.key} is: set both or neither`);
  return { credentials: credentialsOrIssue(key, secret, variables.key, variables.secret), source: 'environment', variables };
}

/**
 * Resolves credentials for every configured product. `apiKey`/`apiSecret` in the config serve
 * the one configured product; with both SPOT and FUTURES configured they would be ambiguous (a
 * Kraken key belongs to one of them), so each product then reads its own environment variables.
 */
export function resolveKrakenCredentials(
  config: { readonly apiKey: string | null; readonly apiSecret: string | null },
  productTypes: readonly KrakenProductType[],
  environment: KrakenEnvironment,
  env: EnvironmentVariables,
  futuresApi: 'legacy' | 'unified' = 'legacy',
): KrakenCredentialSet {
  const explicit = config.apiKey !== null || config.apiSecret !== null;
  if (explicit) {
    if (config.apiKey === null) throw issue('/apiKey', 'is missing while apiSecret is given: give both or neither');
    if (config.apiSecret === null) throw issue('/apiSecret', 'is missing while apiKey is given: give both or neither');
    if (productTypes.length !== 1) {
      throw issue(
        '/apiKey',
        `cannot serve both SPOT and FUTURES (Kraken keys belong to one product): omit it and set ${KRAKEN_CREDENTIAL_VARIABLES.SPOT.key} and ${credentialVariablesFor('FUTURES', environment).key} instead`,
      );
    }
  }
  const resolve = (product: KrakenProductType): ProductCredentials | null => {
    if (!productTypes.includes(product)) return null;
    if (explicit)
      return {
        credentials: credentialsOrIssue(config.apiKey as string, config.apiSecret as string, '/apiKey', '/apiSecret'),
        source: 'config',
        variables: null,
      };
    return fromEnvironment(credentialVariablesFor(product, environment), env);
  };
  const spot = resolve(KrakenProductType.SPOT);
  const unified =
    futuresApi !== 'unified' || !productTypes.includes(KrakenProductType.FUTURES)
      ? null
      : (spot ?? fromEnvironment(KRAKEN_CREDENTIAL_VARIABLES.SPOT, env));
  return Object.freeze({ spot, futures: resolve(KrakenProductType.FUTURES), unified });
}
