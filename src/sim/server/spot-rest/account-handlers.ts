/**
 * Spot REST private account-data endpoints.
 */
import type { SpotCredential } from '../../auth/credentials.js';
import type { SimContext } from '../context.js';
import { InvalidArguments, optBool, optEnum, optInt, optList, optString, optTimeOrId, reqString, type Params } from './params.js';
import { keyed, ledgerInfo, orderInfo, positionInfo, tradeInfo } from './views.js';

/** One private method for the account of `key`, the verified Spot key that signed the request. */
export type PrivateHandler = (ctx: SimContext, accountId: string, p: Params, key: SpotCredential) => unknown;

/** Resolves a ClosedOrders/TradesHistory/Ledgers bound that may be a timestamp or an id. */
function boundMs(bound: { ms: number } | { id: string } | undefined, lookup: (id: string) => number | undefined): number | undefined {
  if (bound === undefined) return undefined;
  if ('ms' in bound) return bound.ms;
  return lookup(bound.id);
}

export const SPOT_ACCOUNT_HANDLERS: Readonly<Record<string, PrivateHandler>> = {
  Balance(ctx, acc) {
    const b = ctx.engine.spot.balances(acc);
    return keyed(Object.entries(b).map(([asset, v]) => [asset, v.balance] as const));
  },

  BalanceEx(ctx, acc) {
    const b = ctx.engine.spot.balances(acc);
    return keyed(Object.entries(b).map(([asset, v]) => [asset, { balance: v.balance, hold_trade: v.holdTrade }] as const));
  },

  TradeBalance(ctx, acc, p) {
    const t = ctx.engine.spot.tradeBalance(acc, optString(p, 'asset'));
    return { eb: t.eb, tb: t.tb, m: t.m, n: t.n, c: t.c, v: t.v, e: t.e, mf: t.mf, ...(t.ml === null ? {} : { ml: t.ml }), uv: t.uv };
  },

  OpenOrders(ctx, acc, p) {
    const trades = optBool(p, 'trades') ?? false;
    const userref = optInt(p, 'userref', -2147483648, 2147483647);
    const clOrdId = optString(p, 'cl_ord_id');
    const orders = ctx.engine.spot.openOrders(acc, {
      ...(userref === undefined ? {} : { userref }),
      ...(clOrdId === undefined ? {} : { clOrdId }),
    });
    return { open: keyed(orders.map((o) => [o.txid, orderInfo(o, trades)] as const)) };
  },

  ClosedOrders(ctx, acc, p) {
    const trades = optBool(p, 'trades') ?? false;
    const orderTime = (id: string) => ctx.engine.spot.queryOrders(acc, [id])[0]?.openedMs;
    const startMs = boundMs(optTimeOrId(p, 'start'), orderTime);
    const endMs = boundMs(optTimeOrId(p, 'end'), orderTime);
    const ofs = optInt(p, 'ofs', 0);
    const closetime = optEnum(p, 'closetime', ['open', 'close', 'both'] as const);
    const userref = optInt(p, 'userref', -2147483648, 2147483647);
    const clOrdId = optString(p, 'cl_ord_id');
    const r = ctx.engine.spot.closedOrders(acc, {
      ...(startMs === undefined ? {} : { startMs }),
      ...(endMs === undefined ? {} : { endMs }),
      ...(ofs === undefined ? {} : { ofs }),
      ...(closetime === undefined ? {} : { closetime }),
      ...(userref === undefined ? {} : { userref }),
      ...(clOrdId === undefined ? {} : { clOrdId }),
    });
    return { closed: keyed(r.orders.map((o) => [o.txid, orderInfo(o, trades)] as const)), count: r.count };
  },

  QueryOrders(ctx, acc, p) {
    const txids = optList(p, 'txid');
    if (txids === undefined || txids.length === 0 || txids.length > 50) throw new InvalidArguments('txid');
    const trades = optBool(p, 'trades') ?? false;
    const orders = ctx.engine.spot.queryOrders(acc, txids);
    return keyed(orders.map((o) => [o.txid, orderInfo(o, trades)] as const));
  },

  OrderAmends(ctx, acc, p) {
    const amends = ctx.engine.spot.orderAmends(acc, reqString(p, 'order_id'));
    return {
      count: amends.length,
      amends: amends.map((a) => ({
        amend_id: a.amendId,
        amend_type: a.amendType,
        order_qty: a.orderQty,
        ...(a.displayQty === null ? {} : { display_qty: a.displayQty }),
        remaining_qty: a.remainingQty,
        ...(a.limitPrice === null ? {} : { limit_price: a.limitPrice }),
        ...(a.triggerPrice === null ? {} : { trigger_price: a.triggerPrice }),
        ...(a.reason === null ? {} : { reason: a.reason }),
        post_only: a.postOnly,
        // Nanoseconds, as in Kraken's own OrderAmends example (its schema text only says "UNIX timestamp").
        timestamp: BigInt(a.timestampMs) * 1_000_000n,
      })),
    };
  },

  TradesHistory(ctx, acc, p) {
    const tradeTime = (id: string) => ctx.engine.spot.queryTrades(acc, [id])[0]?.timeMs;
    const startMs = boundMs(optTimeOrId(p, 'start'), tradeTime);
    const endMs = boundMs(optTimeOrId(p, 'end'), tradeTime);
    const ofs = optInt(p, 'ofs', 0);
    const ledgers = optBool(p, 'ledgers') ?? false;
    const r = ctx.engine.spot.tradesHistory(acc, {
      ...(startMs === undefined ? {} : { startMs }),
      ...(endMs === undefined ? {} : { endMs }),
      ...(ofs === undefined ? {} : { ofs }),
    });
    return { trades: keyed(r.trades.map((t) => [t.txid, tradeInfo(t, ledgers)] as const)), count: r.count };
  },

  QueryTrades(ctx, acc, p) {
    const txids = optList(p, 'txid');
    if (txids === undefined || txids.length === 0 || txids.length > 20) throw new InvalidArguments('txid');
    return keyed(ctx.engine.spot.queryTrades(acc, txids).map((t) => [t.txid, tradeInfo(t, false)] as const));
  },

  OpenPositions(ctx, acc, p) {
    const docalcs = optBool(p, 'docalcs') ?? false;
    const positions = ctx.engine.spot.openPositions(acc, optList(p, 'txid'));
    return keyed(positions.map((pos) => [pos.posid, positionInfo(pos, docalcs)] as const));
  },

  Ledgers(ctx, acc, p) {
    const assets = optList(p, 'asset');
    const asset = assets === undefined || assets.includes('all') ? undefined : assets.join(',');
    const start = optTimeOrId(p, 'start');
    const end = optTimeOrId(p, 'end');
    const ofs = optInt(p, 'ofs', 0);
    const type = optString(p, 'type') ?? 'all';
    const all = ctx.engine.spot.ledgers(acc, {}).entries;
    const idTime = (id: string) => all.find((e) => e.id === id)?.timeMs;
    const startMs = boundMs(start, idTime);
    const endMs = boundMs(end, idTime);
    const r = ctx.engine.spot.ledgers(acc, {
      ...(asset === undefined ? {} : { asset }),
      ...(startMs === undefined ? {} : { startMs }),
      ...(endMs === undefined ? {} : { endMs }),
      ...(ofs === undefined ? {} : { ofs }),
    });
    const entries = type === 'all' ? r.entries : r.entries.filter((e) => e.type === type);
    return { ledger: keyed(entries.map((e) => [e.id, ledgerInfo(e)] as const)), count: type === 'all' ? r.count : entries.length };
  },

  QueryLedgers(ctx, acc, p) {
    const ids = optList(p, 'id');
    if (ids === undefined || ids.length === 0 || ids.length > 20) throw new InvalidArguments('id');
    // The engine pages ledgers 50 at a time; walk every page to find the ids.
    const found = new Map<string, ReturnType<typeof ledgerInfo>>();
    for (let ofs = 0; found.size < ids.length; ofs += 50) {
      const page = ctx.engine.spot.ledgers(acc, { ofs });
      for (const e of page.entries) if (ids.includes(e.id)) found.set(e.id, ledgerInfo(e));
      if (page.entries.length < 50 || ofs + 50 >= page.count) break;
    }
    return keyed(ids.filter((id) => found.has(id)).map((id) => [id, found.get(id)!] as const));
  },

  TradeVolume(ctx, acc, p) {
    const pairs = optList(p, 'pair') ?? [];
    // 30-day USD volume from the account's own USD-quoted trades; the fee tier follows from it.
    const month = ctx.clock.nowMs() - 30 * 86_400_000;
    let volume = 0n;
    for (let ofs = 0; ; ofs += 50) {
      const page = ctx.engine.spot.tradesHistory(acc, { startMs: month, ofs });
      for (const t of page.trades) if (t.feeAsset === 'ZUSD') volume += toFixed4Units(t.cost);
      if (page.trades.length < 50) break;
    }
    const fees = keyed(
      pairs.map((name) => {
        const pair = ctx.engine.spot.pair(name);
        if (pair === undefined) throw new InvalidArguments('pair');
        const tier = pair.feesTaker[0];
        const fee = tier?.percent ?? '0';
        return [
          pair.id,
          {
            fee,
            min_fee: pair.feesTaker[pair.feesTaker.length - 1]?.percent ?? fee,
            max_fee: fee,
            next_fee: pair.feesTaker[1]?.percent ?? null,
            tier_volume: tier?.volume ?? '0',
            next_volume: pair.feesTaker[1]?.volume ?? null,
          },
        ] as const;
      }),
    );
    return { currency: 'ZUSD', volume: fromFixed4Units(volume), ...(pairs.length > 0 ? { fees } : {}) };
  },
};

function toFixed4Units(dec: string): bigint {
  const [i, f = ''] = dec.split('.');
  return BigInt(i ?? '0') * 10000n + BigInt((f + '0000').slice(0, 4));
}

function fromFixed4Units(v: bigint): string {
  const s = v.toString().padStart(5, '0');
  return `${s.slice(0, -4)}.${s.slice(-4)}`;
}
