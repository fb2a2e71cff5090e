import {
  type Block,
  type Book,
  bookLanguage,
  type Chapter,
  countChatTokens,
  countTextTokens,
  cutBlocks,
  type EncodingName,
  type RequestProvenance,
  sha256,
  TOKENS_PER_MESSAGE,
  type Topic,
  topicSourceOf,
} from '@kalvimate/core';
import type { ChatRequestLine } from './estimate.js';
import { responseFormatFor } from './response-schema.js';
import { fill, type PromptTemplate } from './template.js';

/** A request line with where it came from. */
export interface GeneratedRequest {
  line: ChatRequestLine;
  provenance: RequestProvenance;
}

export interface BuildRequestsOptions {
  model: string;
  encoding: EncodingName;
  topicTokenBudget: number;
  limit?: number;
}

/**
 * A picture whose description names a QR code ("A QR code is given with a code of YVR7Z", a textbook's
 * "ICT corner" with one): a link to material online, which a student in a chat cannot open. Not "QR
 * decomposition".
 */
const QR_CODE = /\bQR[\s-]*(?:codes?\b|குறியீ)/iu;

/** True for a block a prompt leaves out: a picture of a QR code (`QR_CODE`). */
export function isQrPicture(block: Block): boolean {
  return block.type === 'figure' && QR_CODE.test(block.text);
}

/** A topic's blocks as its prompts take them: its pictures of QR codes left out (`isQrPicture`). */
export function promptBlocks(topic: Topic): readonly Block[] {
  const { blocks } = topic;
  for (let i = 0; i < blocks.length; i += 1)
    if (isQrPicture(blocks[i] as Block)) return blocks.filter((b) => !isQrPicture(b));
  return blocks;
}

/**
 * The length of a topic's text as a prompt takes it (`promptBlocks`' text joined by blank lines), without
 * joining it: each template asks it of each topic.
 */
export function topicTextLength(topic: Topic): number {
  const blocks = promptBlocks(topic);
  let length = 0;
  for (let i = 0; i < blocks.length; i += 1) length += (blocks[i] as Block).text.length;
  return blocks.length > 1 ? length + 2 * (blocks.length - 1) : length;
}

/**
 * Cuts a topic's text (`promptBlocks`) into parts of at most `budget` tokens with core's `cutBlocks` — the
 * same cutter extract sizes topics with (`extract.maxTopicTokens`), so a topic extract already sized is one
 * part and only books extracted with a larger bound are cut here: at sub-headings, then blocks, then
 * sentences.
 */
export function cutAtBlocks(topic: Topic, budget: number, encoding: EncodingName): string[] {
  return cutBlocks(promptBlocks(topic), budget, encoding).map((run) => run.map((b) => b.text).join('\n\n'));
}

/** The title a request shows: the book's number and title, and "(part 2 of 3)" for a piece of a section. */
function requestTitle(topic: Topic, part: number, parts: number): string {
  const title = topic.number ? `${topic.number} ${topic.title}` : topic.title;
  if (parts > 1) return `${title} (part ${part} of ${parts})`;
  if (topic.split) return `${title} (part ${topic.split.part} of ${topic.split.of})`;
  return title;
}

/** Picks the first `limit` topics in book order, taking them round-robin across chapters. */
export function pilotTopics(
  chapters: readonly Chapter[],
  eligible: (t: Topic) => boolean,
  limit?: number,
): Set<Topic> {
  const lists = chapters.map((c) => c.topics.filter(eligible));
  const all = lists.flat();
  if (limit === undefined || limit >= all.length) return new Set(all);
  const picked = new Set<Topic>();
  for (let round = 0; picked.size < limit; round += 1) {
    let any = false;
    for (const list of lists) {
      const topic = list[round];
      if (!topic) continue;
      any = true;
      picked.add(topic);
      if (picked.size >= limit) break;
    }
    if (!any) break;
  }
  return picked;
}

/** A short stable tag of the book for custom_ids. */
export function bookTag(book: Book): string {
  return `b${sha256(book.identifier || book.title).slice(0, 6)}`;
}

/**
 * A deterministic custom_id of at most 64 characters from book, chapter, topic, template and part.
 * @example customIdFor('b1a2b3c', 3, 'c3-t012', 'mcq_quiz', 1) // 'b1a2b3c-c3-t012-mcq_quiz-p1'
 */
