/** Where a command writes: results to `out` (stdout), progress and notes to `err` (stderr). */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Raw stderr writes (progress bars redrawn in place); absent outside a terminal. */
  readonly tty?: { write(text: string): void; readonly columns?: number };
  /** Asks a yes/no question on a terminal; absent when there is none (then only `--yes` confirms). */
  confirm?(question: string): Promise<boolean>;
}

export const processIo: CliIo = {
  out: (text) => void process.stdout.write(`${text}\n`),
  err: (text) => void process.stderr.write(`${text}\n`),
  ...(process.stderr.isTTY ? { tty: process.stderr } : {}),
  ...(process.stdin.isTTY && process.stderr.isTTY ? { confirm: askOnTerminal } : {}),
};

async function askOnTerminal(question: string): Promise<boolean> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
