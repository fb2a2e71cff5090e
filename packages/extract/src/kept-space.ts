/**
 * White space that a book's style keeps (`white-space: pre`, `pre-wrap`, `break-spaces`). HTML collapses
 * runs of spaces and drops those that open a line, unless an element's style keeps them: a word
 * processor's code, converted by Calibre, is a paragraph whose lines end in `<br/>` and whose indents are
 * spans of a class its style sheet sets `white-space: pre-wrap`. While an element's text is read, a space
 * or tab it keeps stands as a character no text holds (`keptSpaceText`), so that collapsing the paragraph's
 * white space leaves it; the paragraph then reads as preformatted when a line of it opens with kept white
 * space (`indentsKept`), and as prose otherwise (`plainSpaces`). Pure.
 */
import { type ClassRule, rulesOf, withDocumentStyles } from './css-classes.js';

/** The declaration that keeps white space as written, in a `style` attribute or a rule's declarations. */
export const KEEPS_SPACE_STYLE = /(?:^|;)\s*white-space\s*:\s*(?:pre|pre-wrap|break-spaces)\s*(?:;|!|$)/i;

/** Stand for a kept space and a kept tab: Unicode noncharacters, which no book's text holds. */
const KEPT_SPACE = '\uFDD0';
const KEPT_TAB = '\uFDD1';
const KEPT = /[\uFDD0\uFDD1]/g;
const HAS_KEPT = /[\uFDD0\uFDD1]/;
/** White space an element that keeps it writes: a space, a tab, or a line end. */
const WHITE_SPACE = /\r\n?|[\n \t]/g;
/** A line after a line break that opens with kept white space: an indent the book shows. */
const KEPT_INDENT = /\n[\uFDD0\uFDD1]/;

/**
 * The classes a style sheet sets to keep white space: `name`, or `element.name` when the selector puts the
 * class on an element (`pre.screen` keeps the white space of a `<pre>` only, which keeps it anyway).
 */
export function keptSpaceClassesOf(css: string | readonly ClassRule[]): Set<string> {
  const classes = new Set<string>();
  for (const rule of rulesOf(css)) {
    if (!KEEPS_SPACE_STYLE.test(`;${rule.body}`)) continue;
    for (const { name, element } of rule.classes) classes.add(element ? `${element}.${name}` : name);
  }
  return classes;
}

/** The book's classes that keep white space (`book`), with those of the document's own `<style>` elements. */
export function documentKeptSpaceClasses(html: string, book: ReadonlySet<string>): ReadonlySet<string> {
  return withDocumentStyles(html, book, keptSpaceClassesOf);
}

/** True when an element keeps its white space: its own `style` says so, or one of its classes does. */
export function keepsSpace(
  element: string,
  className: string | undefined,
  style: string | undefined,
  classes: ReadonlySet<string> | undefined,
): boolean {
  if (style !== undefined && KEEPS_SPACE_STYLE.test(style)) return true;
  if (className === undefined || classes === undefined || classes.size === 0) return false;
  return className.split(/\s+/).some((name) => classes.has(name) || classes.has(`${element}.${name}`));
}

/** The text of an element that keeps its white space: its spaces and tabs kept, its line ends `lineBreak`. */
export function keptSpaceText(text: string, lineBreak: string): string {
  return text.replace(WHITE_SPACE, (c) => (c === ' ' ? KEPT_SPACE : c === '\t' ? KEPT_TAB : lineBreak));
}

/** True when `text` holds white space kept by `keptSpaceText`. */
export function hasKeptSpace(text: string): boolean {
  return HAS_KEPT.test(text);
}

/** True when a line of `text` (after its first) opens with kept white space: the lines are laid out. */
export function indentsKept(text: string): boolean {
  return KEPT_INDENT.test(text);
}

/** `text` with its kept white space as ordinary spaces and tabs. */
export function plainSpaces(text: string): string {
  return text.replace(KEPT, (c) => (c === KEPT_SPACE ? ' ' : '\t'));
}
