/** The Kraken adapter's names: the venue, its environments, product types and Spot account modes. */
import { Venue } from '../model/identifiers.js';

/** The venue name the node's factories and instrument ids use. */
export const KRAKEN = 'KRAKEN';
export const KRAKEN_VENUE = new Venue(KRAKEN);

export const KrakenEnvironment = { LIVE: 'LIVE', DEMO: 'DEMO' } as const;
export type KrakenEnvironment = (typeof KrakenEnvironment)[keyof typeof KrakenEnvironment];

export const KrakenProductType = { SPOT: 'SPOT', FUTURES: 'FUTURES' } as const;
export type KrakenProductType = (typeof KrakenProductType)[keyof typeof KrakenProductType];

/** Spot account mode of the execution client: CASH, or MARGIN (leverage and margin reporting). */
export const KrakenSpotAccountType = { CASH: 'CASH', MARGIN: 'MARGIN' } as const;
export type KrakenSpotAccountType = (typeof KrakenSpotAccountType)[keyof typeof KrakenSpotAccountType];

/** The TradeBalance denomination when `marginBalanceAsset` is not set. */
export const DEFAULT_MARGIN_BALANCE_ASSET = 'ZUSD';
