export { deriveKeyPair, redactable, demoCredentials } from './credentials.js';
export type { SpotCredential, FuturesCredential, SimCredential, SpotPermission, FuturesAccess, DemoCredentials } from './credentials.js';
export { KeyStore, parseNonce } from './key-store.js';
export { verifySpotRequest, spotPermissionFor, SPOT_AUTH_ERRORS } from './spot-auth.js';
export type { SpotPrivateRequest, SpotAuthResult } from './spot-auth.js';
export { verifyFuturesRequest } from './futures-auth.js';
export type { FuturesPrivateRequest, FuturesAuthResult } from './futures-auth.js';
export { WsTokenStore, WS_TOKEN_TTL_SECONDS } from './ws-tokens.js';
export { FuturesChallenges } from './futures-challenge.js';
