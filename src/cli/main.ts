/**
 * The `krakenkit` command line, on commander: `start` (the main job, the default), `instruments`,
 * `stream`, `bars`, `order`, `reconcile`, `sim` and `codegen`, each with `--help`. Every command runs against
 * an embedded Kraken simulator unless `--live` (real Kraken) or endpoint URLs are given.
 *
 * Exit codes (exit-codes.ts): 0 done, 2 usage, 3 venue, 4 credentials, 130 interrupted, 1 other.
 */
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { KrakenError } from '../core/errors.js';
import { CliUsageError, EXIT, exitCodeFor } from './exit-codes.js';
import { nearestNames } from './nearest.js';
import { processIo, type CliIo } from './io.js';
import { runInstrumentsCommand } from './instruments-command.js';
import { runStreamCommand } from './stream-command.js';
import { runBarsCommand } from './bars-command.js';
import { runOrderCancel, runOrderList, runOrderSubmit } from './order-command.js';
import { runSimCommand } from './sim-command.js';
import { runCodegenCommand } from './codegen-command.js';
import { runStartCommand } from './start-command.js';
import { runReconcileCommand } from './reconcile-command.js';
import { openVenue, type CliVenue, type VenueFlags } from './venue.js';
import type { EnvironmentVariables } from '../adapter/credentials.js';

