import { optionsOf } from './quiz-parse.js';
import { type Check, type Flag, quote, tutorTurns } from './types.js';
import { wordsOf } from './words.js';

/** A sentence (of at least this many words) said this often in one conversation's tutor turns is a loop. */
export const REPEATED_SENTENCE_WORDS = 6;
export const REPEATED_SENTENCE_TIMES = 3;
/** The same word this many times in a row is a loop ("very very very …"). */
export const REPEATED_WORD_RUN = 6;
/** A tutor turn longer than this (characters) is runaway text, not a reply (the seed's longest real reply is far below). */
export const RUNAWAY_TURN_CHARS = 4000;

/** Sentences of a text: cut after . ! ? and line breaks. */
export function sentencesOf(text: string): string[] {
  return text
    .split(/(?<=[.!?।])\s+|\n+/u)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function longestWordRun(words: readonly string[]): { word: string; run: number } {
  let best = { word: '', run: 0 };
  let run = 0;
  for (let i = 0; i < words.length; i += 1) {
    run = i > 0 && words[i] === words[i - 1] ? run + 1 : 1;
    if (run > best.run) best = { word: words[i] ?? '', run };
  }
  return best;
}

/** `text` with the options of its multiple-choice question blanked out. */
export function withoutOptions(text: string): string {
  let out = text;
  for (const o of optionsOf(text))
    out = `${out.slice(0, o.start)}${' '.repeat(o.end - o.start)}${out.slice(o.end)}`;
  return out;
}

/** `repetition`: a sentence (not a question, not quiz options) said 3+ times, or one word 6+ times in a row, in the tutor's turns. */
export const checkRepetition: Check = (conversation) => {
  const counts = new Map<string, { times: number; text: string }>();
  for (const { content } of tutorTurns(conversation.messages)) {
    for (const sentence of sentencesOf(withoutOptions(content))) {
      const words = wordsOf(sentence);
      // A quiz asks "Which of the following is true?" with the same assertion–reason options each time.
      if (words.length < REPEATED_SENTENCE_WORDS || sentence.endsWith('?')) continue;
      const key = words.join(' ');
      const entry = counts.get(key) ?? { times: 0, text: sentence };
      entry.times += 1;
      counts.set(key, entry);
    }
    const run = longestWordRun(wordsOf(content));
    if (run.run >= REPEATED_WORD_RUN && !/^\d+$/.test(run.word))
      return [{ code: 'repetition', detail: `"${run.word}" ${run.run} times in a row` }];
  }
  for (const { times, text } of counts.values())
    if (times >= REPEATED_SENTENCE_TIMES)
      return [{ code: 'repetition', detail: `${quote(text, 60)} said ${times} times` }];
  return [];
};

/** `runaway-length`: a tutor turn longer than 4,000 characters. */
export const checkRunawayLength: Check = (conversation) => {
  for (const { turn, content } of tutorTurns(conversation.messages))
    if (content.length > RUNAWAY_TURN_CHARS)
      return [{ code: 'runaway-length', detail: `turn ${turn} has ${content.length} characters` }];
  return [];
};

/** `empty-turn`: a tutor turn with at most one word (publish already refuses whitespace-only text). */
export const checkEmptyTurn: Check = (conversation) => {
  const flags: Flag[] = [];
  for (const { turn, content } of tutorTurns(conversation.messages))
    if (wordsOf(content).length <= 1)
      flags.push({ code: 'empty-turn', detail: `turn ${turn}: ${quote(content)}` });
  return flags.slice(0, 1);
};
