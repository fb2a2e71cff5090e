// Names only, with no dependency: the CLI lists them in `kalvimate preprocess --help` without loading
// the rules or their schemas.

/**
 * The cleaning rules, in the order they run. Per-character repairs come first so that the
 * book-wide dictionary is built from clean words; the spoken-mathematics rules come after the
 * word repairs (so "secondpower minus two" is first split into words), brackets before powers
 * (so "(a + b)" can take a power); punctuation spacing last.
 */
export const RULE_NAMES = [
  'unicode-nfc',
  'tamil-vowel-order',
  'fold-compatibility',
  'odd-spaces',
  'invisible-characters',
  'collapse-whitespace',
  'mend-hyphenation',
  'mend-ocr-splits',
  'mend-letter-spacing',
  'split-run-together',
  'spoken-brackets',
  'spoken-powers',
  'spoken-operators',
  'spoken-times',
  'spoken-fractions',
  'space-before-punctuation',
] as const;
export type RuleName = (typeof RULE_NAMES)[number];
