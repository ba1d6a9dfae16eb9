/**
 * Lookups keyed by what a client sent (a REST method name, a WS event or method, a schema
 * title) must only ever find the table's own entries. A plain `table[name]` or `name in table`
 * also finds `constructor`, `toString`, `hasOwnProperty` and the rest of `Object.prototype`, so
 * `GET /0/public/constructor` would call `Object` and dump whatever it was given.
 */
export function ownEntry<T>(table: Readonly<Record<string, T>>, key: unknown): T | undefined {
  if (typeof key !== 'string' || !Object.hasOwn(table, key)) return undefined;
  return table[key];
}
