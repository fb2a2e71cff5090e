import { describe, expect, it } from 'vitest';
import { isBookFolderEntry } from './book-folder.js';

describe('isBookFolderEntry', () => {
  it('claims book.json, chapter_N.json and changes.json, and nothing else', () => {
    for (const name of ['book.json', 'chapter_0.json', 'chapter_27.json', 'changes.json'])
      expect(isBookFolderEntry(name), name).toBe(true);
    for (const name of ['chapter_.json', 'chapter_1.json.bak', 'Book.json', 'notes.txt', '.git', 'chapter_1'])
      expect(isBookFolderEntry(name), name).toBe(false);
  });
});
