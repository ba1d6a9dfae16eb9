/**
 * `krakenkit order submit|cancel|list`: one order at a time over Kraken's REST order entry
 * (Spot AddOrder/CancelOrder/OpenOrders, Futures sendorder/cancelorder/openorders), checked
 * against the instrument's precisions before anything is sent. Against real Kraken an order or a
 * cancel is sent only after a confirmation on the terminal or `--yes`; `--validate` (Spot) has
 * Kraken check the order without placing it.
 */
import { CliUsageError } from './exit-codes.js';
import { loadCatalog, resolveInstrument, type CatalogEntry } from './catalog.js';
import type { CliIo } from './io.js';
import { formatTable } from './table.js';
import { requireCredentials, type CliVenue } from './venue.js';

export interface SubmitOptions {
  readonly side: 'buy' | 'sell';
  readonly qty: string;
  readonly type?: 'limit' | 'market';
  readonly price?: string;
  readonly postOnly?: boolean;
  readonly validate?: boolean;
  readonly yes?: boolean;
}

export interface SubmitResult {
  readonly orderId: string | null;
  readonly description: string;
  readonly validatedOnly: boolean;
}

export interface OpenOrderRow {
  readonly product: 'spot' | 'futures';
  readonly orderId: string;
  readonly symbol: string;
  readonly side: string;
  readonly type: string;
  readonly qty: string;
  readonly filled: string;
  readonly price: string;
}

/** A positive exact decimal with at most `dp` fraction digits, or a usage error naming the flag. */
function checkDecimal(flag: string, text: string, dp: number): string {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (m === null || /^0*\.?0*$/.test(text.trim())) throw new CliUsageError(`${flag} ${text}: a positive decimal number is needed`);
  if ((m[2] ?? '').length > dp) throw new CliUsageError(`${flag} ${text}: at most ${dp} decimal places for this instrument`);
  return text.trim();
}

async function confirmLive(venue: CliVenue, what: string, yes: boolean | undefined, io: CliIo): Promise<void> {
  if (venue.name !== 'kraken' || yes === true) return;
  if (io.confirm === undefined) throw new CliUsageError(`refusing to ${what} on real Kraken without confirmation: pass --yes`);
  if (!(await io.confirm(`${what} on real Kraken?`))) throw new CliUsageError('not confirmed: nothing was sent');
}

function describe(entry: CatalogEntry, o: SubmitOptions): string {
  const type = o.type ?? 'limit';
  return `${o.side} ${o.qty} ${entry.instrument.id.toString()} ${type}${type === 'limit' ? ` @ ${o.price}` : ''}${o.postOnly === true ? ' post-only' : ''}`;
}

