import { describe, expect, it } from 'vitest';
import { isRuleEnabled, PreprocessOptionsSchema, RULE_NAMES } from './options.js';
import { RULES } from './rules.js';

describe('PreprocessOptionsSchema', () => {
  it('turns every rule on by default', () => {
    const options = PreprocessOptionsSchema.parse({});
    expect(RULE_NAMES.every((name) => isRuleEnabled(options, name))).toBe(true);
  });

  it('switches a rule off by name', () => {
    const options = PreprocessOptionsSchema.parse({ rules: { 'spoken-fractions': false } });
    expect(isRuleEnabled(options, 'spoken-fractions')).toBe(false);
  });

  it('rejects unknown rules and keys', () => {
    expect(PreprocessOptionsSchema.safeParse({ rules: { nope: false } }).success).toBe(false);
    expect(PreprocessOptionsSchema.safeParse({ rule: {} }).success).toBe(false);
  });

  it('names the rules in the order they run', () => {
    expect(RULES.map((r) => r.name)).toEqual([...RULE_NAMES]);
  });
});
