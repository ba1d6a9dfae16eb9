/**
 * Masking of credentials that travel inside URLs (`http://user:pass@proxy:3128`). Transport uses
 * it for its error messages and copied causes, the node's logger before any sink: both must mask
 * the same way, so the rules live here, on the ground floor.
 */

/**
 * `http://user:pass@host:1` → `http://user:***@host:1`. The userinfo runs to the LAST `@`, so a
 * password holding a raw `@` or `/` is still masked whole.
 */
export function redactProxyUrl(raw: string): string {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)(.*)@([^@]*)$/is.exec(raw);
  if (!m) return raw;
  const user = m[2]!.split(':')[0] ?? '';
  return `${m[1]}${user ? `${user}:***` : '***'}@${m[3]}`;
}

/** `scheme://` followed by userinfo up to the last `@` of the token (a password may hold `@` or `/`). */
const URL_USERINFO = /([a-z][a-z0-9+.-]*:\/\/)[^\s]*@/gi;

/** Masks the userinfo of every URL in free text (an error message, a stack). */
export function maskUrlUserinfo(text: string): string {
  return text.replace(URL_USERINFO, '$1***@');
}