export async function runOrderSubmit(venue: CliVenue, symbol: string, o: SubmitOptions, io: CliIo): Promise<SubmitResult> {
  const type = o.type ?? 'limit';
  if (type === 'limit' && o.price === undefined) throw new CliUsageError('--price is required for a limit order');
  if (type === 'market' && o.price !== undefined) throw new CliUsageError('--price is for limit orders only');
  if (type === 'market' && o.postOnly === true) throw new CliUsageError('--post-only is for limit orders only');
  const catalog = await loadCatalog(venue);
  const entry = resolveInstrument(catalog, symbol);
  const i = entry.instrument;
  const qty = checkDecimal('--qty', o.qty, i.sizePrecision);
  const price = o.price === undefined ? undefined : checkDecimal('--price', o.price, i.pricePrecision);
  if (entry.product === 'futures' && o.validate === true)
    throw new CliUsageError('Kraken Futures has no validate flag: --validate is for Spot orders');
  requireCredentials(venue, entry.product);
  const description = describe(entry, o);
  if (o.validate !== true) await confirmLive(venue, `send ${description}`, o.yes, io);

  if (entry.product === 'spot') {
    const pair = entry.native[0]!;
    const res = await catalog.spot!.raw.addOrder({
      pair,
      type: o.side,
      ordertype: type,
      volume: qty,
      ...(price === undefined ? {} : { price }),
      ...(o.postOnly === true ? { oflags: 'post' } : {}),
      ...(o.validate === true ? { validate: true } : {}),
    });
    const orderId = res.txid?.[0] ?? null;
    io.out(
      o.validate === true
        ? `validated (not placed): ${res.descr?.order ?? description}`
        : `submitted ${orderId ?? '?'}: ${res.descr?.order ?? description}`,
    );
    return { orderId, description, validatedOnly: o.validate === true };
  }
  const futuresType = type === 'market' ? 'mkt' : o.postOnly === true ? 'post' : 'lmt';
  const res = await catalog.futures!.raw.sendorder({
    orderType: futuresType,
    symbol: i.rawSymbol.value,
    side: o.side,
    size: qty,
    ...(price === undefined ? {} : { limitPrice: price }),
  });
  const status = res.sendStatus;
  const orderId = status?.order_id ?? null;
  io.out(`submitted ${orderId ?? '?'}: ${description} (${status?.status ?? 'no status'})`);
  return { orderId, description, validatedOnly: false };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SPOT_TXID = /^O[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{6}$/;

export async function runOrderCancel(venue: CliVenue, orderId: string, o: { yes?: boolean }, io: CliIo): Promise<void> {
  const product = UUID.test(orderId) ? 'futures' : SPOT_TXID.test(orderId) ? 'spot' : null;
  if (product === null)
    throw new CliUsageError(`${orderId} is neither a Spot order id (OXXXXX-XXXXX-XXXXXX) nor a Futures order id (a UUID)`);
  requireCredentials(venue, product);
  await confirmLive(venue, `cancel ${orderId}`, o.yes, io);
  if (product === 'spot') {
    const res = await venue.spotHttp().raw.cancelOrder({ txid: orderId });
    io.out(`cancelled ${orderId}: ${res.count ?? 0} order(s)`);
    return;
  }
  const res = await venue.futuresHttp().raw.cancelorder({ order_id: orderId });
  io.out(`cancel ${orderId}: ${res.cancelStatus?.status ?? 'no status'}`);
}

export async function openOrderRows(venue: CliVenue, product?: 'spot' | 'futures'): Promise<OpenOrderRow[]> {
  const rows: OpenOrderRow[] = [];
  if (product !== 'futures') {
    requireCredentials(venue, 'spot');
    const res = await venue.spotHttp().raw.openOrders();
    for (const [id, order] of Object.entries(res.open ?? {}))
      rows.push({
        product: 'spot',
        orderId: id,
        symbol: order.descr?.pair ?? '',
        side: order.descr?.type ?? '',
        type: order.descr?.ordertype ?? '',
        qty: String(order.vol ?? ''),
        filled: String(order.vol_exec ?? ''),
        price: String(order.descr?.price ?? ''),
      });
  }
  if (product !== 'spot') {
    requireCredentials(venue, 'futures');
    const res = await venue.futuresHttp().raw.openorders();
    for (const order of res.openOrders ?? [])
      rows.push({
        product: 'futures',
        orderId: order.order_id,
        symbol: order.symbol,
        side: order.side,
        type: order.orderType,
        qty: String(order.unfilledSize ?? ''),
        filled: String(order.filledSize ?? ''),
        price: String(order.limitPrice ?? ''),
      });
  }
  return rows;
}

export async function runOrderList(
  venue: CliVenue,
  o: { product?: 'spot' | 'futures'; json?: boolean },
  io: CliIo,
): Promise<OpenOrderRow[]> {
  const rows = await openOrderRows(venue, o.product);
  if (o.json === true) io.out(JSON.stringify(rows, null, 2));
  else
    io.out(
      formatTable(
        ['PRODUCT', 'ORDER ID', 'SYMBOL', 'SIDE', 'TYPE', 'QTY', 'FILLED', 'PRICE'],
        rows.map((r) => [r.product, r.orderId, r.symbol, r.side, r.type, r.qty, r.filled, r.price]),
      ),
    );
  io.err(`${rows.length} open order(s)`);
  return rows;
}
