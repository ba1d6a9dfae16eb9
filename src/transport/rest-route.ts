/** The route-table entry that codegen emits for every REST operation, and per-call options. */
export interface RestRoute {
  readonly operationId: string;
  readonly methodName: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The path as Kraken documents it, e.g. `/0/private/AddOrder` or `/derivatives/api/v3/sendorder`. */
  readonly path: string;
  readonly auth: 'public' | 'private';
  readonly body: 'form' | 'json' | 'none';
  /** The call's cost on Kraken's rate counter. */
  readonly cost: number;
  /** Creates, changes or cancels orders: never retried blindly. */
  readonly orderEntry: boolean;
  /** Body fields the client supplies itself (Spot `nonce`). */
  readonly clientSupplied: readonly string[];
  /** Names of `{param}` segments in `path`, taken from the params and substituted by the client. */
  readonly pathParams: readonly string[];
}

export interface CallOptions {
  /** Aborts the call; the promise rejects with a `KrakenTransportError` (`closed`). */
  readonly signal?: AbortSignal;
  /** Overrides the client's timeout for this call. */
  readonly timeoutMs?: number;
}
