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

/** A rule that styles one class or more (`StyledClass`), with its declarations (`body`). */
export interface ClassRule {
  classes: StyledClass[];
  body: string;
}

/**
 * Each rule of `css` that styles one class or more: a style sheet is read once, and each of the class
 * lists (bold, large and bold, white space kept) is taken from its rules.
 */
export function classRules(css: string): ClassRule[] {
  const rules: ClassRule[] = [];
  for (const rule of css.replace(CSS_COMMENT, '').matchAll(CSS_RULE)) {
    const classes: StyledClass[] = [];
    for (const selector of (rule[1] ?? '').split(',')) {
      const match = CLASS_SELECTOR.exec(selector.trim());
      if (match?.[2] === undefined) continue;
      classes.push(match[1] ? { name: match[2], element: match[1].toLowerCase() } : { name: match[2] });
    }
    if (classes.length > 0) rules.push({ classes, body: rule[2] ?? '' });
  }
  return rules;
}

/** The rules of a style sheet given as its text or as its rules already read (`classRules`). */
export function rulesOf(css: string | readonly ClassRule[]): readonly ClassRule[] {
  return typeof css === 'string' ? classRules(css) : css;
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
