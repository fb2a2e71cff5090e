import { RULE_NAMES, type RuleName } from './options.js';
import type { Rule } from './rule.js';
import { collapseWhitespace } from './rules/collapse-whitespace.js';
import { foldCompatibility } from './rules/fold-compatibility.js';
import { invisibleCharacters } from './rules/invisible-characters.js';
import { mendHyphenation } from './rules/mend-hyphenation.js';
import { mendLetterSpacing } from './rules/mend-letter-spacing.js';
import { mendOcrSplits } from './rules/mend-ocr-splits.js';
import { oddSpaces, oddSpacesFrench } from './rules/odd-spaces.js';
import { spaceBeforePunctuation, spaceBeforePunctuationFrench } from './rules/space-before-punctuation.js';
import { splitRunTogether } from './rules/split-run-together.js';
import { spokenBrackets } from './rules/spoken-brackets.js';
import { spokenFractions } from './rules/spoken-fractions.js';
import { spokenOperators } from './rules/spoken-operators.js';
import { spokenPowers } from './rules/spoken-powers.js';
import { spokenTimes } from './rules/spoken-times.js';
import { tamilVowelOrder } from './rules/tamil-vowel-order.js';
import { unicodeNfc } from './rules/unicode-nfc.js';

const BY_NAME: Record<RuleName, Rule> = {
  'unicode-nfc': unicodeNfc,
  'tamil-vowel-order': tamilVowelOrder,
  'fold-compatibility': foldCompatibility,
  'odd-spaces': oddSpaces,
  'invisible-characters': invisibleCharacters,
  'collapse-whitespace': collapseWhitespace,
  'mend-hyphenation': mendHyphenation,
  'mend-ocr-splits': mendOcrSplits,
  'mend-letter-spacing': mendLetterSpacing,
  'split-run-together': splitRunTogether,
  'spoken-brackets': spokenBrackets,
  'spoken-powers': spokenPowers,
  'spoken-operators': spokenOperators,
  'spoken-times': spokenTimes,
  'spoken-fractions': spokenFractions,
  'space-before-punctuation': spaceBeforePunctuation,
};

/** Every rule, in the order the cleaner applies them (the order of RULE_NAMES). */
export const RULES: readonly Rule[] = RULE_NAMES.map((name) => BY_NAME[name]);

/**
 * The form of a rule for a book's language (BCP 47): French keeps its space before ; : ! ?, and its
 * no-break spaces there, after « and in numbers.
 */
export function ruleForLanguage(rule: Rule, language: string): Rule {
  if (!/^fr(?:-|$)/i.test(language)) return rule;
  if (rule.name === 'space-before-punctuation') return spaceBeforePunctuationFrench;
  if (rule.name === 'odd-spaces') return oddSpacesFrench;
  return rule;
}
