/**
 * `krakenkit start` (`npm start`): the main job. Against the embedded simulator by default (or
 * endpoints given with `--spot-url` etc.); `--live` talks to real Kraken, read-only unless
 * `--trade`, which needs both products' credentials and a confirmation (on a terminal, or
 * `--yes`). Everything is checked before anything connects. The job itself is main-job.ts.
 */
import { KrakenAuthError } from '../core/errors.js';
import { KRAKEN_CREDENTIAL_VARIABLES, type EnvironmentVariables } from '../adapter/credentials.js';
import { CliUsageError } from './exit-codes.js';
import type { CliIo } from './io.js';
import { runMainJob, type MainJobResult } from './main-job.js';
import { openVenue, type VenueFlags } from './venue.js';

export interface StartOptions {
  readonly durationSecs?: number;
  readonly trade?: boolean;
  readonly yes?: boolean;
  readonly validate?: boolean;
  /** Seconds between the strategy's steps (default 2). */
  readonly stepSecs?: number;
  /** Seconds between plain status lines off a terminal (default 5; the terminal view redraws every second). */
  readonly statusEverySecs?: number;
  /** Leave open orders at the venue on stop (default: they are cancelled). */
  readonly keepOrders?: boolean;
  /** Stops the job like Ctrl-C (tests, embedding). */
  readonly signal?: AbortSignal;
}

/** The variables that must be set for trading on real Kraken, named when any is missing. */
export function missingTradingCredentials(env: EnvironmentVariables): string[] {
  const vars = [KRAKEN_CREDENTIAL_VARIABLES.SPOT, KRAKEN_CREDENTIAL_VARIABLES.FUTURES_LIVE].flatMap((v) => [v.key, v.secret]);
  return vars.filter((v) => (env[v] ?? '') === '');
}

/** The checks made before anything connects: flags that do not go together, credentials, the confirmation. */
export async function checkStart(flags: VenueFlags, o: StartOptions, io: CliIo, env: EnvironmentVariables): Promise<void> {
  const live = flags.live === true;
  if (!live && o.trade === true) throw new CliUsageError('--trade is for --live (the simulator always trades)');
  if (!live && o.validate === true) throw new CliUsageError('--validate is for --live');
  if (o.validate === true && o.trade !== true) throw new CliUsageError('--validate needs --trade (read-only runs send no orders)');
  if (!live || o.trade !== true) return;
  const missing = missingTradingCredentials(env);
  if (missing.length > 0) throw new KrakenAuthError([`missing credentials for --live --trade: set ${missing.join(', ')}`]);
  if (o.yes === true) return;
  if (io.confirm === undefined)
    throw new CliUsageError('refusing to trade on real Kraken without confirmation: run on a terminal or pass --yes');
  if (!(await io.confirm('Trade with real money on Kraken (Spot and Futures)?')))
    throw new CliUsageError('not confirmed: nothing was sent');
}

export async function runStartCommand(flags: VenueFlags, o: StartOptions, io: CliIo, env: EnvironmentVariables): Promise<MainJobResult> {
  await checkStart(flags, o, io, env);
  const venue = await openVenue(flags, env);
  try {
    return await runMainJob(venue, { ...o, trading: flags.live !== true || o.trade === true, validateOnly: o.validate === true }, io);
  } finally {
    await venue.close();
  }
}
