/**
 * Book memory per 1,000 levels (median of three rounds): heap + ArrayBuffer deltas (the ladders live in Float64Arrays,
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
  // Warm-up, so what every book in the process shares is not charged to the measured ones: the
  // decode scratch, CRC shift tables built on first use, and the JIT's optimised code for the
  // constructor and `apply` (without this, compiled code added ±100 B per depth-10 book of noise).
  const naiveMessage = (f: string) => JSON.parse(f.replace(/:(\d+\.\d+)/g, ':"$1"')) as NaiveBookMessage;
  for (let k = 0; k < 300; k++) {
    const f = frames[k % frames.length]!;
    if (!newBook(depth).apply(f).ok) throw new Error('memory bench warm-up refused');
    new NaiveSpotBook(depth, 1, 8).apply(naiveMessage(f));
  }
  // Flatten the frame strings now (V8 builds them as ropes and flattens on first read), so the
  // rope nodes freed by that do not offset the books' own memory.
  for (const f of frames) JSON.parse(f);

  // Three rounds, median reported: a stray major-GC or JIT event can still add ~100 B per book.
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let round = 0; round < 3; round++) {
    let base = used();
    const held: SpotOrderBook[] = new Array<SpotOrderBook>(books);
    for (let k = 0; k < books; k++) {
      const b = newBook(depth);
      if (!b.apply(frames[k]!).ok) throw new Error('memory bench snapshot refused');
      held[k] = b;
    }
    ours.push(used() - base);
    held.fill(undefined as unknown as SpotOrderBook);

    base = used();
    const naive: NaiveSpotBook[] = new Array<NaiveSpotBook>(books);
    for (let k = 0; k < books; k++) {
      const b = new NaiveSpotBook(depth, 1, 8);
      // decimal strings, as parseVenueJson would hand them over
      if (!b.apply(naiveMessage(frames[k]!))) throw new Error('naive snapshot refused');
      naive[k] = b;
    }
    theirs.push(used() - base);
    naive.fill(undefined as unknown as NaiveSpotBook);
  }
  const median = (xs: number[]): number => [...xs].sort((x, y) => x - y)[1]!;

  return {
    depth,
    books,
    levels,
    bytesPerThousandLevels: (median(ours) / levels) * 1000,
    naiveBytesPerThousandLevels: (median(theirs) / levels) * 1000,
  };
}
