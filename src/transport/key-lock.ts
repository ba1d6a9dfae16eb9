/**
 * One signer per key: a lock file beside the key's nonce file, created exclusively and holding
 * the owner's pid and host. A second process finds it and refuses to start; a lock whose pid is
 * gone (the owner crashed) is taken over. Processes that share a key through distinct nonce
 * windows each lock their own window; a window never coexists with an exclusive owner.
 */
import { closeSync, openSync, readdirSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { KrakenKeyInUseError } from '../core/errors.js';
import { shareSuffix, type NonceShare } from './nonce-store.js';

interface LockInfo {
  readonly pid: number;
  readonly host: string;
  readonly startedMs: number;
  readonly share?: NonceShare;
}

/** An unreadable lock younger than this may be mid-write by its owner; older, it is debris. */
const FRESH_UNREADABLE_MS = 10_000;

function readLock(file: string): LockInfo | undefined {
  try {
    const info = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockInfo>;
    return typeof info.pid === 'number' && typeof info.host === 'string' ? (info as LockInfo) : undefined;
  } catch {
    return undefined;
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether the lock's owner may still be running (another host's pid cannot be checked: assume so). */
function holderAlive(file: string, info: LockInfo | undefined): boolean {
  if (info === undefined) {
    try {
      return Date.now() - statSync(file).mtimeMs < FRESH_UNREADABLE_MS;
    } catch {
      return false;
    }
  }
  if (info.host !== hostname()) return true;
  if (info.pid === process.pid) return false; // ours from an earlier life of this pid, or released: nobody else's
  return pidAlive(info.pid);
}

function conflicts(mine: NonceShare | undefined, theirs: NonceShare | undefined): boolean {
  if (mine === undefined || theirs === undefined) return true;
  return mine.slots !== theirs.slots || mine.slot === theirs.slot;
}

export class KeyLock {
  readonly path: string;
  #held = true;

  private constructor(path: string) {
    this.path = path;
  }

  /**
   * Takes the key's lock in `dir`, or throws `KrakenKeyInUseError` naming the live holder.
   * `label` names the key in the message (`Spot API key spot-1a2b…`), never the key itself.
   */
  static acquire(dir: string, stem: string, label: string, share?: NonceShare): KeyLock {
    const path = join(dir, `${stem}${shareSuffix(share)}.lock`);
    for (let attempt = 0; attempt < 5; attempt++) {
      for (const name of readdirSync(dir)) {
        if (!name.startsWith(`${stem}.`) || !name.endsWith('.lock')) continue;
        const file = join(dir, name);
        const info = readLock(file);
        if (!holderAlive(file, info)) {
          removeQuietly(file);
          continue;
        }
        if (conflicts(share, info?.share)) {
          const who = info === undefined ? 'another process' : `process ${info.pid} on ${info.host}`;
          throw new KrakenKeyInUseError(
            `${who} already signs for this ${label} (lock file ${file}). Two signers on one key send crossing nonces and get the key locked out: ` +
              'stop the other process, or give each process its own nonce window with nonceShare (see the README). ' +
              'If that process is gone, delete the lock file.',
            file,
            info?.pid,
          );
        }
      }
      let fd: number;
      try {
        fd = openSync(path, 'wx', 0o600);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue; // a racing process took it first: look again
        throw err;
      }
      const info: LockInfo = { pid: process.pid, host: hostname(), startedMs: Date.now(), ...(share === undefined ? {} : { share }) };
      writeSync(fd, JSON.stringify(info));
      closeSync(fd);
      return new KeyLock(path);
    }
    throw new KrakenKeyInUseError(`could not take the lock for this ${label} at ${path}: other processes keep taking it`, path, undefined);
  }

  get held(): boolean {
    return this.#held;
  }

  /** Removes the lock if it is still ours. */
  release(): void {
    if (!this.#held) return;
    this.#held = false;
    if (readLock(this.path)?.pid === process.pid) removeQuietly(this.path);
  }
}

function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}
