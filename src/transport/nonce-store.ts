/**
 * Where a key's last nonce survives a restart: one small file per key (and per nonce window when
 * processes share a key), named by a hash of the key, never the key, under a state directory.
 *
 * The file holds one fixed-width record: the nonce as 20 decimal digits, zero-padded, and a
 * newline. A process's first write creates it whole (a temp file renamed over the old one), so a
 * crash leaves the old value or the new one, never half of either; the file then stays open and
 * every later nonce overwrites the same 21 bytes in place with one positioned write. The length
 * never changes and the record lies in the file's first block, so a crash still leaves one whole
 * value. Renaming a temp file per nonce cost ~100 µs per private call here (four file-system
 * calls, two of them on the directory), and milliseconds on a busy disk; the write in place is
 * one system call of a few µs.
 */
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, posix, win32 } from 'node:path';
import { KrakenStateError } from '../core/errors.js';

export type KeyScope = 'spot' | 'futures';

/**
 * Several processes may sign for one key if each draws nonces from its own window: process `slot`
 * of `slots` only uses nonces congruent to `slot` modulo `slots`, so two processes never send the
 * same nonce. Kraken must still accept their requests out of order (the key's nonce window
 * setting); see the README.
 */
export interface NonceShare {
  readonly slot: number;
  readonly slots: number;
}

/**
 * The default state directory: `KRAKENKIT_STATE_DIR` if set; else `$XDG_STATE_HOME/krakenkit` or
 * `~/.local/state/krakenkit` (Linux and other Unixes), `~/Library/Application Support/krakenkit`
 * (macOS), `%LOCALAPPDATA%\krakenkit` (Windows).
 */
export function defaultStateDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  const override = env['KRAKENKIT_STATE_DIR'];
  if (override) return override;
  if (platform === 'win32') return win32.join(env['LOCALAPPDATA'] || win32.join(home, 'AppData', 'Local'), 'krakenkit');
  if (platform === 'darwin') return posix.join(home, 'Library', 'Application Support', 'krakenkit');
  return posix.join(env['XDG_STATE_HOME'] || posix.join(home, '.local', 'state'), 'krakenkit');
}

/** `spot-<first 32 hex of sha256(key)>`: identifies the key's files without revealing it. */
export function keyFileStem(scope: KeyScope, apiKey: string): string {
  return `${scope}-${createHash('sha256').update(apiKey).digest('hex').slice(0, 32)}`;
}

/** The suffix of a file that belongs to one nonce window (empty when the process has the key alone). */
export function shareSuffix(share: NonceShare | undefined): string {
  return share === undefined ? '' : `.slot${share.slot}of${share.slots}`;
}

export function checkShare(share: NonceShare | undefined): void {
  if (share === undefined) return;
  const ok =
    Number.isSafeInteger(share.slots) &&
    share.slots >= 2 &&
    Number.isSafeInteger(share.slot) &&
    share.slot >= 0 &&
    share.slot < share.slots;
  if (!ok)
    throw new KrakenStateError(`nonceShare must be { slot, slots } with 2 <= slots and 0 <= slot < slots, got ${JSON.stringify(share)}`);
}

/** Digits in the record: every unsigned 64-bit nonce fits. */
const NONCE_DIGITS = 20;
const RECORD_BYTES = NONCE_DIGITS + 1;

/** The record for `nonce`, or undefined when it does not fit the fixed width. */
function recordOf(nonce: bigint): string | undefined {
  const digits = nonce.toString();
  return nonce < 0n || digits.length > NONCE_DIGITS ? undefined : `${digits.padStart(NONCE_DIGITS, '0')}\n`;
}

/** One file's nonce, read until two reads agree (a window process of the key may be writing it now). */
function readStable(file: string): string {
  let text = readFileSync(file, 'utf8');
  for (let i = 0; i < 4; i++) {
    const again = readFileSync(file, 'utf8');
    if (again === text) break;
    text = again;
  }
  return text.trim();
}

export class NonceFile {
  readonly dir: string;
  readonly stem: string;
  readonly path: string;
  /** The open file after this process's first write; the record is overwritten in place through it. */
  #fd: number | undefined;
  readonly #record = Buffer.alloc(RECORD_BYTES);

  constructor(dir: string, stem: string, share?: NonceShare) {
    this.dir = dir;
    this.stem = stem;
    this.path = join(dir, `${stem}${shareSuffix(share)}.nonce`);
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
    } catch (err) {
      throw new KrakenStateError(`cannot create the nonce state directory ${dir}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, {
        cause: err,
      });
    }
  }

  /**
   * The highest nonce any window of this key persisted (0 when none): a process that switches
   * between sharing and not sharing still starts above everything the key sent.
   */
  readFloor(): bigint {
    let floor = 0n;
    for (const name of readdirSync(this.dir)) {
      if (!name.startsWith(`${this.stem}.`) || !name.endsWith('.nonce')) continue;
      const file = join(this.dir, name);
      const text = readStable(file);
      if (!/^\d{1,20}$/.test(text)) {
        throw new KrakenStateError(
          `the nonce state file ${file} is corrupt (${JSON.stringify(text.slice(0, 40))}); delete it only if no other process signs with this key`,
        );
      }
      const n = BigInt(text);
      if (n > floor) floor = n;
    }
    return floor;
  }

  /**
   * Persists `nonce` before it is sent. No fsync: a process crash keeps the page cache, and the
   * record never changes length; only an OS crash could lose the newest value.
   */
  write(nonce: bigint): void {
    const record = recordOf(nonce);
    try {
      if (record !== undefined && this.#fd !== undefined) {
        this.#record.write(record, 0, 'latin1');
        if (writeSync(this.#fd, this.#record, 0, RECORD_BYTES, 0) === RECORD_BYTES) return;
        this.close(); // a short write: the whole file again, below
      }
      this.#writeWhole(record ?? `${nonce}\n`);
      if (record !== undefined) this.#fd = openSync(this.path, 'r+');
    } catch (err) {
      throw new KrakenStateError(
        `cannot persist the nonce to ${this.path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}; nothing was sent`,
        { cause: err },
      );
    }
  }

  /** Closes the file kept open for writes in place (the next write creates it whole again). */
  close(): void {
    const fd = this.#fd;
    this.#fd = undefined;
    if (fd === undefined) return;
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
  }

  #writeWhole(text: string): void {
    this.close();
    const tmp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(tmp, text, { mode: 0o600 });
    renameSync(tmp, this.path);
  }
}
