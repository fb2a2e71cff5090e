import type { Chapter } from '@kalvimate/core';
import type { FieldLocation } from './change-report.js';
import { maskFormulas, unmaskFormulas } from './formula-mask.js';

type Holder = Record<string | number, unknown>;

/**
 * One text field of the book that the rules clean, with a way to read and replace it. The rules see its
 * inline formulas as stand-ins (`formula-mask.ts`); `commit` writes the cleaned text back to the book, the
 * formulas as they were.
 */
export class TextField implements FieldLocation {
  readonly chapter: number;
  readonly topic?: string;
  readonly field: string;
  private text: string;
  /** The field's inline formulas, taken out while the rules run. */
  private readonly formulas: readonly string[] | undefined;

  constructor(
    location: FieldLocation,
    /** True for the texts the book's dictionary is built from (titles and each block's `text`). */
    readonly inDictionary: boolean,
    private readonly holder: Holder,
    private readonly key: string | number,
  ) {
    this.chapter = location.chapter;
    if (location.topic !== undefined) this.topic = location.topic;
    this.field = location.field;
    const written = holder[key] as string;
    const masked = maskFormulas(written);
    this.text = masked?.text ?? written;
    this.formulas = masked?.formulas;
  }

  /** The text as the rules see it. */
  get(): string {
    return this.text;
  }

  set(value: string): void {
    this.text = value;
  }

  /**
   * Writes the cleaned text to the book, its formulas back in place. Should a formula's stand-in have gone
   * (no rule removes one), the field is left as it was written rather than lose or move a formula.
   */
  commit(): void {
    if (this.formulas === undefined) {
      this.holder[this.key] = this.text;
      return;
    }
    const text = unmaskFormulas(this.text, this.formulas);
    if (text !== undefined) this.holder[this.key] = text;
  }
}

/**
 * Every text field of the chapters: chapter and topic titles and every text field of every block
 * (text, list items, table rows and caption, figure alt and caption). A math block's `latex`, a
 * preformatted block (code, kept as written), and a topic's id, number, kind and path are not text to
 * clean and are not listed.
 */
export function textFields(chapters: Chapter[]): TextField[] {
  const fields: TextField[] = [];
  const add = (location: FieldLocation, inDictionary: boolean, holder: object, key: string | number) =>
    fields.push(new TextField(location, inDictionary, holder as Holder, key));
  for (const chapter of chapters) {
    const c = chapter.number;
    add({ chapter: c, field: 'title' }, true, chapter, 'title');
    for (const topic of chapter.topics) {
      const t = topic.id;
      add({ chapter: c, topic: t, field: 'title' }, true, topic, 'title');
      topic.blocks.forEach((block, b) => {
        // Preformatted text (code, a verse set line by line) is the book's as written: no rule touches it.
        if (block.type === 'preformatted') return;
        const at = (name: string) => ({ chapter: c, topic: t, field: `blocks[${b}].${name}` });
        add(at('text'), true, block, 'text');
        switch (block.type) {
          case 'list':
            for (let i = 0; i < block.items.length; i += 1) add(at(`items[${i}]`), false, block.items, i);
            break;
          case 'table':
            block.rows.forEach((row, r) => {
              for (let i = 0; i < row.length; i += 1) add(at(`rows[${r}][${i}]`), false, row, i);
            });
            if (block.caption !== undefined) add(at('caption'), false, block, 'caption');
            break;
          case 'figure':
            add(at('alt'), false, block, 'alt');
            if (block.caption !== undefined) add(at('caption'), false, block, 'caption');
            break;
          default:
            break;
        }
      });
    }
  }
  return fields;
}
