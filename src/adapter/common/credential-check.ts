/**
 * Confirms configured API credentials when a client starts, with one cheap private call per
 * product (Spot `Balance`, Futures `accounts`), so a wrong key fails `connect()` at once with an
 * error that says where the key came from (the environment variable or the config field) instead
 * of surfacing later as a failed order. A key Kraken accepts but that lacks the permission for
 * that call is a valid key: it passes, with a warning. The key itself is never named.
 */
import { KrakenAuthError } from '../../core/errors.js';
import type { ProductCredentials } from '../credentials.js';

/** Venue answers that mean "the key is valid, it may not do this". */
const PERMISSION_ONLY = [/^EGeneral:Permission denied/, /^EAccount:Invalid permissions/, /^insufficientPermissions$/];

/** Where a product's credentials came from, in words a user can act on. */
export function credentialSourceOf(credentials: ProductCredentials): string {
  if (credentials.source === 'config' || credentials.variables === null) return 'the config fields apiKey / apiSecret';
  return `the environment variables ${credentials.variables.key} / ${credentials.variables.secret}`;
}

export interface CredentialProbe {
  /** `Spot` or `Futures`, for messages. */
  readonly product: string;
  readonly credentials: ProductCredentials;
  /** One private call that any valid key of the product may make. */
  readonly call: () => Promise<unknown>;
}

/**
 * Runs the probe. Resolves with a warning when the key is valid but lacks the probe's permission;
 * rejects with `KrakenAuthError` naming the source when Kraken refuses the key; any other failure
 * (network, venue down) is passed on as it is: the credentials could not be confirmed.
 */
export async function confirmCredentials(probe: CredentialProbe): Promise<string | null> {
  try {
    await probe.call();
    return null;
  } catch (e) {
    if (!(e instanceof KrakenAuthError)) throw e;
    const source = credentialSourceOf(probe.credentials);
    if (e.codes.some((c) => PERMISSION_ONLY.some((p) => p.test(c)))) {
      return `Kraken ${probe.product} accepted the API key from ${source}, but it lacks a permission (${e.codes.join('; ')}); market data needs none`;
    }
    const err = new KrakenAuthError(e.codes, { ...(e.endpoint === undefined ? {} : { endpoint: e.endpoint }), cause: e });
    err.message = `Kraken ${probe.product} refused the API key from ${source} (${e.codes.join('; ') || e.message}): check that both are set to a valid ${probe.product} key`;
    throw err;
  }
}
