/**
 * The report builders' instrument lookup, over the instrument provider (or a fixed list of loaded
 * instruments, in tests). Spot pairs answer to every name the symbology table gives them; Futures
 * contracts to their symbol in any case. The index is rebuilt when a name is not found, so a pair
 * added by a later instrument reload is found without a restart.
 */
import type { Instrument } from '../../../model/instruments.js';
import type { KrakenInstrumentInfo } from '../../instruments/instrument-diff.js';
import type { KrakenInstrumentProvider } from '../../instruments/provider.js';
import type { ReportInstrumentLookup } from './report-context.js';

interface Index {
  readonly spot: Map<string, Instrument>;
  readonly futures: Map<string, Instrument>;
  readonly spotList: Instrument[];
}

function indexOf(infos: readonly KrakenInstrumentInfo[]): Index {
  const spot = new Map<string, Instrument>();
  const futures = new Map<string, Instrument>();
  const spotList: Instrument[] = [];
  for (const info of infos) {
    if (info.product === 'SPOT') {
      spotList.push(info.instrument);
      const n = info.names;
      for (const name of [n.key, n.altname, n.wsname, n.symbol]) {
        if (name === null) continue;
        if (!spot.has(name)) spot.set(name, info.instrument);
        const folded = name.toUpperCase();
        if (!spot.has(folded)) spot.set(folded, info.instrument);
      }
    } else {
      futures.set(info.instrument.rawSymbol.value.toUpperCase(), info.instrument);
    }
  }
  return { spot, futures, spotList };
}

/** A lookup over loaded instruments, read again from `source` when a name misses. */
export function instrumentLookup(source: () => readonly KrakenInstrumentInfo[]): ReportInstrumentLookup {
  let index = indexOf(source());
  const find = (pick: (i: Index) => Map<string, Instrument>, name: string, folded: string): Instrument | undefined => {
    const hit = pick(index).get(name) ?? pick(index).get(folded);
    if (hit !== undefined) return hit;
    index = indexOf(source());
    return pick(index).get(name) ?? pick(index).get(folded);
  };
  return {
    spotPair: (name) => find((i) => i.spot, name, name.toUpperCase()),
    futuresContract: (symbol) => find((i) => i.futures, symbol.toUpperCase(), symbol.toUpperCase()),
    spotPairs: () => {
      index = indexOf(source());
      return index.spotList;
    },
  };
}

/** The lookup over the instrument provider's current set. */
export function instrumentLookupFromProvider(provider: KrakenInstrumentProvider): ReportInstrumentLookup {
  return instrumentLookup(() =>
    provider
      .list()
      .map((i) => provider.info(i.id))
      .filter((x): x is KrakenInstrumentInfo => x !== undefined),
  );
}
