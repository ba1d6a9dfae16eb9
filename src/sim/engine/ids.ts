import type { Sfc32Random } from '../random/sfc32.js';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Kraken-style ids: `O` + `XXXXX-XXXXX-XXXXXX` (orders), `T...` (trades), `L...` (ledgers). */
export class IdFactory {
  constructor(private readonly rng: Sfc32Random) {}

  kraken(prefix: string): string {
    const part = (n: number): string => {
      let s = '';
      for (let i = 0; i < n; i++) s += ALNUM[this.rng.int(ALNUM.length)];
      return s;
    };
    return `${prefix}${part(5)}-${part(5)}-${part(6)}`;
  }

  uuid(): string {
    const hex = (n: number): string => {
      let s = '';
      for (let i = 0; i < n; i++) s += this.rng.int(16).toString(16);
      return s;
    };
    return `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[this.rng.int(4)]}${hex(3)}-${hex(12)}`;
  }
}
