/**
 * The names among `candidates` that look like a misspelling of `name`, closest first, at most `limit`:
 * the same name in another case, a name that contains it or is contained in it (the last dotted part
 * counts on its own, so `Inventory` finds `inventory.v1.Inventory`), or one within a few edits
 * (Levenshtein distance at most a third of the last part's length, and at least 2), or the same last part
 * under another package or none (`helloworld.Greeter` finds `Greeter`). Apart from that last case, a
 * dotted name must also match the candidate's package, give or take those few edits.
 */
export function nearMatches(name: string, candidates: Iterable<string>, limit = 3): string[] {
  const wanted = name.toLowerCase();
  const wantedLast = wanted.slice(wanted.lastIndexOf(".") + 1);
  const scored: [number, string][] = [];
  for (const candidate of new Set(candidates)) {
    const lower = candidate.toLowerCase();
    const last = lower.slice(lower.lastIndexOf(".") + 1);
    let score: number;
    if (lower === wanted || last === wanted) score = 0;
    // The right name under another package, or under none (helloworld.Greeter for a Greeter declared
    // without a package): a user who knows a service's name is more often wrong about its package.
    else if (last === wantedLast) score = 1;
    else if (
      wantedLast.length >= 3 &&
      last.length >= 3 &&
      (last.includes(wantedLast) || wantedLast.includes(last)) &&
      (wanted === wantedLast || lower.startsWith(wanted.slice(0, wanted.length - wantedLast.length)))
    )
      score = 1;
    else {
      const distance = Math.min(
        editDistance(wanted, lower),
        editDistance(wantedLast, last) + (wanted === wantedLast ? 0 : editDistance(wanted.slice(0, -wantedLast.length), lower.slice(0, -last.length))),
      );
      if (distance > Math.max(2, Math.floor(wantedLast.length / 3))) continue;
      score = 1 + distance;
    }
    scored.push([score, candidate]);
  }
  return scored
    .sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1]))
    .slice(0, limit)
    .map(([, candidate]) => candidate);
}

/** Levenshtein distance: insertions, deletions and substitutions, each costing 1. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
