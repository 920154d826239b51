/**
 * How well `term` finds `name`, lower is better, undefined when it does not: every word of the term
 * must be in the name, as text (`bal`), as the initials of its parts (`fc` in
 * financial_connections), or as letters in order (`frbal`). `fc bal` finds
 * financial_connections.account.refreshed_balance.
 */
export function fuzzyScore(term: string, name: string): number | undefined {
  const lower = name.toLowerCase();
  const initials = lower
    .split(/[._\-@\s]+/)
    .map((part) => part[0] ?? "")
    .join("");
  let score = 0;
  for (const word of term.toLowerCase().split(/\s+/).filter(Boolean)) {
    const at = lower.indexOf(word);
    if (at >= 0) score += at === 0 ? 0 : 1;
    else if (initials.includes(word)) score += 2;
    else if (isSubsequence(word, lower)) score += 4;
    else return undefined;
  }
  return score;
}

/** The names that `term` finds, best first (then shortest, then alphabetical). */
export function fuzzyFilter<T extends { name: string }>(term: string, items: readonly T[], limit = 50): T[] {
  return items
    .map((item) => ({ item, score: fuzzyScore(term, item.name) }))
    .filter((x): x is { item: T; score: number } => x.score !== undefined)
    .sort((a, b) => a.score - b.score || a.item.name.length - b.item.name.length || a.item.name.localeCompare(b.item.name))
    .slice(0, limit)
    .map((x) => x.item);
}

function isSubsequence(word: string, text: string): boolean {
  let i = 0;
  for (const c of text) if (c === word[i]) i++;
  return i === word.length;
}
