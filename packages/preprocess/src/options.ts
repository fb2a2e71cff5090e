import { z } from 'zod';

/**
 * The cleaning rules, in the order they run. Per-character repairs come first so that the
 * book-wide dictionary is built from clean words; the spoken-mathematics rules come after the
 * word repairs (so "secondpower minus two" is first split into words), brackets before powers
 * (so "(a + b)" can take a power); punctuation spacing last.
 */
export const RULE_NAMES = [
  'unicode-nfc',
  'fold-compatibility',
  'odd-spaces',
  'invisible-characters',
  'collapse-whitespace',
  'mend-hyphenation',
  'mend-ocr-splits',
  'split-run-together',
  'spoken-brackets',
  'spoken-powers',
  'spoken-operators',
  'spoken-times',
  'spoken-fractions',
  'space-before-punctuation',
] as const;
export type RuleName = (typeof RULE_NAMES)[number];

/** Options of the preprocess stage; also the `preprocess` section of kalvimate.config.json. */
export const PreprocessOptionsSchema = z
  .object({
    /** Switch rules off by name: `{ "spoken-fractions": false }`. Every rule is on by default. */
    rules: z.partialRecord(z.enum(RULE_NAMES), z.boolean()).default({}),
    /** How many before/after examples `changes.json` keeps per rule. */
    examplesPerRule: z.number().int().min(0).max(100).default(5),
  })
  .strict();
export type PreprocessOptions = z.infer<typeof PreprocessOptionsSchema>;
export type PreprocessOptionsInput = z.input<typeof PreprocessOptionsSchema>;

/** True when `name` is switched on in `options` (rules are on unless set to false). */
export function isRuleEnabled(options: PreprocessOptions, name: RuleName): boolean {
  return options.rules[name] !== false;
}
