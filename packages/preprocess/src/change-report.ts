import type { RuleName } from './options.js';
import type { Rule, TextEdit } from './rule.js';

/** Where a text lives in the book: chapter number, topic id and the field inside the topic. */
export interface FieldLocation {
  chapter: number;
  /** Topic id; absent for a chapter title. */
  topic?: string;
  /** e.g. "title", "blocks[3].text", "blocks[5].rows[2][1]". */
  field: string;
}

/** One before/after pair shown in changes.json: a short snippet around the edit. */
export interface ChangeExample extends FieldLocation {
  before: string;
  after: string;
}

/** What one rule did to the book. */
export interface RuleChanges {
  name: RuleName;
  summary: string;
  enabled: boolean;
  /** How many edits the rule made. */
  fired: number;
  /** How many text fields it changed. */
  fields: number;
  examples: ChangeExample[];
}

/** A block whose text was not empty before cleaning and is empty after (it is kept, not dropped). */
export interface EmptiedBlock {
  chapter: number;
  topic: string;
  block: number;
  type: string;
}

/** The content of changes.json: per rule, how often it fired, with a few examples. */
export interface ChangeReport {
  schemaVersion: 1;
  /** Passes over the book (the last one changed nothing, unless the limit of passes was hit). */
  passes: number;
  /** Text fields looked at (titles and every text field of every block). */
  fields: number;
  /** Fields that came out different. */
  fieldsChanged: number;
  /** Edits by all rules. */
  edits: number;
  rules: RuleChanges[];
  emptiedBlocks: EmptiedBlock[];
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
  return { before: `${head}${edit.before}${tail}`, after: `${head}${edit.after}${tail}` };
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
