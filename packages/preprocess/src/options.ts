import { z } from 'zod';

import { RULE_NAMES, type RuleName } from './rule-names.js';

export { RULE_NAMES, type RuleName } from './rule-names.js';

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
