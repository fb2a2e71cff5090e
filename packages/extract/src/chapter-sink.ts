import { join } from 'node:path';
import {
  type Book,
  type Chapter,
  countLostLetters,
  countWords,
  cutTopicSized,
  estimateTokens,
  type LostLetters,
  noLostLetters,
  type TopicKind,
  writeJsonAtomic,
} from '@kalvimate/core';
import { ContentsLineFolder } from './contents-chapters.js';

/** What the written chapters hold, for the summary. */
export interface ChapterCounts {
  chapters: number;
  topics: number;
  numberedTopics: number;
  topicsByKind: Partial<Record<TopicKind, number>>;
  /** Characters of block text per kind: where the book's text went. */
  charsByKind: Partial<Record<TopicKind, number>>;
  blocks: number;
  figures: number;
  words: number;
  /**
   * The largest topic in tokens: counted for topics longer than the bound in UTF-8 bytes (those the cutter
   * sized), a per-character estimate for the others (which are under the bound whatever their count).
   */
  largestTopicTokens: number;
}

/**
 * Finishes chapters as the segmenters close them and writes each as soon as the next one shows it is not
 * a contents line taken for a chapter (`ContentsLineFolder`): numbers made unique (a number
 * seen before gets the next free one; the book's own number stays in `label`), topics over the bound cut
 * into parts, topic ids renumbered in order.
 */
export class ChapterSink {
  readonly refs: Book['chapters'] = [];
  readonly counts: ChapterCounts = {
    chapters: 0,
    topics: 0,
    numberedTopics: 0,
    topicsByKind: {},
    charsByKind: {},
    blocks: 0,
    figures: 0,
    words: 0,
    largestTopicTokens: 0,
  };
  /** Signs of letters a conversion lost, counted over every block's text (`countLostLetters`). */
  readonly lostLetters: LostLetters = noLostLetters();
  private readonly used = new Set<number>();
  private readonly folder = new ContentsLineFolder();
  private highest = 0;
  hasText = false;

  constructor(
    private readonly dir: string,
    private readonly maxTopicTokens: number,
  ) {}

  /** Writes the chapters, but the last one or two (see `ContentsLineFolder`), which `finish` writes. */
  async write(chapters: readonly Chapter[]): Promise<void> {
    for (const chapter of chapters) for (const ready of this.folder.push(chapter)) await this.writeOne(ready);
  }

  /** Writes the chapters still held back; the book's last write. */
  async finish(): Promise<void> {
    for (const ready of this.folder.finish()) await this.writeOne(ready);
  }

  private uniqueNumber(chapter: Chapter): Chapter {
    let { number } = chapter;
    if (this.used.has(number)) {
      number = Math.max(this.highest, number) + 1;
      const label = chapter.label ?? (chapter.number > 0 ? String(chapter.number) : undefined);
      chapter = { ...chapter, number, ...(label ? { label } : {}) };
    }
    this.used.add(number);
    this.highest = Math.max(this.highest, number);
    return chapter;
  }

  /** Cuts topics over the bound; ids renumbered in order; tokens of each piece when they were counted. */
  private sized(chapter: Chapter): { chapter: Chapter; tokens: Array<number | undefined> } {
    const pieces = chapter.topics.flatMap((t) => cutTopicSized(t, this.maxTopicTokens));
    const topics = pieces.map((p, i) => ({
      ...p.topic,
      id: `c${chapter.number}-t${String(i + 1).padStart(3, '0')}`,
    }));
    return { chapter: { ...chapter, topics }, tokens: pieces.map((p) => p.tokens) };
  }

  private async writeOne(raw: Chapter): Promise<void> {
    const { chapter, tokens } = this.sized(this.uniqueNumber(raw));
    const file = `chapter_${chapter.number}.json`;
    await writeJsonAtomic(join(this.dir, file), chapter);
    this.refs.push({
      number: chapter.number,
      ...(chapter.label ? { label: chapter.label } : {}),
      ...(chapter.part ? { part: chapter.part } : {}),
      title: chapter.title,
      file,
    });
    const c = this.counts;
    c.chapters += 1;
    for (const [i, topic] of chapter.topics.entries()) {
      c.topics += 1;
      if (topic.number) c.numberedTopics += 1;
      c.topicsByKind[topic.kind] = (c.topicsByKind[topic.kind] ?? 0) + 1;
      let chars = 0;
      for (const block of topic.blocks) {
        c.blocks += 1;
        if (block.type === 'figure') c.figures += 1;
        const words = countWords(block.text);
        c.words += words;
        countLostLetters(block.text, this.lostLetters, words);
        chars += block.text.length;
      }
      c.charsByKind[topic.kind] = (c.charsByKind[topic.kind] ?? 0) + chars;
      if (chars > 0) this.hasText = true;
      // The cutter counted the topics longer than the bound in UTF-8 bytes; for the others (under the
      // bound whatever the count) the character estimate is enough, and the tokenizer is never loaded.
      const size = tokens[i] ?? estimateTokens(topic.blocks.map((b) => b.text).join('\n\n'));
      if (size > c.largestTopicTokens) c.largestTopicTokens = size;
    }
  }
}

/** The share of the text (0–1) per kind, from characters per kind. */
export function textShares(
  charsByKind: Partial<Record<TopicKind, number>>,
): Partial<Record<TopicKind, number>> {
  const total = Object.values(charsByKind).reduce((n, v) => n + (v ?? 0), 0);
  const out: Partial<Record<TopicKind, number>> = {};
  if (total === 0) return out;
  for (const [kind, chars] of Object.entries(charsByKind)) out[kind as TopicKind] = (chars ?? 0) / total;
  return out;
}
