/**
 * What a book's style sheets say of its classes, read without a CSS parser: the rules whose selector is
 * one class, alone or on an element (`.span2`, `p.code`). A class in a context (`.toc .entry`) may be
 * styled only there, so such selectors are passed over. Pure.
 */

/** A comment in a style sheet. */
const CSS_COMMENT = /\/\*[\s\S]*?\*\//g;
/** A rule without blocks inside it: its selectors and declarations (a rule inside `@media` included). */
const CSS_RULE = /([^{}]+)\{([^{}]*)\}/g;
/** A selector that is one class, alone or on an element: ".span2", "p.para2" (element, class). */
const CLASS_SELECTOR = /^([a-z][\w-]*)?\.(-?[_a-z][\w-]*)$/i;

/** A class a rule styles: its name, and the element the selector puts it on, if it names one. */
export interface StyledClass {
  name: string;
  element?: string;
}

/** Each rule of `css` that styles one class or more (`StyledClass`), with its declarations (`body`). */
export function* classRules(css: string): Generator<{ classes: StyledClass[]; body: string }> {
  for (const rule of css.replace(CSS_COMMENT, '').matchAll(CSS_RULE)) {
    const classes: StyledClass[] = [];
    for (const selector of (rule[1] ?? '').split(',')) {
      const match = CLASS_SELECTOR.exec(selector.trim());
      if (match?.[2] === undefined) continue;
      classes.push(match[1] ? { name: match[2], element: match[1].toLowerCase() } : { name: match[2] });
    }
    if (classes.length > 0) yield { classes, body: rule[2] ?? '' };
  }
}

/** A `<style>` element and its content (group 1). */
const STYLE_ELEMENT = /<(?:[\w-]+:)?style\b[^>]*>([\s\S]*?)<\/(?:[\w-]+:)?style\s*>/gi;
const HAS_STYLE_ELEMENT = /<(?:[\w-]+:)?style\b/i;

/**
 * The classes of the book's style sheets (`book`) with those that the document's own `<style>` elements
 * give (`classesOf` each one's text; Google Docs writes its styles in the document): `book` itself when the
 * document has none.
 */
export function withDocumentStyles(
  html: string,
  book: ReadonlySet<string>,
  classesOf: (css: string) => Iterable<string>,
): ReadonlySet<string> {
  if (!HAS_STYLE_ELEMENT.test(html)) return book;
  const own = new Set(book);
  for (const style of html.matchAll(STYLE_ELEMENT))
    for (const name of classesOf(style[1] ?? '')) own.add(name);
  return own;
}
