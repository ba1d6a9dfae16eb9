/**
 * Book memory per 1,000 levels: heap + ArrayBuffer deltas (the ladders live in Float64Arrays,
 * whose backing stores `heapUsed` does not count) around building many full books, with forced
 * GCs. `--expose-gc` is switched on at runtime so `npm run bench` needs no extra flags.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { spotBookChecksum } from '../src/kraken/spot/book/checksum.js';
import { SpotOrderBook } from '../src/kraken/spot/book/spot-order-book.js';
import { NaiveSpotBook, type NaiveBookMessage } from './naive-book.js';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

function used(): number {
  for (let i = 0; i < 3; i++) gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

function snapshotFrame(symbol: string, depth: number, seed: number): string {
  const bids: [string, string][] = [];
  const asks: [string, string][] = [];
  for (let i = 0; i < depth; i++) {
    const q = (n: number) => `${Math.floor(n / 1e8)}.${String(n % 1e8).padStart(8, '0')}`;
    bids.push([`${50000 - i}.${(seed + i) % 10}`, q(((seed * 7919 + i * 104729) % 1e9) + 1)]);
    asks.push([`${50001 + i}.${(seed + i) % 10}`, q(((seed * 6007 + i * 130363) % 1e9) + 1)]);
  }
  const lv = (l: [string, string][]) => `[${l.map(([p, q]) => `{"price":${p},"qty":${q}}`).join(',')}]`;
  return `{"channel":"book","type":"snapshot","data":[{"symbol":"${symbol}","bids":${lv(bids)},"asks":${lv(asks)},"checksum":${spotBookChecksum(asks, bids)},"timestamp":"t"}]}`;
}

const onResync = (): void => undefined;

/** As an application would build it: with a resync callback (the book keeps its options). */
function newBook(depth: number): SpotOrderBook {
  return new SpotOrderBook({ symbol: 'BTC/USD', depth, pricePrecision: 1, qtyPrecision: 8, onResync });
}

export interface MemoryResult {
  readonly depth: number;
  readonly books: number;
  readonly levels: number;
  readonly bytesPerThousandLevels: number;
  readonly naiveBytesPerThousandLevels: number;
}

export function measureBookMemory(depth: number, books: number): MemoryResult {
  const frames = Array.from({ length: books }, (_, k) => snapshotFrame('BTC/USD', depth, k));
  const levels = books * depth * 2;
  // One book first, so state shared by every book in the process (decode scratch, CRC shift
  // tables built on first use) is not charged to the measured ones.
  if (!newBook(depth).apply(snapshotFrame('BTC/USD', depth, books)).ok) throw new Error('memory bench warm-up refused');

  let base = used();
  const held: SpotOrderBook[] = [];
  for (const f of frames) {
    const b = newBook(depth);
    if (!b.apply(f).ok) throw new Error('memory bench snapshot refused');
    held.push(b);
  }
  const ours = used() - base;
  if (held.length !== books) throw new Error('unreachable');
  held.length = 0;

  base = used();
  const naive: NaiveSpotBook[] = [];
  for (const f of frames) {
    const b = new NaiveSpotBook(depth, 1, 8);
    // decimal strings, as parseVenueJson would hand them over
    if (!b.apply(JSON.parse(f.replace(/:(\d+\.\d+)/g, ':"$1"')) as NaiveBookMessage)) throw new Error('naive snapshot refused');
    naive.push(b);
  }
  const theirs = used() - base;
  naive.length = 0;

  return {
    depth,
    books,
    levels,
    bytesPerThousandLevels: (ours / levels) * 1000,
    naiveBytesPerThousandLevels: (theirs / levels) * 1000,
  };
}
