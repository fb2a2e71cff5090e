import { join } from 'node:path';

/** Paths of one book's own stage folders (the whole workspace of a one-book run). */
export interface BookPaths {
  /** The book's folder: the data folder in a one-book run, `books/<id>/` in a catalogue. */
  root: string;
  /** `raw/`: where the user puts the EPUB. */
  raw: string;
  /** `structured_chapters/`: extract's `book.json` and `chapter_N.json`. */
  structured: string;
  /** `structured_chapters/book.json`. */
  structuredBook: string;
  /** `preprocessed_chapters/`: the cleaned book and `changes.json`. */
  preprocessed: string;
  /** `preprocessed_chapters/book.json`. */
  preprocessedBook: string;
  /** `preprocessed_chapters/changes.json`: what each cleaning rule changed. */
  changes: string;
  /** `openai_inputs/`: generate's requests and the split parts. */
  inputs: string;
  /** `openai_inputs/requests.jsonl`: one Batch API request per line. */
  requests: string;
  /** `openai_inputs/requests.manifest.json`: each request's provenance. */
  requestManifest: string;
  /** `openai_inputs/estimate.json`: generate's cost estimate, read by the spend guard and the report. */
  estimate: string;
}

/** Paths of a run's workspace: every folder and file the stages write, from one place. */
export interface WorkspacePaths extends BookPaths {
  dataDir: string;
  /** `openai_inputs/parts/`: the split parts. */
  parts: string;
  /** `openai_inputs/parts/manifest.json`: the parts and their sizes. */
  partsManifest: string;
  /** `batches/`: the ledger of uploads and batches. */
  batches: string;
  /** `batches/ledger.json`. */
  ledger: string;
  /** `batches/retry/`: the retry parts submit writes (requests of a batch that have no good result). */
  retryParts: string;
  /** `clean_outputs/`: result and error JSONL exactly as the API returned them. */
  outputs: string;
  /** `judgments/`: one record per conversation (`judgments.jsonl`) and `summary.json`. */
  judgments: string;
  /** `judge_inputs/`: the LLM judge round's request files (`requests-<hash>.jsonl`, one per round). */
  judgeInputs: string;
  /** `judge_inputs/parts/`: the judge requests split under the Batch API limits. */
  judgeParts: string;
  /** `judge_inputs/parts/manifest.json`. */
  judgePartsManifest: string;
  /** `judge_batches/`: the judge round's own ledger (and retry parts), apart from the main round's. */
  judgeBatches: string;
  /** `judge_batches/ledger.json`. */
  judgeLedger: string;
  /** `judge_outputs/`: the judge round's results, exactly as the API returned them. */
  judgeOutputs: string;
  /** `dataset/`: the Parquet files, the card, `rejects.jsonl` and `stats.json`. */
  dataset: string;
  /** `dataset/stats.json`. */
  datasetStats: string;
  /** `run-state.json`: what each stage of `kalvimate run` last did, and with which inputs. */
  runState: string;
  /** `report.html`. */
  report: string;
  /** `books/`: one folder per book of a catalogue. */
  books: string;
  /** `catalogue.json`: the books of the last catalogue run (ids, files, subjects), for `status`. */
  catalogue: string;
  /** The stage folders of one book of a catalogue (`books/<id>/`). */
  book(id: string): BookPaths;
}

/** The folder and file names of a workspace, relative to its root (DESIGN.md, "The workspace of a run"). */
export const WORKSPACE_NAMES = {
  raw: 'raw',
  structured: 'structured_chapters',
  preprocessed: 'preprocessed_chapters',
  inputs: 'openai_inputs',
  requests: 'requests.jsonl',
  requestManifest: 'requests.manifest.json',
  estimate: 'estimate.json',
  changes: 'changes.json',
  parts: 'parts',
  partsManifest: 'manifest.json',
  batches: 'batches',
  ledger: 'ledger.json',
  retry: 'retry',
  outputs: 'clean_outputs',
  judgments: 'judgments',
  judgeInputs: 'judge_inputs',
  judgeBatches: 'judge_batches',
  judgeOutputs: 'judge_outputs',
  dataset: 'dataset',
  datasetStats: 'stats.json',
  runState: 'run-state.json',
  report: 'report.html',
  books: 'books',
  catalogue: 'catalogue.json',
  book: 'book.json',
} as const;

function bookPaths(root: string): BookPaths {
  const n = WORKSPACE_NAMES;
  const inputs = join(root, n.inputs);
  return {
    root,
    raw: join(root, n.raw),
    structured: join(root, n.structured),
    structuredBook: join(root, n.structured, n.book),
    preprocessed: join(root, n.preprocessed),
    preprocessedBook: join(root, n.preprocessed, n.book),
    changes: join(root, n.preprocessed, n.changes),
    inputs,
    requests: join(inputs, n.requests),
    requestManifest: join(inputs, n.requestManifest),
    estimate: join(inputs, n.estimate),
  };
}

/** A book id usable as a folder name: letters (with their marks), digits, `.`, `_` and `-`, not starting with a dot. */
const BOOK_ID = /^[\p{L}\p{N}_-][\p{L}\p{M}\p{N}._-]*$/u;

/**
 * Every folder and file of a run's workspace, from its data folder.
 * @example workspacePaths('data').requests // 'data/openai_inputs/requests.jsonl'
 */
export function workspacePaths(dataDir: string): WorkspacePaths {
  const n = WORKSPACE_NAMES;
  const own = bookPaths(dataDir);
  const parts = join(own.inputs, n.parts);
  const books = join(dataDir, n.books);
  return {
    ...own,
    dataDir,
    parts,
    partsManifest: join(parts, n.partsManifest),
    batches: join(dataDir, n.batches),
    ledger: join(dataDir, n.batches, n.ledger),
    retryParts: join(dataDir, n.batches, n.retry),
    outputs: join(dataDir, n.outputs),
    judgments: join(dataDir, n.judgments),
    judgeInputs: join(dataDir, n.judgeInputs),
    judgeParts: join(dataDir, n.judgeInputs, n.parts),
    judgePartsManifest: join(dataDir, n.judgeInputs, n.parts, n.partsManifest),
    judgeBatches: join(dataDir, n.judgeBatches),
    judgeLedger: join(dataDir, n.judgeBatches, n.ledger),
    judgeOutputs: join(dataDir, n.judgeOutputs),
    dataset: join(dataDir, n.dataset),
    datasetStats: join(dataDir, n.dataset, n.datasetStats),
    runState: join(dataDir, n.runState),
    report: join(dataDir, n.report),
    books,
    catalogue: join(dataDir, n.catalogue),
    book(id: string): BookPaths {
      if (!BOOK_ID.test(id)) throw new RangeError(`not a usable book id: ${JSON.stringify(id)}`);
      return bookPaths(join(books, id));
    },
  };
}
