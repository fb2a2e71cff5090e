/**
 * A lookup of `names` by a key of theirs (`keyOf`): for a path none of them is, the one name whose key is
 * the path's, else undefined (none, or several of that key: no guess).
 */
function uniqueMatcher(
  names: Iterable<string>,
  keyOf: (path: string) => string,
): (path: string) => string | undefined {
  const exact = new Set(names);
  const byKey = new Map<string, string | null>();
  for (const name of exact) {
    const key = keyOf(name);
    byKey.set(key, byKey.has(key) ? null : name);
  }
  return (path) => (exact.has(path) ? undefined : (byKey.get(keyOf(path)) ?? undefined));
}

/**
 * A lookup of `names` by their spelling in any letter case: for a path none of them is, the one name that
 * spells it in another case, else undefined (none, or several alike but for case: no guess). Books made on a
 * disk that ignores case name "Chapter_1.xhtml" for chapter_1.xhtml, and reading systems there open them.
 */
export function caseMatcher(names: Iterable<string>): (path: string) => string | undefined {
  return uniqueMatcher(names, (path) => path.toLowerCase());
}

/**
 * A lookup of `names` by their file name alone: for a path none of them is, the one name in another folder
 * with its file name in any letter case, else undefined (none, or several: no guess). A TOC written for
 * another folder than its own links "chapter-1.xhtml" where the book has "guide/chapter-1.xhtml" (Sphinx's
 * nav beside the folder it links into), and no link of it reaches a document.
 */
export function fileNameMatcher(names: Iterable<string>): (path: string) => string | undefined {
  return uniqueMatcher(names, (path) => path.slice(path.lastIndexOf('/') + 1).toLowerCase());
}