function positiveNumber(what: string) {
  return (raw: string): number => {
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${what} must be a number greater than 0`);
    return n;
  };
}
function integer(what: string) {
  return (raw: string): number => {
    const n = Number(raw);
    if (!Number.isSafeInteger(n)) throw new InvalidArgumentError(`${what} must be an integer`);
    return n;
  };
}

interface Globals extends VenueFlags {
  readonly json?: boolean;
}

interface StartFlags {
  readonly duration?: number;
  readonly trade?: boolean;
  readonly yes?: boolean;
  readonly validate?: boolean;
  readonly keepOrders?: boolean;
  readonly stepSecs: number;
  readonly statusEvery: number;
}

/** The venue for one command, closed after it whatever happens. */
async function withVenue<T>(cmd: Command, env: EnvironmentVariables, fn: (venue: CliVenue) => Promise<T>): Promise<T> {
  const flags = cmd.optsWithGlobals<Globals>();
  const venue = await openVenue(flags, env);
  try {
    return await fn(venue);
  } finally {
    await venue.close();
  }
}

export function buildProgram(io: CliIo = processIo, env: EnvironmentVariables = process.env): Command {
  const program = new Command('krakenkit')
    .description('Kraken Spot and Futures from the terminal; every command runs against an embedded simulator unless --live')
    .option('--live', 'talk to real Kraken (credentials from KRAKEN_SPOT_API_KEY/SECRET, KRAKEN_FUTURES_API_KEY/SECRET)')
    .option('--seed <n>', 'seed of the embedded simulator', integer('--seed'), 1)
    .option('--spot-url <url>', 'Spot REST base URL (e.g. a running `krakenkit sim`)')
    .option('--futures-url <url>', 'Futures REST base URL')
    .option('--spot-ws-url <url>', 'Spot public WebSocket URL')
    .option('--spot-ws-auth-url <url>', 'Spot authenticated WebSocket URL (order entry, executions)')
    .option('--futures-ws-url <url>', 'Futures WebSocket URL')
    .showHelpAfterError()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .exitOverride();

  program
    .command('start', { isDefault: true })
    .description('the main job: a trading node with the Kraken clients for Spot and Futures and an example strategy, with a live view')
    .option('--duration <secs>', 'stop after this many seconds (default: Ctrl-C)', positiveNumber('--duration'))
    .option('--trade', 'with --live: place orders on real Kraken (asks for confirmation; read-only without it)')
    .option('--yes', 'with --live --trade: do not ask for confirmation')
    .option(
      '--validate',
      "with --live --trade: send every Spot order with Kraken's validate flag (checked, never placed); Futures orders are denied",
    )
    .option('--keep-orders', 'leave open orders at the venue on stop (default: cancelled)')
    .option('--step-secs <secs>', "seconds between the strategy's steps", positiveNumber('--step-secs'), 2)
    .option('--status-every <secs>', 'seconds between status lines when not on a terminal', positiveNumber('--status-every'), 5)
    .argument('[command]')
    .action(async (first: string | undefined, o: StartFlags, cmd: Command) => {
      if (first !== undefined) {
        const near = nearestNames(
          first,
          program.commands.map((c) => c.name()),
          2,
        );
        throw new CliUsageError(`unknown command '${first}' (did you mean ${near.join(' or ')}?); see krakenkit --help`);
      }
      await runStartCommand(
        cmd.optsWithGlobals<Globals>(),
        {
          ...(o.duration === undefined ? {} : { durationSecs: o.duration }),
          trade: o.trade === true,
          yes: o.yes === true,
          validate: o.validate === true,
          keepOrders: o.keepOrders === true,
          stepSecs: o.stepSecs,
          statusEverySecs: o.statusEvery,
        },
        io,
        env,
      );
    });

  program
    .command('reconcile')
    .description("the execution client's mass status: orders, fills and positions over a window, and whether it is complete")
    .option('--lookback <mins>', 'minutes of closed orders and fills (default: everything the venue keeps)', positiveNumber('--lookback'))
    .option('--json', 'print JSON instead of tables')
    .action(async (o: { lookback?: number; json?: boolean }, cmd: Command) => {
      await withVenue(cmd, env, (venue) => runReconcileCommand(venue, { lookbackMins: o.lookback ?? null, json: o.json === true }, io));
    });

  program
    .command('instruments')
    .description("list the venue's instruments: ids, native names, precisions, increments, minimums")
    .addOption(new Option('--product <product>', 'only Spot or only Futures').choices(['spot', 'futures']))
    .option('--filter <text>', 'only instruments with a name containing TEXT (case-insensitive)')
    .option('--json', 'print JSON instead of a table')
    .action(async (o: { product?: 'spot' | 'futures'; filter?: string; json?: boolean }, cmd: Command) => {
      await withVenue(cmd, env, (venue) => runInstrumentsCommand(venue, o, io));
    });

  program
    .command('stream')
    .description('a live view of one market: best bid and offer, trades, and the book with --book')
    .argument('<symbol>', 'instrument id or Kraken name, e.g. BTC/USD or PF_XBTUSD')
    .option('--book', 'show the order book')
    .option('--depth <n>', 'book levels a side (with --book; Spot 10, 25, 100, 500, 1000)', integer('--depth'))
    .option('--trades', 'show trades (the default)')
    .option('--no-trades', 'hide trades')
    .option('--duration <secs>', 'stop after this many seconds (default: Ctrl-C)', positiveNumber('--duration'))
    .action(async (symbol: string, o: { book?: boolean; depth?: number; trades?: boolean; duration?: number }, cmd: Command) => {
      await withVenue(cmd, env, (venue) =>
        runStreamCommand(
          venue,
          symbol,
          {
            ...(o.book === undefined ? {} : { book: o.book }),
            ...(o.depth === undefined ? {} : { depth: o.depth }),
            ...(o.trades === undefined ? {} : { trades: o.trades }),
            ...(o.duration === undefined ? {} : { durationSecs: o.duration }),
          },
          io,
        ),
      );
    });

  program
    .command('bars')
    .description('historical bars to CSV or Parquet, paged past the 720-candle window, resumable when interrupted')
    .argument('<symbol>', 'instrument id or Kraken name')
    .requiredOption('--interval <len>', 'bar length: 1m, 5m, 15m, 30m, 1h, 4h, 1d, 1w, 15d')
    .requiredOption('--from <date>', 'first bar: 2026-01-31, 2026-01-31T12:00 (UTC) or -3d')
    .option('--to <date>', 'last bar closes at or before this (default now)')
    .requiredOption('--out <file>', 'FILE.csv or FILE.parquet')
    .option('--window <bars>', 'bars per request window', integer('--window'), 720)
    .option('--restart', 'discard a saved partial download of another request for the same file')
    .action(
      async (
        symbol: string,
        o: { interval: string; from: string; to?: string; out: string; window: number; restart?: boolean },
        cmd: Command,
      ) => {
        const abort = new AbortController();
        const onSignal = () => abort.abort();
        process.once('SIGINT', onSignal);
        try {
          await withVenue(cmd, env, (venue) =>
            runBarsCommand(
              venue,
              symbol,
              {
                interval: o.interval,
                from: o.from,
                out: o.out,
                windowBars: o.window,
                signal: abort.signal,
                ...(o.to === undefined ? {} : { to: o.to }),
                ...(o.restart === undefined ? {} : { restart: o.restart }),
              },
              io,
            ),
          );
        } finally {
          process.off('SIGINT', onSignal);
        }
      },
    );

  const order = program.command('order').description('submit, cancel and list orders (confirmation before anything is sent live)');
  order
    .command('submit')
    .description('submit one order')
    .argument('<symbol>', 'instrument id or Kraken name')
    .addOption(new Option('--side <side>', 'buy or sell').choices(['buy', 'sell']).makeOptionMandatory())
    .requiredOption('--qty <qty>', 'order quantity (exact decimal)')
    .addOption(new Option('--type <type>', 'order type').choices(['limit', 'market']).default('limit'))
    .option('--price <price>', 'limit price (exact decimal; required for limit orders)')
    .option('--post-only', 'maker only')
    .option('--validate', "send with Kraken's validate flag: checked, never placed (Spot)")
    .option('--yes', 'do not ask for confirmation before sending live')
    .action(async (symbol: string, o: Parameters<typeof runOrderSubmit>[2], cmd: Command) => {
      await withVenue(cmd, env, (venue) => runOrderSubmit(venue, symbol, o, io));
    });
  order
    .command('cancel')
    .description('cancel an open order by its Kraken order id')
    .argument('<orderId>', 'Spot txid (OXXXXX-XXXXX-XXXXXX) or Futures order id (a UUID)')
    .option('--yes', 'do not ask for confirmation before sending live')
    .action(async (orderId: string, o: { yes?: boolean }, cmd: Command) => {
      await withVenue(cmd, env, (venue) => runOrderCancel(venue, orderId, o, io));
    });
  order
    .command('list')
    .description('list open orders')
    .addOption(new Option('--product <product>', 'only Spot or only Futures').choices(['spot', 'futures']))
    .option('--json', 'print JSON instead of a table')
    .action(async (o: { product?: 'spot' | 'futures'; json?: boolean }, cmd: Command) => {
      await withVenue(cmd, env, (venue) => runOrderList(venue, o, io));
    });

  program
    .command('sim')
    .description('run the Kraken simulator standalone and print its URLs and demo credentials')
    .allowUnknownOption()
    .helpOption(false)
    .argument('[args...]', 'see `krakenkit sim --help`')
    .action(async (args: string[]) => {
      await runSimCommand(args, { log: (t) => io.out(t), error: (t) => io.err(t) });
    });

  program
    .command('codegen')
    .description('regenerate the typed clients from schemas/ (in a source checkout)')
    .option('--check', 'only check that generated/ is up to date')
    .action(async (o: { check?: boolean }) => {
      await runCodegenCommand(o, io);
    });

  return program;
}

/** Runs the CLI on `argv` (without node and the script); resolves to the exit code. Credentials are read from `env`. */
export async function main(argv: readonly string[], io: CliIo = processIo, env: EnvironmentVariables = process.env): Promise<number> {
  const program = buildProgram(io, env);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT.OK;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here with code 0; anything else is a usage error.
      return err.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    }
    const code = exitCodeFor(err);
    const text = err instanceof KrakenError ? `${err.name}: ${err.message}` : err instanceof Error ? err.message : String(err);
    io.err(`krakenkit: ${text}`);
    return code;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
