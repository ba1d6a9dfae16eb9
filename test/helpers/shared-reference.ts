/**
 * Whether a piece of the read-only reference folder beside the repository (`../shared`: Kraken's
 * OpenAPI files, third-party recorded payloads) is present. Contract tests read it when it is
 * there and skip with a message when it is not, as on a developer's clone without it. CI always
 * has it beside the clone, so under `CI=true` a missing path fails the test file instead: a skip
 * would count as success and hide that the contract was never checked.
 */
import { existsSync } from 'node:fs';

export function sharedReferencePresent(path: string, env: NodeJS.ProcessEnv = process.env): boolean {
  if (existsSync(path)) return true;
  const ci = env['CI'];
  if (ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0') {
    throw new Error(`${path} is missing, and under CI=${ci} the contract tests that read it fail instead of skipping`);
  }
  return false;
}
