import type { SpotOrderRequest } from '../types/spot-requests.js';
import type { SpotPairSpec } from '../types/instruments.js';
import { SimVenueError } from '../errors.js';
import { Decimal, ZERO, decimalPlaces } from '../decimal.js';
import type { SpotAccount, SpotOrder } from './model.js';
import { hasLimitPrice, isOpen, isTrailing, isTriggeredType } from './model.js';
import { resolvePrice, trailingStopLevel } from './pricing.js';

/** What validation needs to know about the market. */
export interface ValidationMarket {
  pair(name: string): SpotPairSpec | undefined;
  refPrice(pair: SpotPairSpec): Decimal;
  indexPrice(pair: SpotPairSpec): Decimal | null;
  now(): number;
}

const CL_ORD_ID = /^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9a-fA-F]{32}|[\x20-\x7e]{1,18})$/;
const MONTH_MS = 31 * 86_400_000;

function invalid(field: string, why?: string): SimVenueError {
  return new SimVenueError(`EGeneral:Invalid arguments:${field}`, why);
}

function parseQty(text: string, field: string, decimals: number): Decimal {
  if (!/^\d+(\.\d+)?$/.test(text)) throw invalid(field, 'not a decimal');
  if (decimalPlaces(text.replace(/0+$/, '')) > decimals) throw invalid(field, `more than ${decimals} decimals`);
  return new Decimal(text);
}

/**
 * Static validation of one order request (everything except funds and margin, which depend on
 * account state at placement time). Returns the order draft without txid. Throws `SimVenueError`
 * with Kraken's exact strings; strings Kraken's documentation does not give are marked GUESSED.
 */
