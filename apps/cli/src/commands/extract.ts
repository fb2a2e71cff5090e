import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { type TopicKind, UserInputError } from '@kalvimate/core';
import { ExtractOptionsSchema } from '@kalvimate/extract/options';
import type { CommandModule, CommandResult } from '../command.js';
import type { CommandContext } from '../context.js';
import { REPO_PROMPTS_DIR } from '../paths.js';

export interface ExtractCommandOptions {
  /** The EPUB; default: the one `.epub` in `<data-dir>/raw/`. */
  epub?: string;
  /** Output folder; default `<data-dir>/structured_chapters`. */
  out?: string;
  /** Prompt templates whose kinds decide which text reaches a prompt; default KalviMate's `prompts/`. */
  prompts?: string;
}

/**
 * The kinds the templates take (their union). Templates the user named must load (their errors say what
 * is wrong); KalviMate's own folder may be missing from an installed CLI, and then the shipped kinds serve.
 */
async function templateKinds(dir: string | undefined): Promise<TopicKind[] | undefined> {
  // The template loader alone: the rest of batch-gen is not needed to know the templates' kinds.
  const { loadTemplates } = await import('@kalvimate/batch-gen/templates');
  try {
    const kinds = new Set((await loadTemplates(dir ?? REPO_PROMPTS_DIR)).flatMap((t) => t.kinds));
    return kinds.size > 0 ? [...kinds] : undefined;
  } catch (error) {
    if (dir !== undefined) throw error;
    return undefined;
  }
}

const STRUCTURE_SOURCE = {
  toc: 'the table of contents',
  spine: 'the spine documents and their headings',
  headings: 'chapter headings ("Unit 3")',
} as const;

/** Finds the one EPUB in `raw/`, or says exactly what to do. */
export async function findRawEpub(rawDir: string): Promise<string | undefined> {
  let names: string[];
  try {
    names = await readdir(rawDir);
  } catch {
    return undefined;
  }
  const epubs = names.filter((n) => n.toLowerCase().endsWith('.epub')).sort();
  if (epubs.length > 1) {
    throw new UserInputError('EPUB_AMBIGUOUS', `${rawDir} holds ${epubs.length} EPUBs: ${epubs.join(', ')}`, {
      hint: 'Name the one to use: kalvimate extract data/raw/<book>.epub',
    });
  }
  return epubs[0] === undefined ? undefined : join(rawDir, epubs[0]);
}

/** Runs the extract stage with the context's config; used by `extract` and by `run`. */
export async function runExtract(
  ctx: CommandContext,
  options: ExtractCommandOptions,
): Promise<CommandResult> {
  const { extractEpub, ExtractOptionsSchema } = await import('@kalvimate/extract');
  const epub = options.epub ? ctx.resolvePath(options.epub) : await findRawEpub(ctx.dataPath('raw'));
  if (!epub) {
    throw new UserInputError('EPUB_MISSING', `no EPUB given and none in ${ctx.dataPath('raw')}`, {
      hint: 'Pass the book: kalvimate extract path/to/book.epub, or copy it into data/raw/.',
    });
  }
  const outDir = options.out ? ctx.resolvePath(options.out) : ctx.dataPath('structured_chapters');
  const config = ExtractOptionsSchema.parse(ctx.config.extract ?? {});
  const promptKinds = await templateKinds(options.prompts ? ctx.resolvePath(options.prompts) : undefined);
  const summary = await extractEpub(epub, {
    ...config,
    outDir,
    reporter: ctx.reporter,
    ...(promptKinds ? { promptKinds } : {}),
  });
  const kinds = Object.entries(summary.topicsByKind)
    .map(([kind, n]) => `${n} ${kind}`)
    .join(', ');
  const shares = Object.entries(summary.textShareByKind)
    .sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))
    .map(([kind, share]) => `${kind} ${Math.round((share ?? 0) * 1000) / 10} %`)
    .join(', ');
  return {
    summary: { epub, ...summary },
    lines: [
      `extracted ${basename(epub)}: ${summary.chapters} chapters, ${summary.topics} topics (${kinds}), ${summary.blocks} blocks, ${summary.figures} figures, ${summary.words} words`,
      `text by kind: ${shares} (${Math.round(summary.promptShare * 1000) / 10} % in kinds the prompts take); structure from ${STRUCTURE_SOURCE[summary.structure]}`,
      `wrote ${outDir}`,
    ],
  };
}

export const extractCommand: CommandModule = {
  name: 'extract',
  configSection: ExtractOptionsSchema,
  summary: 'Parse an EPUB into chapters and numbered topics',
  configure(command) {
    command
      .argument('[epub]', 'the book (default: the one .epub in <data-dir>/raw/)')
      .option('--out <dir>', 'output folder (default: <data-dir>/structured_chapters)')
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
Heading patterns, the topic bound and zip-safety limits go in the "extract" section of kalvimate.config.json.`,
      );
  },
  run: (ctx, args, opts) =>
    runExtract(ctx, {
      epub: args[0] as string | undefined,
      out: opts.out as string | undefined,
      prompts: opts.prompts as string | undefined,
    }),
};
