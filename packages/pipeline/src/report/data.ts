import type { LostLetters } from '@kalvimate/core';
import type { BookStats } from '@kalvimate/publish';
import type { QualitySection } from './quality.js';

/**
 * Everything the report shows, read from a data folder. Each section is absent when the stage that
 * writes it has not run yet; the page then says so.
 */
export interface ReportData {
  /** ISO time the report was written. */
  generatedAt: string;
  dataDir: string;
  book?: BookSection;
  /** A catalogue's books, each read from its own folder (`books/<id>/`); then `book` is absent. */
  books?: BookSection[];
  requests?: RequestsSection;
  parts?: PartsSection;
  estimate?: EstimateSection;
  batches?: BatchesSection;
  results?: ResultsSection;
  /** What the LLM judge round used and cost (its own ledger, `judge_batches/ledger.json`). */
  judgeRound?: ResultsSection;
  dataset?: DatasetSection;
  /** Flags and LLM scores per template and chapter, from the judgments. */
  quality?: QualitySection;
  stages?: StageRow[];
}

export interface BookSection {
  /** The book's id in its catalogue (absent in a one-book run). */
  id?: string;
  /** In a catalogue: the book's own estimate (its requests and their cost), when generate has run. */
  estimate?: { requests: number; costUsd: number };
  title: string;
  language: string;
  /** The EPUB file the book was read from. */
  sourceFile: string;
  /** Whether the chapters are the cleaned ones (preprocess ran) or the raw extraction. */
  cleaned: boolean;
  chapters: { number: number; title: string; topics: number; words: number }[];
  topicsByKind: Record<string, number>;
  /** Words of the book's text in each kind of section: where the text went. */
  wordsByKind: Record<string, number>;
  /** Signs of letters a conversion lost (core's `countLostLetters` over every block), when there were any. */
  lostLetters?: LostLetters;
}

export interface RequestsSection {
  model: string;
  total: number;
  perChapter: { chapter: number; title: string; requests: number; inputTokens: number }[];
  perTemplate: Record<string, number>;
}

export interface PartsSection {
  parts: number;
  requests: number;
  bytes: number;
  tokens: number;
}

export interface EstimateSection {
  model: string;
  requests: number;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  /** 'max_completion_tokens' means the output figure is an upper bound. */
  outputBasis: string;
  costUsd: number;
}

export interface BatchesSection {
  total: number;
  byState: Record<string, number>;
  /** Requests without a good result after the last attempt of each part, and why. */
  missing?: number;
  missingReasons?: Record<string, number>;
  /** Some requests went as direct chat completions (standard prices). */
  direct?: boolean;
}

export interface ResultsSection {
  /** Result lines with a 200 response. */
  succeeded: number;
  /** Error lines and non-200 responses. */
  failed: number;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  /** Priced with the model table: batch rates, or standard rates when requests went direct. */
  costUsd: number;
  model?: string;
}

export interface DatasetSection {
  conversations: number;
  perTemplate: Record<string, number>;
  rejectsByReason: Record<string, number>;
  /** Tokens per conversation (all its messages), when the rows could be read. */
  conversationTokens: number[];
  splits: Record<string, number>;
  duplicatesRemoved?: number;
  /** Where it was published, when it was. */
  repoId?: string;
  /** A catalogue's books, each with its counts and cost (publish's `stats.json`); absent for one book. */
  books?: BookStats[];
}

export interface StageRow {
  stage: string;
  status: string;
  finishedAt?: string;
  durationMs?: number;
}
