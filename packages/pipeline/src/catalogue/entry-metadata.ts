import { readFile } from 'node:fs/promises';
import type { CatalogueBook } from '@kalvimate/core';
import { writeJsonAtomic } from '@kalvimate/core';

/**
 * Gives the cleaned book the title and language its catalogue entry names, when they differ from the
 * EPUB's, so that generate (prompts in the book's language, the request manifest) and publish use them.
 * The file is rewritten only when something changes, so an unchanged catalogue changes no fingerprint.
 */
export async function applyEntryMetadata(bookJson: string, entry: CatalogueBook): Promise<void> {
  if (entry.title === undefined && entry.language === undefined) return;
  let book: Record<string, unknown>;
  try {
    book = JSON.parse(await readFile(bookJson, 'utf8')) as Record<string, unknown>;
  } catch {
    return; // Not preprocessed yet: generate's own check says so.
  }
  const wanted = {
    ...(entry.title === undefined ? {} : { title: entry.title }),
    ...(entry.language === undefined ? {} : { language: entry.language }),
  };
  if (Object.entries(wanted).every(([key, value]) => book[key] === value)) return;
  await writeJsonAtomic(bookJson, { ...book, ...wanted });
}
