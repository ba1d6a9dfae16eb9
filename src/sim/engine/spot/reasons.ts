/** Close reasons. GUESSED: Kraken does not document its `reason` texts; these follow observed REST/WS wording where known. */
export const REASON = {
  user: 'User requested',
  postOnly: 'Post only order',
  ioc: 'Immediate or cancel',
  fok: 'Fill or kill',
  noLiquidity: 'Insufficient liquidity',
  selfTrade: 'Self trade prevention',
  deadMan: 'Dead man switch',
  expired: 'Order expired',
  insufficientFunds: 'Insufficient funds',
  reduceOnlyClosed: 'Reduce only:Position is closed',
  amendBelowFilled: 'Order quantity amended below filled quantity',
  replaced: 'Order replaced',
} as const;
