import { describe, expect, it } from 'vitest';
import { lowerCamel } from '../../../codegen/steps/openapi-model.js';

describe("generated method names are lowerCamel after Kraken's endpoint names", () => {
  it.each([
    ['AddOrder', 'addOrder'],
    ['GetWebSocketsToken', 'getWebSocketsToken'],
    ['CancelAllOrdersAfter', 'cancelAllOrdersAfter'],
    ['OHLC', 'ohlc'],
    ['OHLCData', 'ohlcData'],
    ['sendorder', 'sendorder'],
    ['historicalfundingrates', 'historicalfundingrates'],
  ])('%s → %s', (op, name) => expect(lowerCamel(op)).toBe(name));
});
