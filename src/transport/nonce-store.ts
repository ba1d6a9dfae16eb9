/**
 * Where a key's last nonce survives a restart: one small file per key (and per nonce window when
 * processes share a key), named by a hash of the key, never the key, under a state directory.
 * Written atomically (a temp file renamed over the old one), so a crash leaves the old value or
 * the new one, never half of either.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
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

export class NonceFile {
  readonly dir: string;
  readonly stem: string;
  readonly path: string;

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
      const text = readFileSync(file, 'utf8').trim();
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
   * rename keeps the file whole; only an OS crash could lose the newest value.
   */
  write(nonce: bigint): void {
    const tmp = `${this.path}.${process.pid}.tmp`;
    try {
      writeFileSync(tmp, `${nonce}\n`, { mode: 0o600 });
      renameSync(tmp, this.path);
    } catch (err) {
      throw new KrakenStateError(
        `cannot persist the nonce to ${this.path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}; nothing was sent`,
        { cause: err },
      );
    }
  }
}
