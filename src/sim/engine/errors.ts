/**
 * A venue rejection carrying Kraken's exact error string in `code`
 * (spot: `EOrder:Insufficient funds`, `EGeneral:Invalid arguments:price`, ...;
 * futures envelope errors: `invalidArgument`, `requiredArgumentMissing`, ...).
 */
export class SimVenueError extends Error {
  readonly code: string;
  constructor(code: string, detail?: string) {
    super(detail === undefined ? code : `${code} (${detail})`);
    this.name = 'SimVenueError';
    this.code = code;
  }
}
