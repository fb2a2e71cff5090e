/** The type or role of a link to a note (EPUB's `noteref`, DPUB-ARIA's `doc-noteref`). */
const NOTEREF = /(?:^|\s)(?:doc-)?noteref(?:\s|$)/;
/**
 * A class naming a link to a note: InDesign's `_idFootnoteLink`, Pressbooks' `footnote`, pandoc's
 * `footnote-ref`, Project Gutenberg's `fnanchor`.
 */
const NOTE_LINK_CLASS = /(?:foot|end)note|noteref|fnanchor/i;
/**
 * The id of a note, as converters name them: "footnote-3", "fn3", "_ftn3" (Word), "Footnote_1_1" (Project
 * Gutenberg), "note-6", "endnote-2".
 */
const NOTE_ID = /^(?:_?ftn|fn|foot|end|note)/i;
/** The id of a note's way back to its reference: "footnote-000-backlink", "fnref1", "FNanchor_1_1", "_ftnref1". */
const BACK_ID = /back|ref|return|anchor/i;
/** A link's scheme: "https:", "mailto:". */
const URL_SCHEME = /^[a-z][a-z\d+.-]*:/i;
/** A note's mark: "1", "[12]", "(3)", "¹", "*", "†", "a", "iv". */
const NOTE_MARK =
  /^\s*[[(]?\s*(?:[\d\u00b9\u00b2\u00b3\u2070-\u2079]{1,3}|[*\u2020\u2021\u00a7]{1,3}|[a-z]|[ivx]{1,4})\s*[\])]?\s*$/i;

/** A link's attributes that say where it goes and what it is. */
export interface LinkAttributes {
  href?: string | undefined;
  /** `epub:type`. */
  type?: string | undefined;
  role?: string | undefined;
  className?: string | undefined;
}

/**
 * True when a link (with `text`, its text) points at a note of the book and says only the note's mark:
 * typed so, or named so by its class or the note's id; a note's own link back to its reference is none.
 * Its mark is left out of the text, where it ran into the word or number before it ("centuries7)";
 * "1947" and "1" read "19471"; as a superscript, "5 kg²"). The note itself is kept, as a note block. Pure.
 */
export function isNoteLink(link: LinkAttributes, text: string): boolean {
  const { href } = link;
  const hash = href === undefined ? -1 : href.indexOf('#');
  // A note of the book: a link within it, not to a page elsewhere.
  if (href === undefined || hash < 0 || URL_SCHEME.test(href)) return false;
  const fragment = href.slice(hash + 1);
  if (BACK_ID.test(fragment)) return false;
  const typed =
    (link.type !== undefined && NOTEREF.test(link.type)) ||
    (link.role !== undefined && NOTEREF.test(link.role));
  // "Note 3" is a mark only where the link is typed as a note's (the Internet Archive's books from OCR
  // set it as a paragraph of its own); "see note 7" in a sentence is text.
  if (typed && NAMED_NOTE_MARK.test(text)) return true;
  if (!NOTE_MARK.test(text)) return false;
  return (
    typed || NOTE_ID.test(fragment) || (link.className !== undefined && NOTE_LINK_CLASS.test(link.className))
  );
}

/** A note's mark written out: "Note 3". */
const NAMED_NOTE_MARK = /^\s*note\s+\d{1,3}\s*$/i;
