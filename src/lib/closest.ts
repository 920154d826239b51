/** Up to three names closest to `typed`: substring matches first, then by edit distance. */
export function closest(typed: string, names: readonly string[]): string[] {
  const t = typed.toLowerCase();
  const scored = names.map((name) => {
    const n = name.toLowerCase();
    const contains = t.length >= 3 && (n.includes(t) || t.includes(n));
    return { name, score: contains ? 0 : distance(t, n) };
  });
  const limit = Math.max(3, Math.floor(t.length / 2));
  return scored
    .filter((s) => s.score <= limit)
    .sort((a, b) => a.score - b.score || a.name.localeCompare(b.name))
    .slice(0, 3)
    .map((s) => s.name);
}

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}
