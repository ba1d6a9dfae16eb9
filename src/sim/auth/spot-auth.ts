/**
 * Verifies Spot REST private requests exactly as Kraken does: `API-Key`
 * header → key, `API-Sign` over the exact body bytes → signature, `nonce` strictly increasing
 * per key → nonce, then the key's permission for the method.
 */
import { timingSafeEqual } from 'node:crypto';
import { expectedSpotApiSign } from './signatures.js';
import type { SpotCredential, SpotPermission } from './credentials.js';
import { parseNonce, type KeyStore } from './key-store.js';

export const SPOT_AUTH_ERRORS = {
  invalidKey: 'EAPI:Invalid key',
  invalidSignature: 'EAPI:Invalid signature',
  invalidNonce: 'EAPI:Invalid nonce',
  permissionDenied: 'EGeneral:Permission denied',
} as const;

/** Permission each private method needs; methods not listed need `query`. */
const METHOD_PERMISSION: Readonly<Record<string, SpotPermission>> = {
  AddOrder: 'trade',
  AddOrderBatch: 'trade',
  AmendOrder: 'trade',
  EditOrder: 'trade',
  CancelOrder: 'trade',
  CancelAll: 'trade',
  CancelAllOrdersAfter: 'trade',
  CancelOrderBatch: 'trade',
  GetWebSocketsToken: 'websocket',
};

export function spotPermissionFor(method: string): SpotPermission {
  return Object.hasOwn(METHOD_PERMISSION, method) ? METHOD_PERMISSION[method]! : 'query';
}

export interface SpotPrivateRequest {
  /** `/0/private/<Method>` */
  readonly path: string;
  readonly method: string;
  readonly apiKey: string | undefined;
  readonly apiSign: string | undefined;
  /** The exact body text received. */
  readonly rawBody: string;
  /** The nonce field from the decoded body. */
  readonly nonce: unknown;
}

export type SpotAuthResult = { readonly ok: true; readonly credential: SpotCredential } | { readonly ok: false; readonly error: string };

export function verifySpotRequest(keys: KeyStore, req: SpotPrivateRequest): SpotAuthResult {
  const credential = keys.spot(req.apiKey);
  if (credential === undefined) return { ok: false, error: SPOT_AUTH_ERRORS.invalidKey };
  const nonce = parseNonce(req.nonce);
  if (nonce === undefined) return { ok: false, error: SPOT_AUTH_ERRORS.invalidNonce };
  const expected = expectedSpotApiSign(req.path, nonce.toString(), req.rawBody, credential.apiSecret);
  // Kraken signs `nonce ‖ body` with the nonce as sent; a JSON nonce sent as a number has the same text.
  if (!sameText(expected, req.apiSign)) return { ok: false, error: SPOT_AUTH_ERRORS.invalidSignature };
  if (keys.useNonce(credential.apiKey, nonce) !== 'ok') return { ok: false, error: SPOT_AUTH_ERRORS.invalidNonce };
  if (!credential.permissions.has(spotPermissionFor(req.method))) return { ok: false, error: SPOT_AUTH_ERRORS.permissionDenied };
  return { ok: true, credential };
}

export function sameText(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
