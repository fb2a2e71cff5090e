/**
 * A lookup of `names` by their spelling in any letter case: for a path none of them is, the one name that
 * spells it in another case, else undefined (none, or several alike but for case: no guess). Books made on a
 * disk that ignores case name "Chapter_1.xhtml" for chapter_1.xhtml, and reading systems there open them.
 */
export function caseMatcher(names: Iterable<string>): (path: string) => string | undefined {
  const exact = new Set(names);
  const byFolded = new Map<string, string | null>();
  for (const name of exact) {
    const folded = name.toLowerCase();
    byFolded.set(folded, byFolded.has(folded) ? null : name);
  }
  return (path) => (exact.has(path) ? undefined : (byFolded.get(path.toLowerCase()) ?? undefined));
}
