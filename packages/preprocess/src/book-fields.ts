import type { Chapter } from '@kalvimate/core';
import type { FieldLocation } from './change-report.js';

/** One text field of the book that the rules clean, with a way to read and replace it. */
export interface TextField extends FieldLocation {
  /** True for the texts the book's dictionary is built from (titles and each block's `text`). */
  inDictionary: boolean;
  get(): string;
  set(value: string): void;
}

function field(
  location: FieldLocation,
  inDictionary: boolean,
  holder: Record<string, unknown> | unknown[],
  key: string | number,
): TextField {
  const box = holder as Record<string | number, unknown>;
  return {
    ...location,
    inDictionary,
    get: () => box[key] as string,
    set: (value) => {
      box[key] = value;
    },
  };
}

/**
 * Every text field of the chapters: chapter and topic titles and every text field of every block
 * (text, list items, table rows and caption, figure alt and caption). A math block's `latex`, and a
 * topic's id, number, kind and path are not text to clean and are not listed.
 */
export function textFields(chapters: Chapter[]): TextField[] {
  const fields: TextField[] = [];
  for (const chapter of chapters) {
    const c = chapter.number;
    fields.push(field({ chapter: c, field: 'title' }, true, chapter, 'title'));
    for (const topic of chapter.topics) {
      const t = topic.id;
      fields.push(field({ chapter: c, topic: t, field: 'title' }, true, topic, 'title'));
      topic.blocks.forEach((block, b) => {
        const at = (name: string) => ({ chapter: c, topic: t, field: `blocks[${b}].${name}` });
        fields.push(field(at('text'), true, block, 'text'));
        switch (block.type) {
          case 'list':
            for (let i = 0; i < block.items.length; i += 1)
              fields.push(field(at(`items[${i}]`), false, block.items, i));
            break;
          case 'table':
            block.rows.forEach((row, r) => {
              for (let i = 0; i < row.length; i += 1)
                fields.push(field(at(`rows[${r}][${i}]`), false, row, i));
            });
            if (block.caption !== undefined) fields.push(field(at('caption'), false, block, 'caption'));
            break;
          case 'figure':
            fields.push(field(at('alt'), false, block, 'alt'));
            if (block.caption !== undefined) fields.push(field(at('caption'), false, block, 'caption'));
            break;
          default:
            break;
        }
      });
    }
  }
  return fields;
}
