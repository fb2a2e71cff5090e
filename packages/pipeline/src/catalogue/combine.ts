import { readFile } from 'node:fs/promises';
import {
  AtomicFileWriter,
  REQUESTS_MANIFEST_VERSION,
  type RequestsManifest,
  RequestsManifestSchema,
  readFileChunksSync,
  UserInputError,
  WORKSPACE_NAMES,
  type WorkspacePaths,
  writeJsonAtomic,
} from '@kalvimate/core';
import { customIdTag } from './custom-id-tag.js';

/** A book whose requests the catalogue's requests file takes. */
export interface BookRequests {
  id: string;
  /** The book's workspace (`bookWorkspace`). */
  paths: WorkspacePaths;
}

/** What the catalogue's requests file holds. */
export interface CombinedRequests {
  requests: number;
  /** custom_id tag → book id: the custom_ids of one book all start with its tag (`b1a2b3c-`). */
  tags: Record<string, string>;
  /** Book id → title and language as generate recorded them. */
  books: Record<string, { title: string; language: string; identifier: string }>;
}

async function readManifest(path: string, bookId: string): Promise<RequestsManifest> {
  try {
    return RequestsManifestSchema.parse(JSON.parse(await readFile(path, 'utf8')));
  } catch (cause) {
    throw new UserInputError('CATALOGUE_BOOK_MANIFEST', `book "${bookId}": ${path} is missing or invalid`, {
      file: path,
      cause,
      hint: 'Run the catalogue again: generate rewrites the request manifest of the book.',
    });
  }
}

/**
 * Writes the catalogue's `openai_inputs/requests.jsonl` (every book's requests, byte for byte, in the
 * catalogue's order) and its `requests.manifest.json` (every book's provenance), which judge and
 * publish read as they read a one-book run's. Two books whose custom_ids meet (the same EPUB twice,
 * or two EPUBs with one `dc:identifier`) are refused, naming both, before anything is written. With
 * `write: false` (the caller knows the files hold these books' requests already) it only reads the manifests.
 */
export async function combineBookRequests(
  paths: WorkspacePaths,
  books: readonly BookRequests[],
  options: { write?: boolean } = {},
): Promise<CombinedRequests> {
  const manifests: RequestsManifest[] = [];
  const owner = new Map<string, string>();
  const tags: Record<string, string> = {};
  const byBook: CombinedRequests['books'] = {};
  for (const book of books) {
    const manifest = await readManifest(book.paths.requestManifest, book.id);
    for (const customId of Object.keys(manifest.requests)) {
      const tag = customIdTag(customId);
      const other = owner.get(tag);
      if (other !== undefined && other !== book.id) {
        throw new UserInputError(
          'CATALOGUE_SAME_BOOK_TWICE',
          `books "${other}" and "${book.id}" give the same requests (custom_id ${customId}): they are one book, or two EPUBs with the same dc:identifier`,
          { hint: 'List each book once; two editions need distinct dc:identifier values in their EPUBs.' },
        );
      }
      owner.set(tag, book.id);
      tags[tag] = book.id;
    }
    byBook[book.id] = { ...manifest.book };
    manifests.push(manifest);
  }
  if (options.write === false) {
    // The files on disk are these books' requests already (the caller checked): only the facts are needed.
    const requests = manifests.reduce((n, m) => n + Object.keys(m.requests).length, 0);
    return { requests, tags, books: byBook };
  }
  const out = await AtomicFileWriter.open(paths.requests, { sha256: true });
  let requests = 0;
  try {
    for (const book of books) {
      for (const chunk of readFileChunksSync(book.paths.requests, 1 << 20)) await out.write(chunk);
    }
    await out.commit();
  } catch (error) {
    await out.abort();
    throw error;
  }
  const languages = new Set(manifests.map((m) => m.book.language));
  // The books' counts (topicTokens) hold for the combined file when all were taken with one tokenizer and
  // the file is their requests byte for byte: the judge round's estimate then need not read it.
  const encodings = new Set(manifests.map((m) => m.encoding));
  const [encoding] = encodings;
  const combined: RequestsManifest = {
    schemaVersion: REQUESTS_MANIFEST_VERSION,
    model: manifests[0]?.model ?? '',
    ...(encodings.size === 1 && encoding && !out.redacted ? { encoding } : {}),
    book: {
      title: `${books.length} books`,
      identifier: 'kalvimate-catalogue',
      // "mul" (ISO 639-2: several languages) when the books differ.
      language: languages.size === 1 ? ([...languages][0] ?? 'mul') : 'mul',
    },
    requestsFile: WORKSPACE_NAMES.requests,
    requestsSha256: out.sha256,
    templates: Object.assign({}, ...manifests.map((m) => m.templates)),
    requests: Object.assign({}, ...manifests.map((m) => m.requests)),
  };
  requests = Object.keys(combined.requests).length;
  await writeJsonAtomic(paths.requestManifest, combined);
  return { requests, tags, books: byBook };
}
