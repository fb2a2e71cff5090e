import { readJsonFile } from '@kalvimate/core';
import { z } from 'zod';
import { showFormulas } from './formula-mask.js';
import { RULE_NAMES } from './options.js';
import type { Rule, TextEdit } from './rule.js';

const count = z.number().int().nonnegative();

/** Where a text lives in the book: chapter number, topic id and the field inside the topic. */
export const FieldLocationSchema = z.object({
  chapter: count,
  /** Topic id; absent for a chapter title. */
  topic: z.string().optional(),
  /** e.g. "title", "blocks[3].text", "blocks[5].rows[2][1]". */
  field: z.string(),
});
export type FieldLocation = z.infer<typeof FieldLocationSchema>;

/** One before/after pair shown in changes.json: a short snippet around the edit. */
export const ChangeExampleSchema = FieldLocationSchema.extend({ before: z.string(), after: z.string() });
export type ChangeExample = z.infer<typeof ChangeExampleSchema>;

/** What one rule did to the book. */
export const RuleChangesSchema = z.object({
  name: z.enum(RULE_NAMES),
  summary: z.string(),
  enabled: z.boolean(),
  /** How many edits the rule made. */
  fired: count,
  /** How many text fields it changed. */
  fields: count,
  examples: z.array(ChangeExampleSchema),
});
export type RuleChanges = z.infer<typeof RuleChangesSchema>;

/** A block whose text was not empty before cleaning and is empty after (it is kept, not dropped). */
export const EmptiedBlockSchema = z.object({
  chapter: count,
  topic: z.string(),
  block: count,
  type: z.string(),
});
export type EmptiedBlock = z.infer<typeof EmptiedBlockSchema>;

export const CHANGE_REPORT_VERSION = 1;

/** The content of changes.json: per rule, how often it fired, with a few examples. */
export const ChangeReportSchema = z.object({
  schemaVersion: z.literal(CHANGE_REPORT_VERSION).default(CHANGE_REPORT_VERSION),
  /** Passes over the book (the last one changed nothing, unless the limit of passes was hit). */
  passes: count,
  /** Text fields looked at (titles and every text field of every block). */
  fields: count,
  /** Fields that came out different. */
  fieldsChanged: count,
  /** Edits by all rules. */
  edits: count,
  rules: z.array(RuleChangesSchema),
  emptiedBlocks: z.array(EmptiedBlockSchema),
});
export type ChangeReport = z.output<typeof ChangeReportSchema>;

/**
 * Reads and validates a preprocessed folder's `changes.json`; a missing or invalid file is a
 * `UserInputError` (`CHANGE_REPORT_MISSING`, `…_NOT_JSON`, `…_INVALID`) naming it.
 * @example const changes = await readChangeReport(workspacePaths('data').changes);
 */
export function readChangeReport(path: string): Promise<ChangeReport> {
  return readJsonFile(path, ChangeReportSchema, {
    code: 'CHANGE_REPORT',
    what: 'change report',
    missingHint: 'Run "kalvimate preprocess" first; it writes changes.json beside the cleaned chapters.',
    invalidHint: 'Run "kalvimate preprocess" again to rewrite the folder.',
  });
}

const CONTEXT_CHARS = 32;

/** A short snippet of `edit.text` around the edit, before and after it. */
export function snippetOf(edit: TextEdit): { before: string; after: string } {
  const { text, index } = edit;
  const end = index + edit.before.length;
  let from = Math.max(0, index - CONTEXT_CHARS);
  let to = Math.min(text.length, end + CONTEXT_CHARS);
  // Prefer to cut at a space so that the snippet starts and ends with whole words.
  const space = text.indexOf(' ', from);
  if (from > 0 && space >= 0 && space < index) from = space + 1;
  const lastSpace = text.lastIndexOf(' ', to);
  if (to < text.length && lastSpace >= end) to = lastSpace;
  const head = `${from > 0 ? '…' : ''}${text.slice(from, index)}`;
  const tail = `${text.slice(end, to)}${to < text.length ? '…' : ''}`;
  return {
    before: showFormulas(`${head}${edit.before}${tail}`),
    after: showFormulas(`${head}${edit.after}${tail}`),
  };
}

/** Collects a rule's edits while it runs over the book. */
export class RuleChangeRecorder {
  private fired = 0;
  private readonly fields = new Set<number>();
  private fieldIndex = -1;
  private readonly examples: ChangeExample[] = [];
  private readonly spare: ChangeExample[] = [];
  private readonly seen = new Set<string>();

  constructor(
    private readonly rule: Rule,
    private readonly maxExamples: number,
  ) {}

  private location: FieldLocation = { chapter: 0, field: '' };

  /** The listener to pass to the rule; it files edits under the field set with `inField`. */
  readonly listener = (edit: TextEdit): void => {
    this.fired += 1;
    this.fields.add(this.fieldIndex);
    if (this.examples.length >= this.maxExamples) return;
    // Examples show different repairs first; repeats of one repair (in other places) only fill up
    // the list when the rule made fewer different repairs than there are places for examples.
    const key = `${edit.before}\u0000${edit.after}`;
    const repeat = this.seen.has(key);
    if (repeat && this.spare.length >= this.maxExamples) return;
    this.seen.add(key);
    const { chapter, topic, field } = this.location;
    const example = { chapter, ...(topic === undefined ? {} : { topic }), field, ...snippetOf(edit) };
    (repeat ? this.spare : this.examples).push(example);
  };

  /** The rule is about to clean the field at `location` (number `index` of the book's texts). */
  inField(location: FieldLocation, index: number): void {
    this.location = location;
    this.fieldIndex = index;
  }

  result(enabled: boolean): RuleChanges {
    return {
      name: this.rule.name,
      summary: this.rule.summary,
      enabled,
      fired: this.fired,
      fields: this.fields.size,
      examples: [...this.examples, ...this.spare].slice(0, this.maxExamples),
    };
  }
}
