/**
 * The main job as a child process, the way a user runs it (`npm start` runs
 * `tsx src/cli/main.ts start`): its stdout and stderr collected line by line, bounded waits for a
 * line, and the exit code.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

export interface JobProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly out: string[];
  readonly err: string[];
  /** Resolves with the exit code (or the signal's name). */
  readonly exited: Promise<number | string>;
  /** Waits for a stdout or stderr line that matches; fails with everything seen after `timeoutMs`. */
  waitForLine(what: string, match: (line: string) => boolean, timeoutMs: number): Promise<string>;
  /** Everything written, stdout then stderr. */
  text(): string;
}

/** The environment without any credential of the machine running the tests. */
function cleanEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('KRAKEN_')) env[k] = v;
  return { ...env, ...extra };
}

export function spawnJob(args: readonly string[], env: Record<string, string> = {}): JobProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'start', ...args], {
    cwd: process.cwd(),
    env: cleanEnv(env),
  });
  const out: string[] = [];
  const err: string[] = [];
  const waiters = new Set<() => void>();
  const collect = (into: string[]) => {
    let partial = '';
    return (d: Buffer) => {
      const parts = (partial + d.toString('utf8')).split('\n');
      partial = parts.pop() ?? '';
      into.push(...parts);
      for (const w of waiters) w();
    };
  };
  child.stdout.on('data', collect(out));
  child.stderr.on('data', collect(err));
  const exited = new Promise<number | string>((resolve) => child.on('close', (code, signal) => resolve(code ?? signal ?? -1)));
  const text = () => [...out, '--- stderr ---', ...err].join('\n');
  return {
    child,
    out,
    err,
    exited,
    text,
    waitForLine(what, match, timeoutMs) {
      return new Promise<string>((resolve, reject) => {
        const check = () => {
          const hit = [...out, ...err].find(match);
          if (hit === undefined) return;
          finish();
          resolve(hit);
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`no line for "${what}" within ${timeoutMs} ms; output so far:\n${text()}`));
        }, timeoutMs);
        const onExit = () => {
          finish();
          reject(new Error(`the job exited before "${what}"; output:\n${text()}`));
        };
        const finish = () => {
          clearTimeout(timer);
          waiters.delete(check);
          child.off('close', onExit);
        };
        waiters.add(check);
        child.on('close', onExit);
        check();
      });
    },
  };
}

export interface StatusCounts {
  readonly open: number;
  readonly filled: number;
  readonly cancelled: number;
  readonly fills: number;
  readonly rate: number;
  readonly positions: string;
  readonly pnl: string;
}

/** The figures of one plain status line, or null for any other line. */
export function statusCounts(line: string): StatusCounts | null {
  const m =
    /^status: (\d+) msgs\/s \|.*\| orders (\d+) open (\d+) filled (\d+) cancelled \| fills (\d+) \| positions ([^|]*) \| pnl ([^|]*) \|/.exec(
      line,
    );
  if (m === null) return null;
  return {
    rate: Number(m[1]),
    open: Number(m[2]),
    filled: Number(m[3]),
    cancelled: Number(m[4]),
    fills: Number(m[5]),
    positions: m[6]!.trim(),
    pnl: m[7]!.trim(),
  };
}
