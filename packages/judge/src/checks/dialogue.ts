import { sentencesOf } from './degenerate.js';
import { type Check, quote } from './types.js';
import { wordsOf } from './words.js';

/** A reply shorter than this (words) does not answer a question. */
export const MIN_ANSWER_WORDS = 4;

/**
 * `dialogue-unanswered`: in a dialogue, a student's turn is followed by a tutor reply that does not answer it —
 * under four words, or a single sentence that only asks a question back.
 */
export const checkDialogueAnswered: Check = (conversation) => {
  if (conversation.shape !== 'dialogues') return [];
  const { messages } = conversation;
  for (const [i, m] of messages.entries()) {
    if (m.role !== 'assistant' || messages[i - 1]?.role !== 'user') continue;
    const words = wordsOf(m.content).length;
    const sentences = sentencesOf(m.content);
    const onlyAsks = sentences.length === 1 && m.content.trim().endsWith('?');
    if (words < MIN_ANSWER_WORDS || onlyAsks)
      return [
        {
          code: 'dialogue-unanswered',
          detail: `turn ${i + 1} ${onlyAsks ? 'only asks back' : `has ${words} word(s)`}: ${quote(m.content)}`,
        },
      ];
  }
  return [];
};