export function customIdFor(
  tag: string,
  chapter: number,
  topicId: string,
  template: string,
  part: number,
): string {
  const topic = topicId.startsWith(`c${chapter}-`) ? topicId : `c${chapter}-${topicId}`;
  const id = `${tag}-${topic}-${template}-p${part}`;
  if (id.length <= 64) return id;
  return `${id.slice(0, 55)}-${sha256(id).slice(0, 8)}`;
}

/**
 * Builds one request per (topic, template, part): the template's static instruction as the system
 * message (identical across the template, so it is cached), the topic as the last message, strict
 * structured output from the template's shape. Pure and deterministic.
 */
export function buildRequests(
  book: Book,
  chapters: readonly Chapter[],
  templates: readonly PromptTemplate[],
  options: BuildRequestsOptions,
): GeneratedRequest[] {
  const eligibleFor = (template: PromptTemplate, topic: Topic) =>
    template.kinds.includes(topic.kind) && topicTextLength(topic) >= template.min_chars;
  const chosen = pilotTopics(chapters, (t) => templates.some((tpl) => eligibleFor(tpl, t)), options.limit);
  const tag = bookTag(book);
  const language = bookLanguage(book.language).label;
  const out: GeneratedRequest[] = [];
  // A template's system message is the same in each of its requests: its tokens are counted once. So
  // is a user message that several templates fill alike (KalviMate's five give the same chapter, title
  // and text): the topic's text is counted once, not once per template, and so is the topic text the
  // judge round's estimate takes from a request (`topicTokens`), the user message itself as a rule.
  const systemTokens = new Map<string, number>();
  const textTokens = new Map<string, number>();
  const tokensOf = (text: string): number => {
    let tokens = textTokens.get(text);
    if (tokens === undefined) {
      tokens = countTextTokens(text, options.encoding);
      textTokens.set(text, tokens);
    }
    return tokens;
  };
  const promptTokens = (system: string, user: string): number => {
    let known = systemTokens.get(system);
    if (known === undefined) {
      known = countChatTokens([{ role: 'system', content: system }], options.encoding);
      systemTokens.set(system, known);
    }
    // countChatTokens of both messages: the reply's tokens are in `known` once.
    return known + TOKENS_PER_MESSAGE + countTextTokens('user', options.encoding) + tokensOf(user);
  };
  // What many requests share is made once: a template's system message and response format, and a
  // topic's user message for the templates that fill it alike (the shipped five do). The strings and
  // objects are then shared by the requests, which serialize as before.
  const bookValues = { book_title: book.title, book_language: language };
  const systems = new Map(templates.map((t) => [t, fill(t.system, bookValues)]));
  const formats = new Map(templates.map((t) => [t, responseFormatFor(t.name, t.shape)]));
  for (const chapter of chapters) {
    for (const topic of chapter.topics) {
      if (!chosen.has(topic)) continue;
      const parts = cutAtBlocks(topic, options.topicTokenBudget, options.encoding);
      // This topic's user messages by template text, one per part.
      const users = new Map<string, string[]>();
      for (const template of templates) {
        if (!eligibleFor(template, topic)) continue;
        const system = systems.get(template) as string;
        let filled = users.get(template.user);
        if (!filled) {
          filled = parts.map((text, index) =>
            fill(template.user, {
              ...bookValues,
              chapter_title: chapter.title,
              topic_title: requestTitle(topic, index + 1, parts.length),
              topic_text: text,
            }),
          );
          users.set(template.user, filled);
        }
        const userOf = filled;
        parts.forEach((_text, index) => {
          const user = userOf[index] as string;
          const messages = [
            { role: 'system', content: system },
            { role: 'user', content: user },
          ];
          // The topic text as the judge reads it from the request: the whole user message as a rule,
          // whose tokens are counted already.
          const topicText = topicSourceOf({ messages })?.text ?? '';
          const customId = customIdFor(tag, chapter.number, topic.id, template.name, index + 1);
          out.push({
            line: {
              custom_id: customId,
              method: 'POST',
              url: '/v1/chat/completions',
              body: {
                model: options.model,
                messages,
                response_format: formats.get(template),
                max_completion_tokens: template.max_output_tokens,
                temperature: template.temperature,
              },
            },
            provenance: {
              book: book.title,
              chapter: chapter.number,
              chapterTitle: chapter.title,
              topicId: topic.id,
              ...(topic.number ? { topicNumber: topic.number } : {}),
              topicTitle: topic.title,
              template: template.name,
              part: index + 1,
              parts: parts.length,
              inputTokens: promptTokens(system, user),
              topicTokens: tokensOf(topicText),
            },
          });
        });
      }
    }
  }
  return out;
}
