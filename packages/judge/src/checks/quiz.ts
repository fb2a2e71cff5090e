import { chosenOption, feedbackVerdict, keyLetter, quizItems } from './quiz-parse.js';
import { type Check, type Flag, type JudgedConversation, quote } from './types.js';
import { wordsOf } from './words.js';

const NUMBER_WORDS: Readonly<Record<string, number>> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  twelve: 12,
  fifteen: 15,
  twenty: 20,
};

function countOf(word: string | undefined): number | undefined {
  if (!word) return undefined;
  const n = /^\d+$/.test(word) ? Number(word) : NUMBER_WORDS[word.toLowerCase()];
  return n !== undefined && n > 0 ? n : undefined;
}

/** The number of questions a quiz instruction asks for ("exactly 5 different multiple-choice questions"). */
export function expectedQuestions(instruction: string): number | undefined {
  const m = /\bexactly\s+(\d+|[a-z]+)\s+(?:[\w-]+\s+){0,3}?(?:questions|mcqs)\b/i.exec(instruction);
  return countOf(m?.[1]);
}

/** The number of options per question it asks for ("four options"); 4 when it does not say. */
export function expectedOptions(instruction: string): number {
  const m = /\b(\d+|[a-z]+)\s+options\b/i.exec(instruction);
  return countOf(m?.[1]) ?? 4;
}

/** A session whose template or request is a multiple-choice quiz. */
export function isQuiz(conversation: JudgedConversation): boolean {
  if (conversation.shape !== 'session') return false;
  return (
    /mcq|quiz/i.test(conversation.template) ||
    /multiple[- ]choice|\bMCQ/i.test(conversation.source?.instruction ?? '')
  );
}

/**
 * `quiz-structure`: a quiz session has the number of questions its request asks for, each with the number of
 * options it asks for, an answer from the student and feedback from the tutor; the option the feedback names
 * correct is one of the question's.
 */
export const checkQuizStructure: Check = (conversation) => {
  if (!isQuiz(conversation)) return [];
  const instruction = conversation.source?.instruction ?? '';
  const items = quizItems(conversation.messages);
  const problems: string[] = [];
  const wanted = expectedQuestions(instruction);
  if (wanted !== undefined && items.length !== wanted)
    problems.push(`${items.length} questions, asked for ${wanted}`);
  if (items.length === 0 && wanted === undefined) problems.push('no multiple-choice question');
  const options = expectedOptions(instruction);
  for (const [i, item] of items.entries()) {
    const q = `question ${i + 1}`;
    if (item.options.length !== options)
      problems.push(`${q} has ${item.options.length} options, asked for ${options}`);
    else if (item.answer === undefined) problems.push(`${q} is never answered`);
    else if (!item.feedback || wordsOf(item.feedback).length < 2) problems.push(`${q} gets no feedback`);
    else {
      const key = keyLetter(item.feedback);
      if (key && !item.options.some((o) => o.letter === key))
        problems.push(`${q}: the feedback names ${key} correct, which is not an option`);
    }
  }
  if (problems.length === 0) return [];
  return [{ code: 'quiz-structure', detail: problems.slice(0, 3).join('; ') }];
};

/**
 * `feedback-contradicts-key`: the tutor scolds the option its own feedback names as correct, or praises an
 * answer while naming another option as correct.
 */
export const checkFeedbackKey: Check = (conversation) => {
  if (!isQuiz(conversation)) return [];
  const flags: Flag[] = [];
  for (const [i, item] of quizItems(conversation.messages).entries()) {
    if (item.answer === undefined || !item.feedback) continue;
    const chosen = chosenOption(item.answer, item.options);
    const key = keyLetter(item.feedback);
    if (!chosen || !key) continue;
    const verdict = feedbackVerdict(item.feedback);
    if (verdict === 'wrong' && key === chosen)
      flags.push({
        code: 'feedback-contradicts-key',
        detail: `question ${i + 1}: the student chose ${chosen}, the tutor calls it wrong and then names ${key} correct: ${quote(item.feedback, 60)}`,
      });
    else if (verdict === 'right' && key !== chosen)
      flags.push({
        code: 'feedback-contradicts-key',
        detail: `question ${i + 1}: the student chose ${chosen}, the tutor praises it but names ${key} correct: ${quote(item.feedback, 60)}`,
      });
  }
  return flags.slice(0, 1);
};
