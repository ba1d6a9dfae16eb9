/** The `krakenkit` command line: `start` (the main job), `sim` (the simulator), `help`. */
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { KrakenError } from '../core/errors.js';
import { runSimCommand } from './sim-command.js';
import { runStartCommand, START_USAGE } from './start-command.js';

const USAGE = `usage: krakenkit <command> [flags]

commands:
  start   the main job (default): trade against the embedded Kraken simulator, or --live
  sim     run the Kraken simulator standalone and print its URLs and demo credentials
  help    this text

${START_USAGE}`;

export async function main(argv: readonly string[]): Promise<number> {
  const [command = 'start', ...rest] = argv;
  try {
    switch (command) {
      case 'start':
        await runStartCommand(rest);
        return 0;
      case 'sim':
        await runSimCommand([...rest]);
        return 0;
      case 'help':
      case '--help':
      case '-h':
        console.log(USAGE);
        return 0;
      default:
        console.error(`unknown command: ${command}\n\n${USAGE}`);
        return 2;
    }
  } catch (err) {
    console.error(
      `krakenkit ${command}: ${err instanceof KrakenError ? `${err.name}: ${err.message}` : err instanceof Error ? err.message : String(err)}`,
    );
    return 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
