/** Nonces that survive a restart: the state directory, atomic files, windows, the lock and the breaker (all in temp dirs). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';
import {
  KrakenKeyInUseError,
  KrakenNonceBreakerError,
  KrakenNonceError,
  KrakenOrderRejectedError,
  KrakenStateError,
} from '../../../src/core/errors.js';
import { KeyLock } from '../../../src/transport/key-lock.js';
import { keyChannel, NonceSource, releaseKeyChannel, SerialQueue } from '../../../src/transport/nonce.js';
import { NonceBreaker } from '../../../src/transport/nonce-breaker.js';
import { defaultStateDir, keyFileStem, NonceFile } from '../../../src/transport/nonce-store.js';

const T0 = Date.UTC(2026, 0, 5, 12);
const NS = 1_000_000n;
let dir: string;
let keySeq = 0;
const newKey = () => `unit-nonce-key-${process.pid}-${++keySeq}`;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'krakenkit-nonce-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A pid that is certainly not running: a child that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '0']);
  return child.pid;
}

describe('the default state directory', () => {
  it('follows each platform convention; KRAKENKIT_STATE_DIR overrides it', () => {
    expect(defaultStateDir({}, 'linux', '/home/ann')).toBe('/home/ann/.local/state/krakenkit');
    expect(defaultStateDir({ XDG_STATE_HOME: '/var/ann/state' }, 'linux', '/home/ann')).toBe('/var/ann/state/krakenkit');
    expect(defaultStateDir({}, 'darwin', '/Users/ann')).toBe('/Users/ann/Library/Application Support/krakenkit');
    expect(defaultStateDir({ LOCALAPPDATA: 'C:\\Users\\ann\\AppData\\Local' }, 'win32', 'C:\\Users\\ann')).toBe(
      'C:\\Users\\ann\\AppData\\Local\\krakenkit',
    );
    expect(defaultStateDir({}, 'win32', 'C:\\Users\\ann')).toBe('C:\\Users\\ann\\AppData\\Local\\krakenkit');
    expect(defaultStateDir({ KRAKENKIT_STATE_DIR: '/srv/kk', XDG_STATE_HOME: '/x' }, 'linux', '/home/ann')).toBe('/srv/kk');
  });
});

describe('NonceSource', () => {
  it('is max(now, last + 1) in ns, persisting each nonce before handing it out', () => {
    const clock = new ManualClock(T0);
    const written: bigint[] = [];
    const src = new NonceSource(() => clock.nowMs(), BigInt(T0 + 5_000) * NS, { persist: (n) => written.push(n) });
    expect(src.next()).toBe(String(BigInt(T0 + 5_000) * NS + 1n)); // the clock is 5 s behind the floor
    clock.advance(10_000);
    expect(src.next()).toBe(String(BigInt(T0 + 10_000) * NS));
    expect(written).toEqual([BigInt(T0 + 5_000) * NS + 1n, BigInt(T0 + 10_000) * NS]);
  });

  it('hands out nothing when the nonce cannot be persisted', () => {
    const src = new NonceSource(() => T0, 0n, {
      persist: () => {
        throw new KrakenStateError('disk full');
      },
    });
    expect(() => src.next()).toThrow('disk full');
    expect(src.last).toBe(0n);
  });

  it('with a window, draws only nonces of its residue, still strictly increasing', () => {
    const clock = new ManualClock(T0);
    const a = new NonceSource(() => clock.nowMs(), 0n, { share: { slot: 1, slots: 3 } });
    const drawn = Array.from({ length: 5 }, () => BigInt(a.next()));
    for (const n of drawn) expect(n % 3n).toBe(1n);
    for (let i = 1; i < drawn.length; i++) expect(drawn[i]! > drawn[i - 1]!).toBe(true);
  });
});

describe('NonceFile', () => {
  it('writes atomically to a file named by a hash of the key, never the key', () => {
    const key = 'SECRET-LOOKING-API-KEY-abcdef';
    const file = new NonceFile(dir, keyFileStem('spot', key));
    file.write(123n);
    file.write(456n);
    file.close();
    const names = readdirSync(dir);
    expect(names).toEqual([`${keyFileStem('spot', key)}.nonce`]);
    expect(names.join()).not.toContain(key);
    expect(names[0]).toMatch(/^spot-[0-9a-f]{32}\.nonce$/);
    expect(readFileSync(file.path, 'utf8')).toBe('00000000000000000456\n');
    expect(file.readFloor()).toBe(456n);
  });

  it('after the first write, overwrites one fixed-width record in place: same file, no temp file, read back at restart', () => {
    const stem = keyFileStem('spot', 'in-place');
    const file = new NonceFile(dir, stem);
    const first = BigInt(T0) * NS;
    file.write(first);
    const inode = statSync(file.path).ino;
    for (let i = 1n; i <= 50n; i++) file.write(first + i);
    expect(statSync(file.path).ino).toBe(inode); // never renamed again
    expect(readdirSync(dir)).toEqual([`${stem}.nonce`]);
    expect(readFileSync(file.path, 'utf8')).toBe(`${first + 50n}\n`.padStart(21, '0'));
    // A restart (a new NonceFile, as a new process makes) starts from the last record.
    expect(new NonceFile(dir, stem).readFloor()).toBe(first + 50n);
    file.close();
  });

  it('continues above a file an earlier version wrote without padding, replacing it whole once', () => {
    const stem = keyFileStem('spot', 'legacy-file');
    const legacy = BigInt(T0) * NS;
    writeFileSync(join(dir, `${stem}.nonce`), `${legacy}\n`);
    const file = new NonceFile(dir, stem);
    expect(file.readFloor()).toBe(legacy);
    file.write(legacy + 1n);
    file.write(legacy + 2n);
    file.close();
    expect(readFileSync(file.path, 'utf8')).toBe(`${legacy + 2n}\n`.padStart(21, '0'));
    expect(file.readFloor()).toBe(legacy + 2n);
  });

  it('after close, the next write creates the file whole again (here: after it was deleted)', () => {
    const stem = keyFileStem('spot', 'reopened');
    const file = new NonceFile(dir, stem);
    file.write(10n);
    file.close();
    unlinkSync(file.path);
    file.write(11n);
    file.write(12n);
    file.close();
    expect(new NonceFile(dir, stem).readFloor()).toBe(12n);
  });

  it('a nonce too wide for the record is still persisted, whole', () => {
    const stem = keyFileStem('spot', 'too-wide');
    const file = new NonceFile(dir, stem);
    file.write(5n);
    file.write(10n ** 20n); // 21 digits
    file.close();
    expect(readFileSync(file.path, 'utf8')).toBe(`${10n ** 20n}\n`);
  });

  it('releasing the key channel closes its file; nonces continue above it', () => {
    const key = newKey();
    const channel = keyChannel('spot', key, { clock: new ManualClock(T0), stateDir: dir });
    const drawn = [channel.nonces.next(), channel.nonces.next(), channel.nonces.next()].map(BigInt);
    releaseKeyChannel('spot', key);
    expect(new NonceFile(dir, keyFileStem('spot', key)).readFloor()).toBe(drawn[2]);
    const again = keyChannel('spot', key, { clock: new ManualClock(T0), stateDir: dir });
    expect(BigInt(again.nonces.next())).toBe(drawn[2]! + 1n);
    releaseKeyChannel('spot', key);
    expect(new NonceFile(dir, keyFileStem('spot', key)).readFloor()).toBe(drawn[2]! + 1n);
  });

  it('the floor is the highest of every window of the key; a corrupt file is an error, not a silent reset', () => {
    const stem = keyFileStem('futures', 'k');
    for (const [file, nonce] of [
      [new NonceFile(dir, stem), 100n],
      [new NonceFile(dir, stem, { slot: 1, slots: 2 }), 250n],
      [new NonceFile(dir, keyFileStem('futures', 'other')), 999n],
    ] as const) {
      file.write(nonce);
      file.close();
    }
    expect(new NonceFile(dir, stem).readFloor()).toBe(250n);
    writeFileSync(join(dir, `${stem}.nonce`), 'garbage');
    expect(() => new NonceFile(dir, stem).readFloor()).toThrow(KrakenStateError);
  });
});

describe('keyChannel with a state directory', () => {
  it('restarts above the persisted nonce even with the clock set back 5 s', () => {
    const key = newKey();
    const before = keyChannel('spot', key, { clock: new ManualClock(T0), stateDir: dir });
    const last = BigInt(before.nonces.next());
    releaseKeyChannel('spot', key);
    const after = keyChannel('spot', key, { clock: new ManualClock(T0 - 5_000), stateDir: dir });
    expect(BigInt(after.nonces.next())).toBe(last + 1n);
    releaseKeyChannel('spot', key);
    // In memory only, the same restart would go backwards.
    const forgetful = keyChannel('spot', key, { clock: new ManualClock(T0 - 5_000) });
    expect(BigInt(forgetful.nonces.next()) < last).toBe(true);
    releaseKeyChannel('spot', key);
  });

  it('one channel per key in the process; a client asking for another state directory is refused', () => {
    const key = newKey();
    const a = keyChannel('spot', key, { stateDir: dir });
    expect(keyChannel('spot', key, { stateDir: dir })).toBe(a);
    expect(() => keyChannel('spot', key, {})).toThrow(KrakenStateError);
    expect(a.lockFile).toBe(join(dir, `${keyFileStem('spot', key)}.lock`));
    releaseKeyChannel('spot', key);
    expect(readdirSync(dir).some((n) => n.endsWith('.lock'))).toBe(false);
  });
});

describe('KeyLock', () => {
  const stem = 'spot-0123456789abcdef0123456789abcdef';
  const lockInfo = (pid: number, host = hostname(), share?: object) =>
    JSON.stringify({ pid, host, startedMs: T0, ...(share ? { share } : {}) });

  it('refuses while another live process holds the key, naming it', () => {
    // pid 1 is always alive (init); on this host it cannot be us.
    writeFileSync(join(dir, `${stem}.lock`), lockInfo(1));
    const err = (() => {
      try {
        KeyLock.acquire(dir, stem, 'Spot API key x');
      } catch (e) {
        return e;
      }
    })() as KrakenKeyInUseError;
    expect(err).toBeInstanceOf(KrakenKeyInUseError);
    expect(err.holderPid).toBe(1);
    expect(err.message).toContain('process 1 on');
    expect(err.message).toContain('nonceShare');
  });

  it('takes over a stale lock whose process is gone', () => {
    writeFileSync(join(dir, `${stem}.lock`), lockInfo(deadPid()));
    const lock = KeyLock.acquire(dir, stem, 'Spot API key x');
    expect((JSON.parse(readFileSync(lock.path, 'utf8')) as { pid: unknown }).pid).toBe(process.pid);
    lock.release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a lock from another host cannot be checked, so it is respected', () => {
    writeFileSync(join(dir, `${stem}.lock`), lockInfo(deadPid(), 'some-other-host'));
    expect(() => KeyLock.acquire(dir, stem, 'Spot API key x')).toThrow(KrakenKeyInUseError);
  });

  it('distinct nonce windows coexist; the same window, a different split or an exclusive owner do not', () => {
    writeFileSync(join(dir, `${stem}.slot0of2.lock`), lockInfo(1, hostname(), { slot: 0, slots: 2 }));
    const mine = KeyLock.acquire(dir, stem, 'Spot API key x', { slot: 1, slots: 2 });
    expect(mine.path).toBe(join(dir, `${stem}.slot1of2.lock`));
    mine.release();
    expect(() => KeyLock.acquire(dir, stem, 'Spot API key x', { slot: 0, slots: 2 })).toThrow(KrakenKeyInUseError);
    expect(() => KeyLock.acquire(dir, stem, 'Spot API key x', { slot: 1, slots: 3 })).toThrow(KrakenKeyInUseError);
    expect(() => KeyLock.acquire(dir, stem, 'Spot API key x')).toThrow(KrakenKeyInUseError);
  });
});

describe('NonceBreaker', () => {
  it('opens after 3 consecutive nonce rejections, warns once, and then refuses', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error & { code?: string }) => {
      if (w.code === 'KRAKENKIT_NONCE_BREAKER') warnings.push(w.message);
    };
    process.on('warning', onWarning);
    try {
      const breaker = new NonceBreaker('Spot API key spot-abc');
      const nonce = new KrakenNonceError(['EAPI:Invalid nonce']);
      breaker.observe(nonce);
      breaker.observe(nonce);
      breaker.observe(undefined); // a success in between: not consecutive
      breaker.observe(nonce);
      breaker.observe(new KrakenOrderRejectedError(['EOrder:Insufficient funds'])); // the venue took the nonce
      breaker.observe(nonce);
      breaker.observe(nonce);
      expect(breaker.isOpen).toBe(false);
      breaker.observe(nonce);
      breaker.observe(nonce);
      expect(breaker.isOpen).toBe(true);
      expect(() => breaker.assertClosed()).toThrow(KrakenNonceBreakerError);
      expect(() => breaker.assertClosed()).toThrow(/halted after 4 consecutive nonce rejections/);
      await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain('private calls on the Spot API key spot-abc are halted after 3 consecutive nonce rejections');
    } finally {
      process.off('warning', onWarning);
    }
  });
});

describe('SerialQueue', () => {
  it('runs one task at a time, urgent tasks before queued ordinary ones', async () => {
    const q = new SerialQueue();
    const order: string[] = [];
    let release!: () => void;
    const first = q.run(
      () =>
        new Promise<void>(
          (r) =>
            (release = () => {
              order.push('first');
              r();
            }),
        ),
    );
    const step = (name: string) => () => {
      order.push(name);
      return Promise.resolve();
    };
    const reads = [q.run(step('read1')), q.run(step('read2'))];
    const urgent = q.run(step('order'), true);
    const failing = q.run(() => Promise.reject(new Error('x')));
    release();
    await Promise.all([first, ...reads, urgent, failing.catch(() => undefined)]);
    expect(order).toEqual(['first', 'order', 'read1', 'read2']);
  });
});
