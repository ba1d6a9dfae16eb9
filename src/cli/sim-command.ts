/**
 * `krakenkit sim [--port <n>] [--seed <n>] [--fault <spec>]... [--tier starter|intermediate|pro] [--no-limits]`
 *
 * Runs the Kraken simulator standalone on 127.0.0.1, prints its URLs and the demo credentials
 * (the simulator's own deterministic keys, not secrets of any real account), and stops cleanly
 * on SIGINT/SIGTERM. With `--port n` the five servers take ports n..n+4 (Spot REST, Spot WS
 * public, Spot WS auth, Futures REST, Futures WS); without it they take ephemeral ports.
 * Faults can also be armed at run time over HTTP: `POST <spotRest>/__sim/faults`.
 */
import { KrakenValidationError } from '../core/errors.js';
import { parseFaultSpec, type FaultRule } from '../sim/faults/fault-rules.js';
import type { KrakenTier } from '../sim/limits/tiers.js';
import { startKrakenSim, type KrakenSim, type KrakenSimOptions } from '../sim/start.js';

export const SIM_USAGE = `usage: krakenkit sim [--port <n>] [--seed <n>] [--fault <spec>]... [--tier starter|intermediate|pro] [--no-limits]

  --port <n>      base port: Spot REST n, Spot WS public n+1, Spot WS auth n+2, Futures REST n+3, Futures WS n+4
  --seed <n>      market, ids, keys and fault draws replay exactly for a seed (default 1)
  --fault <spec>  <kind>[:key=value,...], repeatable, e.g.
                  ws-drop:target=spot-public,channel=book,times=3
                  venue-error:path=/0/private/AddOrder,error=EService:Unavailable
                  http-5xx:path=/0/public/Ticker,status=502,probability=0.1,times=inf
  --tier <t>      the demo account's Kraken tier for rate limits (default intermediate)
  --no-limits     do not enforce Kraken's rate limits`;

export interface SimCommandOptions {
  /** `--help` / `-h`: print the usage and exit 0 without starting anything. */
  readonly help?: true;
  readonly basePort?: number;
  readonly seed: number;
  readonly faults: FaultRule[];
  readonly tier: KrakenTier;
  readonly limits: boolean;
}

/** Bad `krakenkit sim` arguments: a validation error naming the flag; the usage text is attached. */
export class SimUsageError extends KrakenValidationError {
  readonly usage = SIM_USAGE;
  constructor(flag: string, problem: string) {
    super('invalid krakenkit sim arguments', [{ path: flag, message: problem }]);
  }
}

export function parseSimArgs(argv: readonly string[]): SimCommandOptions {
  let basePort: number | undefined;
  let seed = 1;
  let tier: KrakenTier = 'intermediate';
  let limits = true;
  const faults: FaultRule[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] =
      arg.includes('=') && arg.startsWith('--') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new SimUsageError(flag, `${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--port': {
        const p = Number(value());
        if (!Number.isInteger(p) || p < 1 || p > 65530) throw new SimUsageError(flag, '--port must be an integer 1..65530');
        basePort = p;
        break;
      }
      case '--seed': {
        const s = Number(value());
        if (!Number.isSafeInteger(s)) throw new SimUsageError(flag, '--seed must be an integer');
        seed = s;
        break;
      }
      case '--fault':
        try {
          faults.push(parseFaultSpec(value()));
        } catch (e) {
          if (!(e instanceof KrakenValidationError)) throw e;
          throw new SimUsageError(flag, e.message);
        }
        break;
      case '--tier': {
        const t = value();
        if (t !== 'starter' && t !== 'intermediate' && t !== 'pro')
          throw new SimUsageError(flag, '--tier must be starter, intermediate or pro');
        tier = t;
        break;
      }
      case '--no-limits':
        limits = false;
        break;
      case '--help':
      case '-h':
        return { help: true, seed, faults, tier, limits };
      default:
        throw new SimUsageError(arg, `unknown flag ${arg}`);
    }
  }
  return { ...(basePort === undefined ? {} : { basePort }), seed, faults, tier, limits };
}

export function simOptionsFrom(o: SimCommandOptions): KrakenSimOptions {
  const p = o.basePort;
  return {
    seed: o.seed,
    faults: o.faults,
    limits: o.limits,
    accounts: [{ id: 'demo', tier: o.tier }],
    ...(p === undefined
      ? {}
      : { ports: { spotRest: p, spotWsPublic: p + 1, spotWsAuth: p + 2, futuresRest: p + 3, futuresWs: p + 4, unifiedWs: p + 5 } }),
  };
}

/** What `krakenkit sim` prints: the URLs and the simulator's demo keys. */
export function describeSim(sim: KrakenSim, o: SimCommandOptions): string {
  return [
    `Kraken simulator running (seed ${o.seed}${o.faults.length > 0 ? `, ${o.faults.length} fault rule(s) armed` : ''}${o.limits ? '' : ', rate limits off'})`,
    '',
    `  Spot REST        ${sim.urls.spotRest}          (use as the base before /0/public, /0/private)`,
    `  Spot WS public   ${sim.urls.spotWsPublic}`,
    `  Spot WS auth     ${sim.urls.spotWsAuth}`,
    `  Futures REST     ${sim.urls.futuresRest}          (base before /derivatives/api/v3, /api/history/v3, /api/charts/v1)`,
    `  Futures WS       ${sim.urls.futuresWs}`,
    `  Unified WS       ${sim.urls.unifiedWsPublic}, ${sim.urls.unifiedWsPrivate}`,
    `  Fault control    ${sim.urls.spotRest}/__sim/faults`,
    '',
    '  Demo credentials (simulator-only keys, deterministic for the seed):',
    `    spot    API key ${sim.credentials.spot.apiKey}`,
    `            secret  ${sim.credentials.spot.apiSecret}`,
    `    futures API key ${sim.credentials.futures.apiKey}`,
    `            secret  ${sim.credentials.futures.apiSecret}`,
    '',
    'Press Ctrl-C to stop.',
  ].join('\n');
}

/**
 * Runs `krakenkit sim`. Resolves when the simulator has stopped, or at once after `--help`
 * (the caller, src/cli/main.ts, exits 0 when this resolves). Bad arguments print the usage to
 * `io.error` and reject with `SimUsageError` (main.ts prints it and exits 1).
 */
export async function runSimCommand(argv: string[], io: { log(text: string): void; error?(text: string): void } = console): Promise<void> {
  let options: SimCommandOptions;
  try {
    options = parseSimArgs(argv);
  } catch (e) {
    if (e instanceof SimUsageError) (io.error ?? io.log).call(io, SIM_USAGE);
    throw e;
  }
  if (options.help) {
    io.log(SIM_USAGE);
    return;
  }
  const sim = await startKrakenSim(simOptionsFrom(options));
  io.log(describeSim(sim, options));
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void sim.close().then(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  io.log('Kraken simulator stopped.');
}
