import { type Check, type Flag, quote, tutorTurns } from './types.js';

/**
 * Phrases where the tutor steps out of the lesson: it speaks about being an AI, about the text it was
 * "provided" or "given" (the student gave it none), or about its prompt and instructions. Mentions of the
 * student's textbook ("your textbook says") are the tutor teaching from the book and are not meta talk.
 */
const META_PATTERNS: readonly RegExp[] = [
  /\bas an? (?:ai|artificial intelligence|language model|virtual assistant|chatbot)\b/i,
  /\b(?:ai|large) language model\b/i,
  /\bI(?:'m| am) (?:just |only )?an? (?:ai|bot|chatbot|computer program|virtual (?:tutor|assistant))\b/i,
  /\b(?:the|this|that) (?:topic content|text|passage|content|excerpt|document|information|context|article)s? (?:that )?(?:you(?:'ve| have)? )?(?:provided|given|shared|supplied|pasted|above|below)\b/i,
  /\b(?:provided|given|supplied|shared) (?:topic content|text|passage|excerpt|document|context)\b/i,
  /\btopic content\b/i,
  /\b(?:the|my|your|this) (?:prompt|system message|instructions I was given)\b/i,
  /\bmy (?:training data|knowledge cutoff|instructions)\b/i,
];

/** `meta-talk`: the tutor talks about being an AI, the provided text or its prompt. */
export const checkMetaTalk: Check = (conversation) => {
  const flags: Flag[] = [];
  for (const { turn, content } of tutorTurns(conversation.messages)) {
    for (const pattern of META_PATTERNS) {
      const match = pattern.exec(content);
      if (match) {
        flags.push({ code: 'meta-talk', detail: `turn ${turn}: ${quote(match[0])}` });
        break;
      }
    }
  }
  return flags.slice(0, 1);
};
