/** Up to three names closest to `typed`: a typo of a letter or two first, then one name inside the other, then by edit distance. */
export function closest(typed: string, names: readonly string[]): string[] {
  const t = typed.toLowerCase();
  const limit = Math.max(3, Math.floor(t.length / 2));
  const scored = names.map((name) => {
    const n = name.toLowerCase();
    // One name inside the other (both of 3 letters or more) is a match, but a typo of a letter or
    // two ranks first: `amont_paid` holds `paid`, and meant `amount_paid`.
    const contains = Math.min(t.length, n.length) >= 3 && (n.includes(t) || t.includes(n));
    const edits = distance(t, n);
    return { name, score: edits <= 2 ? edits : contains ? 2.5 : edits, kept: contains || edits <= limit };
  });
  return scored
    .filter((s) => s.kept)
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
