export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Word sequences as one alternation grouped by first word: `your\W+(?:session|client)\W+…`. */
export function wordTrie(sequences: readonly string[][]): string {
  const byFirst = new Map<string, string[][]>();
  for (const [first, ...rest] of sequences) {
    if (!first) continue;
    const list = byFirst.get(first) ?? [];
    list.push(rest);
    byFirst.set(first, list);
  }
  return [...byFirst]
    .map(([first, rests]) => {
      const tails = [...new Set(rests.filter((r) => r.length).map((r) => r.map(escapeRegExp).join(String.raw`\W+`)))];
      const word = escapeRegExp(first);
      if (rests.some((r) => r.length === 0) || tails.length === 0) return word;
      return tails.length === 1 ? `${word}\\W+${tails[0]}` : `${word}\\W+(?:${tails.join('|')})`;
    })
    .join('|');
}

/** Longest first, so an alternation prefers `desktop_login_accounts` to a shorter word it contains. */
export function alternation(words: Iterable<string>): string {
  return [...new Set(words)].sort((a, b) => b.length - a.length || a.localeCompare(b)).map(escapeRegExp).join('|');
}
