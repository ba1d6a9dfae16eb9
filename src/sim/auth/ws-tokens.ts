/**
 * WebSocket tokens from Spot REST `GetWebSocketsToken` (Spot WS v2 and the Unified WebSocket): valid
 * for 15 minutes unless used; once a connection holds a private subscription with it, it stays
 * valid for as long as that connection lives. A token acts for the account of the Spot key that
 * fetched it, with that key's permissions.
 */
import type { Clock } from '../../core/clock.js';
import type { Mulberry32Random } from '../random/mulberry32.js';
import type { SpotPermission } from './credentials.js';

export const WS_TOKEN_TTL_SECONDS = 900;

/** What a token grants: the account it acts for and the permissions of the key that fetched it. */
export interface WsTokenGrant {
  readonly accountId: string;
  readonly permissions: ReadonlySet<SpotPermission>;
}

interface TokenRecord extends WsTokenGrant {
  readonly issuedAtMs: number;
  holders: number;
}

export class WsTokenStore {
  private readonly tokens = new Map<string, TokenRecord>();

  constructor(
    private readonly clock: Pick<Clock, 'nowMs'>,
    private readonly random: Mulberry32Random,
    private readonly ttlSeconds = WS_TOKEN_TTL_SECONDS,
  ) {}

  issue(grant: WsTokenGrant): { token: string; expires: number } {
    // Kraken's example token is 43 base64 characters (32 bytes, no padding).
    const token = this.random.bytes(32).toString('base64').replace(/=+$/, '');
    this.tokens.set(token, {
      accountId: grant.accountId,
      permissions: new Set(grant.permissions),
      issuedAtMs: this.clock.nowMs(),
      holders: 0,
    });
    return { token, expires: this.ttlSeconds };
  }

  /** The account a token acts for, or undefined when unknown or expired. */
  accountFor(token: unknown): string | undefined {
    return this.grantFor(token)?.accountId;
  }

  /** What a token grants, or undefined when unknown or expired. */
  grantFor(token: unknown): WsTokenGrant | undefined {
    if (typeof token !== 'string') return undefined;
    const record = this.tokens.get(token);
    if (record === undefined) return undefined;
    if (record.holders === 0 && this.clock.nowMs() - record.issuedAtMs > this.ttlSeconds * 1000) {
      this.tokens.delete(token);
      return undefined;
    }
    return record;
  }

  /** A connection started a private subscription with this token. */
  hold(token: string): void {
    const record = this.tokens.get(token);
    if (record !== undefined) record.holders++;
  }

  /** That connection closed. */
  release(token: string): void {
    const record = this.tokens.get(token);
    if (record !== undefined && record.holders > 0) record.holders--;
  }
}
