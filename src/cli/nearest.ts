/** "Did you mean": the known names closest to what the user typed, by edit distance over upper-cased text. */

/** Levenshtein distance, two rows. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}

/** Up to `limit` candidates nearest to `typed`: substring matches first, then by distance, then by name. */
export function nearestNames(typed: string, candidates: Iterable<string>, limit = 5): string[] {
  const t = typed.toUpperCase();
  const scored = [...new Set(candidates)].map((name) => {
    const n = name.toUpperCase();
    const contains = n.includes(t) || t.includes(n.split('.')[0] ?? n);
    return { name, score: (contains ? 0 : 1000) + editDistance(t, n) };
  });
  scored.sort((x, y) => x.score - y.score || x.name.localeCompare(y.name));
  return scored.slice(0, limit).map((s) => s.name);
}
