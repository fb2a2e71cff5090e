import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { UserInputError } from '@kalvimate/core';
import { ExtractOptionsSchema } from '@kalvimate/extract/options';
import type { CommandModule, CommandResult } from '../command.js';
import type { CommandContext } from '../context.js';

export interface ExtractCommandOptions {
  /** The EPUB; default: the one `.epub` in `<data-dir>/raw/`. */
  epub?: string;
  /** Output folder; default `<data-dir>/structured_chapters`. */
  out?: string;
}

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
  const summary = await extractEpub(epub, { ...config, outDir, reporter: ctx.reporter });
  const kinds = Object.entries(summary.topicsByKind)
    .map(([kind, n]) => `${n} ${kind}`)
    .join(', ');
  return {
    summary: { epub, ...summary },
    lines: [
      `extracted ${basename(epub)}: ${summary.chapters} chapters, ${summary.topics} topics (${kinds}), ${summary.blocks} blocks, ${summary.figures} figures, ${summary.words} words`,
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
      .addHelpText(
        'after',
        `
Writes book.json and one chapter_N.json per chapter. Every topic keeps the book's own number
("3.1.2"), its kind (topic, solved-problems, activity, exercises, summary, glossary, front-matter,
other) and all its blocks: paragraphs, lists, tables, figures (alt text and captions), math, notes.
Heading patterns and zip-safety limits can be set in the "extract" section of kalvimate.config.json.`,
      );
  },
  run: (ctx, args, opts) =>
    runExtract(ctx, { epub: args[0] as string | undefined, out: opts.out as string | undefined }),
};
