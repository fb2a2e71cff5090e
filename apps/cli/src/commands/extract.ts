import { UserInputError } from '@kalvimate/core/errors';
import type { CommandModule, CommandResult } from '../command.js';
import type { CommandContext } from '../context.js';

export interface ExtractCommandOptions {
  /** The EPUB; default: the one `.epub` in `<data-dir>/raw/`. */
  epub?: string;
  /** Output folder; default `<data-dir>/structured_chapters`. */
  out?: string;
  /** Prompt templates whose kinds decide which text reaches a prompt; default KalviMate's `prompts/`. */
  prompts?: string;
}

/** Runs the extract stage with the context's config. */
export async function runExtract(
  ctx: CommandContext,
  options: ExtractCommandOptions,
): Promise<CommandResult> {
  const { describeExtract, extractStage, findRawEpub } = await import('@kalvimate/pipeline/stages/extract');
  const epub = options.epub ? ctx.resolvePath(options.epub) : await findRawEpub(ctx.paths.raw);
  if (!epub) {
    throw new UserInputError('EPUB_MISSING', `no EPUB given and none in ${ctx.paths.raw}`, {
      hint: 'Pass the book: kalvimate extract path/to/book.epub, or copy it into data/raw/.',
    });
  }
  const out = options.out ? ctx.resolvePath(options.out) : ctx.paths.structured;
  const summary = await extractStage(ctx.stage, {
    epub,
    out,
    ...(options.prompts ? { prompts: ctx.resolvePath(options.prompts) } : {}),
  });
  return { summary, lines: describeExtract(summary, out) };
}

export const extractCommand: CommandModule = {
  name: 'extract',
  summary: 'Parse an EPUB into chapters and numbered topics',
  register(command, execute) {
    command
      .argument('[epub]', 'the book (default: the one .epub in <data-dir>/raw/)')
      .option(
        '--out <dir>',
        'output folder, replaced whole; never a folder of other files (default: <data-dir>/structured_chapters)',
      )
      .option(
        '--prompts <dir>',
        "templates whose kinds count as reaching a prompt (default: KalviMate's prompts/)",
      )
      .addHelpText(
        'after',
        `
Writes book.json and one chapter_N.json per chapter. Chapters and topics follow the book's own
table of contents (EPUB 3 nav, else the NCX), spine and epub:type, refined by its headings; "Unit 3"
headings are the last resort for books whose TOC is a converter's file list. Every topic keeps the
book's own number ("3.1.2"), its kind (topic, solved-problems, activity, exercises, summary, glossary,
front-matter, other) and all its blocks: paragraphs, lists, tables, figures (alt text and captions),
math (LaTeX and readable text), notes (asides, footnotes). No topic is longer than
extract.maxTopicTokens (default 4000): longer sections are cut into parts. It prints the share of the
text per kind and warns when less than half of it is in kinds the prompt templates take.
A book you have as a PDF: convert it with Calibre first (ebook-convert book.pdf book.epub). Calibre
drops the joined letters of Tamil, Hindi and the other scripts of India (கு, க், कि): extract warns
when a book's words so fell apart, when its text is in an 8-bit font read as Latin letters (Tamil's
Bamini "jkpo;", Hindi's Kruti Dev "gS"), and when characters could not be read (U+FFFD). A text file
or a Word document: the same (ebook-convert book.txt book.epub), or pandoc (pandoc book.docx -o
book.epub). Where a document has no heading elements, lines that read "Unit 1 …" or "Exercises" are its
headings, and "1.2 …" where it numbers the unit's next section or is in bold or a heading style (its
style sheets' included); where its only headings are the units', its sections and "Exercises" are
headings too, in bold or as plain lines (a section's where it numbers the next one); where its TOC
lists only sections, "Unit 1 …" lines in bold or plain give its units. A contents line a converter
made a chapter ("Chapter 3 …" before "CHAPTER 1") goes back to the contents list. A converted PDF's
page numbers and running heads are left out (and counted), and so are a fixed-layout book's (found
across its pages, whose broken lines are joined) and the printed numbers of page-break markers. A
text box of exercises or learning objectives ends with the box.
Heading patterns, the topic bound and zip-safety limits go in the "extract" section of kalvimate.config.json.`,
      )
      .action((epub, opts) => execute((ctx) => runExtract(ctx, { ...opts, epub })));
  },
};
