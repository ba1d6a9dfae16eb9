/**
 * Secret values known to this process (API keys and secrets, WebSocket tokens, proxy passwords),
 * so a logger can mask them wherever they appear, even in free text under a harmless field name.
 * Whoever first holds a secret remembers it here; the log writer masks every remembered value in
 * each line before it is written. Field names catch the secrets we know the shape of; this catches
 * the ones that slipped into a message.
 */

/** Shorter values are not remembered: masking them would garble ordinary text. */
const MIN_SECRET_LENGTH = 8;
/** WebSocket tokens rotate: the oldest remembered values give way past this many. */
const MAX_SECRETS = 512;

const secrets = new Set<string>();
let pattern: RegExp | null = null;

function escapeForRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Remembers a secret value (and its URL-encoded form) for masking. Ignores short or empty values. */
export function rememberSecret(value: string | undefined | null): void {
  if (value === undefined || value === null || value.length < MIN_SECRET_LENGTH) return;
  const forms = new Set([value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1)]);
  for (const form of forms) {
    if (secrets.has(form)) continue;
    secrets.add(form);
    pattern = null;
  }
  while (secrets.size > MAX_SECRETS) {
    const oldest = secrets.values().next().value;
    if (oldest === undefined) break;
    secrets.delete(oldest);
  }
}

/** Replaces every remembered secret value in `text` with `mask`. */
export function maskKnownSecrets(text: string, mask = '[REDACTED]'): string {
  if (secrets.size === 0) return text;
  // Longest first, so a secret that contains another is masked whole.
  pattern ??= new RegExp(
    [...secrets]
      .sort((a, b) => b.length - a.length)
      .map(escapeForRegExp)
      .join('|'),
    'g',
  );
  return text.replace(pattern, mask);
}

/** Forgets every remembered value (tests that check masking starts from nothing). */
export function forgetSecrets(): void {
  secrets.clear();
  pattern = null;
}
