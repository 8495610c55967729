/**
 * "Did you mean" for a misspelt name: the known name closest to it, when it is close enough to be
 * a typo (an edit distance of at most a third of its length, and at least 1). Shared by the
 * config loader (misspelt keys) and the scripts' argument parser (misspelt flags and envs).
 */
export function closest(name: string, known: Iterable<string>): string | undefined {
  const limit = Math.max(1, Math.floor(name.length / 3));
  let best: { name: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance <= limit && (!best || distance < best.distance))
      best = { name: candidate, distance };
  }
  return best?.name;
}

/** ` (did you mean "x"?)` or nothing, to append to a message. */
export function didYouMean(
  name: string,
  known: Iterable<string>,
  show = (match: string) => `"${match}"`,
): string {
  const match = closest(name, known);
  return match === undefined ? "" : ` (did you mean ${show(match)}?)`;
}

/** Levenshtein distance, counting a swap of two neighbours as one edit (a common typo). */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