export function draftSpotOrder(acc: SpotAccount, req: SpotOrderRequest, m: ValidationMarket): SpotOrder {
  const now = m.now();
  const pair = m.pair(req.pair);
  // GUESSED wording: "EQuery:Unknown asset pair" is commonly seen but not in the official table.
  if (!pair) throw new SimVenueError('EQuery:Unknown asset pair');
  if (req.deadlineMs !== undefined && now > req.deadlineMs) throw new SimVenueError('EService:Deadline elapsed');
  if (pair.status === 'cancel_only') throw new SimVenueError('EService:Market in cancel_only mode');
  if (pair.status === 'post_only' && !req.postOnly) throw new SimVenueError('EService:Market in post_only mode');
  const type = req.orderType;
  if (req.side !== 'buy' && req.side !== 'sell') throw invalid('type');

  // Volume / viqc.
  let volume = ZERO;
  let cashQty: Decimal | null = null;
  if (req.cashOrderQty !== undefined) {
    // viqc: buy market orders only, never on margin (Kraken's AddOrder oflags).
    if (type !== 'market' || req.side !== 'buy' || req.leverage !== undefined)
      throw invalid('oflags', 'viqc is for buy market orders without margin');
    cashQty = parseQty(req.cashOrderQty, 'volume', pair.costDecimals);
    if (cashQty.lte(0)) throw invalid('volume');
    if (cashQty.lt(pair.costmin)) throw new SimVenueError('EOrder:Cost minimum not met');
  } else {
    if (req.volume === undefined) throw invalid('volume', 'missing');
    volume = parseQty(req.volume, 'volume', pair.lotDecimals);
    if (volume.lte(0)) throw invalid('volume');
    if (volume.lt(pair.ordermin)) throw new SimVenueError('EOrder:Order minimum not met');
  }

  // Prices.
  const ref = m.refPrice(pair);
  let limitPrice: Decimal | null = null;
  let triggerPrice: Decimal | null = null;
  let descrPrice = ZERO;
  let descrPrice2 = ZERO;
  let trailingOffset = null;
  let limitOffset = null;
  let peak: Decimal | null = null;
  if (type !== 'market') {
    if (!req.price) throw invalid('price', 'missing');
  } else if (req.price || req.price2) {
    throw invalid('price', 'market orders take no price');
  }
  if (type.endsWith('-limit') && !req.price2) throw invalid('price2', 'missing');
  if (!type.endsWith('-limit') && req.price2) throw invalid('price2', 'only for *-limit orders');

  const trigger = req.trigger ?? 'last';
  if (req.trigger !== undefined && !isTriggeredType(type)) throw invalid('trigger', 'only for triggered orders');
  let triggerRef = ref;
  if (trigger === 'index') {
    const idx = m.indexPrice(pair);
    if (!pair.hasIndex || idx === null) throw new SimVenueError('EGeneral:Invalid arguments:Index unavailable');
    triggerRef = idx;
  }

  if (req.price) {
    if (type === 'limit' || type === 'iceberg') {
      limitPrice = resolvePrice(pair, req.price, ref, req.side, type, 'price');
      descrPrice = limitPrice;
    } else if (isTrailing(type)) {
      // Trailing stops must use a relative `+` price (Kraken's AddOrder, relative prices).
      if (req.price.kind !== 'offset' || req.price.sign !== '+') throw invalid('price', 'trailing stops need a + offset');
      trailingOffset = req.price;
      peak = triggerRef;
      triggerPrice = trailingStopLevel(peak, req.price, req.side, pair);
      descrPrice = new Decimal(req.price.value);
    } else {
      triggerPrice = resolvePrice(pair, req.price, triggerRef, req.side, type, 'price');
      descrPrice = triggerPrice;
    }
  }
  if (req.price2) {
    if (type === 'trailing-stop-limit') {
      if (req.price2.kind !== 'offset' || req.price2.sign === '#') throw invalid('price2', 'trailing-stop-limit needs a +/- offset');
      limitOffset = req.price2;
      descrPrice2 = new Decimal(req.price2.value);
    } else {
      limitPrice = resolvePrice(pair, req.price2, ref, req.side, type, 'price2');
      descrPrice2 = limitPrice;
    }
  }

  // Cost minimum on the price the order is expected to trade at.
  if (cashQty === null) {
    const px = limitPrice ?? triggerPrice ?? ref;
    if (volume.times(px).lt(pair.costmin)) throw new SimVenueError('EOrder:Cost minimum not met');
  }

  // Iceberg display size.
  let display: Decimal | null = null;
  if (req.displayVol !== undefined) {
    if (type !== 'iceberg') throw invalid('displayvol', 'only for iceberg orders');
    display = parseQty(req.displayVol, 'displayvol', pair.lotDecimals);
    // displayvol must be >= 1/15 of volume (Kraken's AddOrder).
    if (display.lte(0) || display.times(15).lt(volume) || display.gt(volume))
      throw invalid('displayvol', 'must be between volume/15 and volume');
  } else if (type === 'iceberg') {
    throw invalid('displayvol', 'missing');
  }

  // Time in force.
  const tif = req.timeInForce ?? 'GTC';
  let expireMs = 0;
  if (tif === 'GTD') {
    if (req.expireTimeMs === undefined || req.expireTimeMs <= now) throw invalid('expiretm', 'GTD needs a future expiry');
    if (req.expireTimeMs > now + MONTH_MS) throw invalid('expiretm', 'more than one month ahead');
    expireMs = req.expireTimeMs;
  } else if (req.expireTimeMs !== undefined && req.expireTimeMs !== 0) {
    throw invalid('expiretm', 'only with GTD');
  }
  // FOK only on limit-price types (Kraken's AddOrder timeinforce; its SDK's validator).
  if (tif === 'FOK' && !hasLimitPrice(type)) throw invalid('timeinforce', 'FOK needs a limit price');
  if (req.postOnly && !hasLimitPrice(type)) throw invalid('oflags', 'post-only needs a limit price');
  if (req.postOnly && (tif === 'IOC' || tif === 'FOK')) throw invalid('oflags', 'post-only cannot be IOC/FOK');

  // Leverage tiers.
  if (req.leverage !== undefined) {
    const tiers = req.side === 'buy' ? pair.leverageBuy : pair.leverageSell;
    // GUESSED wording: Kraken's documentation gives no specific string for a leverage outside the pair's tiers.
    if (!Number.isInteger(req.leverage) || !tiers.includes(req.leverage)) throw invalid('leverage', `allowed: ${tiers.join(',')}`);
  }

  // Client ids.
  if (req.userref !== undefined && req.clOrdId !== undefined) throw invalid('cl_ord_id', 'exclusive with userref');
  if (req.userref !== undefined && (!Number.isInteger(req.userref) || req.userref < -2147483648 || req.userref > 2147483647))
    throw invalid('userref');
  if (req.clOrdId !== undefined) {
    if (!CL_ORD_ID.test(req.clOrdId)) throw invalid('cl_ord_id');
    // GUESSED wording for a duplicate live cl_ord_id.
    for (const o of acc.orders.values()) if (isOpen(o) && o.clOrdId === req.clOrdId) throw new SimVenueError('EOrder:Duplicate cl_ord_id');
  }

  const startMs = req.startTimeMs !== undefined && req.startTimeMs > now ? req.startTimeMs : 0;
  const oflags: string[] = [];
  if (req.postOnly) oflags.push('post');
  if (cashQty !== null) oflags.push('viqc');
  oflags.push(req.feePreference === 'base' ? 'fcib' : 'fciq');

  return {
    txid: '',
    accountId: acc.id,
    pair,
    side: req.side,
    orderType: type,
    volume,
    cashQty,
    volExec: ZERO,
    cost: ZERO,
    fee: ZERO,
    limitPrice,
    triggerPrice,
    descrPrice,
    descrPrice2,
    limitOffset,
    trailingOffset,
    peak,
    trigger,
    triggered: false,
    triggeredMs: null,
    display,
    tif,
    postOnly: req.postOnly === true,
    reduceOnly: req.reduceOnly === true && req.leverage !== undefined,
    leverage: req.leverage ?? null,
    userref: req.userref ?? null,
    clOrdId: req.clOrdId ?? null,
    openedMs: now,
    startMs,
    expireMs,
    closedMs: null,
    status: 'pending',
    execStatus: 'pending_new',
    reason: null,
    misc: new Set(),
    oflags,
    amended: false,
    tradeTxids: [],
    refid: null,
    close: req.close ?? null,
    descrClose: null,
    feePreference: req.feePreference ?? 'quote',
    hold: null,
    amends: [],
    resting: false,
  };
}
