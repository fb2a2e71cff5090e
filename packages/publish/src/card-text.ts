/**
 * Characters that must not reach a rendered card: bidi embeddings, overrides and isolates (U+202A–U+202E,
 * U+2066–U+2069; "Trojan Source" reordering), the implicit marks (U+200E, U+200F, U+061C), and every other
 * control character (C0 and C1). Newlines are handled before, as spaces.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** Line and paragraph breaks of every kind, with the spaces around them. */
const BREAKS = /\s*(?:\r\n|[\n\r\v\f\u0085\u2028\u2029])\s*/g;

/**
 * What can start inline Markdown in one line that never begins a line of the card: emphasis, code,
 * links and images, table cells, strikethrough and the Hub's math. Line-start syntax (headings, lists,
 * `---`) cannot arise once the text is one line.
 */
const MARKDOWN = /[\\`*_[\]|~$<>&]/g;

const HTML: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;' };

/** One line of plain text: breaks collapsed to one space, unsafe characters dropped, trimmed. */
export function plainLine(text: string): string {
  return text.replace(BREAKS, ' ').replace(UNSAFE, '').trim();
}

/**
 * Text from the book (or the results) made safe for the card's Markdown body: one line, no bidi or
 * control characters, HTML special characters as entities and Markdown punctuation escaped, so it renders
 * as the very characters it holds and can start no heading, list, table row, link, tag or front matter.
 * @example cardText('<b>Heat</b>\n---') // '&lt;b&gt;Heat&lt;/b&gt; ---'
 */
export function cardText(text: string): string {
  return plainLine(text).replace(MARKDOWN, (c) => HTML[c] ?? `\\${c}`);
}

/**
 * A Markdown code span holding `text` literally (one line, unsafe characters dropped): the fence is one
 * backtick longer than the longest run inside, padded when the text starts or ends with a backtick.
 */
export function codeSpan(text: string): string {
  const line = plainLine(text);
  const longest = Math.max(0, ...(line.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = line.startsWith('`') || line.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${line}${pad}${fence}`;
}
