import { type Block, BOOK_SCHEMA_VERSION, type Chapter, type Topic, type TopicKind } from '@kalvimate/core';
import type { DocumentItem } from './dom-items.js';
import { classifyHeading, type HeadingRules, parentNumbers } from './headings.js';

/** Kinds whose sub-headings are part of the section (questions, options), not new topics. */
const SECTION_KINDS = new Set<TopicKind>(['solved-problems', 'exercises', 'summary', 'glossary', 'activity']);
/** Sub-headings deeper than this inside an ordinary topic stay in it as paragraphs. */
const DEEPEST_TOPIC_HEADING = 3;

interface OpenChapter {
  number: number;
  title: string;
  topics: Topic[];
  /** The chapter heading had no title yet: the next heading may supply it ("UNIT-6" then "NUCLEAR PHYSICS"). */
  awaitingTitle: boolean;
  /** Kind that back-matter chapters give their topics. */
  defaultKind: TopicKind;
}

/**
 * Segments a book's headings and blocks (all spine documents, in reading order) into chapters and
 * topics. Pure: nothing is dropped — text before the first chapter becomes front matter, text
 * after the last unit becomes back-matter chapters, and every block lands in some topic.
 */
export function segmentBook(items: Iterable<DocumentItem>, rules: HeadingRules): Chapter[] {
  const chapters: OpenChapter[] = [];
  let chapter: OpenChapter | undefined;
  let topic: Topic | undefined;
  let lastNumbered: Topic | undefined;

  const startChapter = (number: number, title: string, defaultKind: TopicKind): OpenChapter => {
    const open: OpenChapter = { number, title, topics: [], awaitingTitle: title === '', defaultKind };
    chapters.push(open);
    chapter = open;
    topic = undefined;
    lastNumbered = undefined;
    return open;
  };

  const ensureChapter = (): OpenChapter => chapter ?? startChapter(0, 'Front matter', 'front-matter');

  const startTopic = (fields: { number?: string; title: string; kind: TopicKind; path: string[] }): Topic => {
    const open = ensureChapter();
    const created: Topic = {
      id: `c${open.number}-t${String(open.topics.length + 1).padStart(3, '0')}`,
      ...(fields.number ? { number: fields.number } : {}),
      title: fields.title,
      kind: fields.kind,
      path: fields.path,
      blocks: [],
    };
    open.topics.push(created);
    topic = created;
    return created;
  };

  const chapterPath = (): string[] => (chapter && chapter.number > 0 ? [String(chapter.number)] : []);
  const subPath = (): string[] =>
    lastNumbered?.number ? [...lastNumbered.path, lastNumbered.number] : chapterPath();

  const addBlock = (block: Block) => {
    const open = ensureChapter();
    if (!topic)
      startTopic({
        title: open.title || 'Introduction',
        kind: open.defaultKind === 'front-matter' ? 'front-matter' : 'other',
        path: chapterPath(),
      });
    topic?.blocks.push(block);
  };

  for (const item of items) {
    if (item.kind === 'block') {
      if (item.block.type !== 'figure' && chapter?.awaitingTitle) chapter.awaitingTitle = false;
      addBlock(item.block);
      continue;
    }
    const role = classifyHeading(item.text, rules);
    if (role.role === 'empty') continue;
    if (role.role === 'chapter') {
      startChapter(role.number, role.title, 'topic');
      continue;
    }
    if (
      chapter?.awaitingTitle &&
      !topic &&
      (role.role === 'plain' || (role.role === 'kind' && item.level === 1)) &&
      role.title !== ''
    ) {
      chapter.title = role.title;
      chapter.awaitingTitle = false;
      continue;
    }
    if (chapter) chapter.awaitingTitle = false;
    if (role.role === 'topic') {
      lastNumbered = startTopic({
        number: role.number,
        title: role.title || role.number,
        kind: 'topic',
        path: parentNumbers(role.number),
      });
      continue;
    }
    if (item.level === 1 && chapters.some((c) => c.number > 0)) {
      // A top-level heading after the units that is not a unit: back matter (practicals, glossary, notes).
      const last = chapters.reduce((max, c) => Math.max(max, c.number), 0);
      const kind: TopicKind = role.role === 'kind' ? role.kind : 'other';
      const title = role.role === 'kind' || role.role === 'plain' ? role.title || item.text : item.text;
      startChapter(last + 1, title, kind);
      startTopic({ title, kind, path: [] });
      continue;
    }
    if (role.role === 'kind') {
      const inBackMatter = chapter !== undefined && chapter.defaultKind !== 'topic';
      if (inBackMatter && topic && role.kind === 'other') {
        addBlock({ type: 'paragraph', text: item.text });
        continue;
      }
      startTopic({ title: role.title, kind: role.kind, path: chapterPath() });
      lastNumbered = undefined;
      continue;
    }
    const insideSection = topic !== undefined && SECTION_KINDS.has(topic.kind);
    if (role.title === '' || insideSection || item.level > DEEPEST_TOPIC_HEADING) {
      addBlock({ type: 'paragraph', text: item.text });
      continue;
    }
    const kind: TopicKind = chapter && chapter.defaultKind !== 'topic' ? chapter.defaultKind : 'topic';
    startTopic({ title: role.title, kind, path: subPath() });
  }

  return chapters
    .filter((c) => c.topics.length > 0 || c.number > 0)
    .map((c) => ({
      schemaVersion: BOOK_SCHEMA_VERSION,
      number: c.number,
      title: c.title || (c.number > 0 ? `Unit ${c.number}` : 'Front matter'),
      topics: c.topics,
    }));
}
