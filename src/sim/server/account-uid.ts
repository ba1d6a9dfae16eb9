/**
 * The UUID a simulated account shows where Kraken Futures names an account (`accountUid` in the
 * history API, `account` / `username` in WS feeds): Kraken's are UUIDs, so a client may check
 * the shape. Derived from the account id, so the same account always has the same uid.
 */
import { createHash } from 'node:crypto';

const cache = new Map<string, string>();

export function accountUid(accountId: string): string {
  return stableUuid(`account:${accountId}`);
}

/** A UUID derived from `label` (the same label, the same UUID), for ids Kraken shows as UUIDs. */
export function stableUuid(label: string): string {
  let uid = cache.get(label);
  if (uid === undefined) {
    const h = createHash('sha256').update(`krakenkit-sim:${label}`).digest('hex');
    // Version 4 / RFC 4122 variant bits, so it parses as an ordinary random UUID.
    uid = `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
    if (cache.size >= 10_000) cache.clear();
    cache.set(label, uid);
  }
  return uid;
}
