/**
 * What a Futures execution confirms before it takes an order: the key is valid and may read the
 * account (`accounts`), and it may trade. Kraken Futures has no endpoint that lists a key's
 * permissions, so trading is probed with a cancel of a client order id that cannot exist: a key
 * allowed to trade gets the venue's `notFound` (nothing changes at the venue), a read-only key gets
 * `authenticationError`. Either failure stops the start with an error that says which key, from
 * where, and what it lacks; the key itself is never named.
 */
import { KrakenAuthError } from '../../../core/errors.js';
import type { KrakenFuturesRawHttpClient } from '../../../kraken/futures/http/raw-client.js';
import { confirmCredentials, credentialSourceOf } from '../../common/credential-check.js';
import type { ProductCredentials } from '../../credentials.js';

/** The client order id of the trade-permission probe (no order of ours ever carries it). */
export const PERMISSION_PROBE_CLI_ORD_ID = 'krakenkit-trade-permission-probe';

export async function confirmFuturesTrading(raw: KrakenFuturesRawHttpClient, credentials: ProductCredentials | null): Promise<void> {
  const source = await confirmFuturesRead(raw, credentials, 'an execution client needs query and trade access');
  try {
    await raw.cancelorder({ cliOrdId: PERMISSION_PROBE_CLI_ORD_ID });
  } catch (e) {
    if (!(e instanceof KrakenAuthError)) throw e;
    throw authError(
      e.codes,
      `Kraken Futures: the API key from ${source} may read the account but not trade (${e.codes.join('; ')}): give it full access before trading`,
      e,
    );
  }
}

/**
 * The Derivatives key is valid and may read the account (`accounts`); returns where the key came
 * from. With `futuresApi: 'unified'` this is all the Derivatives key needs: it reads history and
 * sets leverage preferences over the legacy REST, while orders go over the Unified WebSocket.
 */
export async function confirmFuturesRead(
  raw: KrakenFuturesRawHttpClient,
  credentials: ProductCredentials | null,
  needs = 'the execution client reads history and sets leverage over the Derivatives REST',
): Promise<string> {
  if (credentials === null) {
    throw authError(
      ['krakenkit: Kraken Futures trading needs an API key'],
      'Kraken Futures trading needs an API key and secret: set apiKey / apiSecret in the config or the KRAKEN_FUTURES_API_KEY / KRAKEN_FUTURES_API_SECRET variables (DEMO: KRAKEN_FUTURES_DEMO_API_KEY / _SECRET)',
    );
  }
  const source = credentialSourceOf(credentials);
  const warning = await confirmCredentials({ product: 'Futures', credentials, call: () => raw.accounts() });
  if (warning !== null) {
    throw authError(
      ['insufficientPermissions'],
      `Kraken Futures: the API key from ${source} cannot read the account (${warning}); ${needs}`,
    );
  }
  return source;
}

export function authError(codes: readonly string[], message: string, cause?: unknown): KrakenAuthError {
  const err = new KrakenAuthError(codes, cause === undefined ? {} : { cause });
  err.message = message;
  return err;
}
