import { countTextTokens, readJsonl } from '@kalvimate/core';

/** Counts from the dataset's own rows (Parquet shards, or the JSONL copy). */
export interface RowsSummary {
  conversations: number;
  perTemplate: Record<string, number>;
  splits: Record<string, number>;
  /** Tokens per conversation (all messages), for the first `maxConversations` rows. */
  conversationTokens: number[];
}

/** Enough rows for a faithful length chart without tokenising a huge dataset twice. */
export const MAX_LENGTH_SAMPLES = 50_000;

type Row = { messages?: unknown; template?: unknown };

function splitOf(file: string): string {
  return /(?:^|[/\\])(train|test|validation)[^/\\]*\.(?:jsonl|parquet)$/.exec(file)?.[1] ?? 'all';
}

function addRow(out: RowsSummary, row: Row, split: string, maxConversations: number): void {
  out.conversations += 1;
  out.splits[split] = (out.splits[split] ?? 0) + 1;
  if (typeof row.template === 'string')
    out.perTemplate[row.template] = (out.perTemplate[row.template] ?? 0) + 1;
  if (out.conversationTokens.length >= maxConversations || !Array.isArray(row.messages)) return;
  let tokens = 0;
  for (const m of row.messages) {
    const content = (m as { content?: unknown } | null)?.content;
    // 3 tokens of chat framing per message, as OpenAI counts them.
    if (typeof content === 'string') tokens += countTextTokens(content) + 3;
  }
  out.conversationTokens.push(tokens);
}

async function readParquetRows(file: string, onRow: (row: Row) => void): Promise<void> {
  const { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } = await import('hyparquet');
  const buffer = await asyncBufferFromFile(file);
  const metadata = await parquetMetadataAsync(buffer);
  const present = new Set(metadata.schema.map((s) => s.name));
  const columns = ['messages', 'template'].filter((c) => present.has(c));
  let start = 0;
  // One row group at a time, so memory stays at one group however large the dataset is.
  for (const group of metadata.row_groups) {
    const rows = Number(group.num_rows);
    const objects = await parquetReadObjects({
      file: buffer,
      metadata,
      columns,
      rowStart: start,
      rowEnd: start + rows,
    });
    for (const row of objects) onRow(row as Row);
    start += rows;
  }
}

/** Counts rows, templates, splits and tokens per conversation from dataset files (streamed). */
export async function summariseDatasetRows(
  files: readonly string[],
  maxConversations = MAX_LENGTH_SAMPLES,
): Promise<RowsSummary> {
  const out: RowsSummary = { conversations: 0, perTemplate: {}, splits: {}, conversationTokens: [] };
  for (const file of files) {
    const split = splitOf(file);
    if (file.endsWith('.parquet')) {
      await readParquetRows(file, (row) => addRow(out, row, split, maxConversations));
    } else {
      for await (const { value } of readJsonl<Row>(file)) addRow(out, value, split, maxConversations);
    }
  }
  return out;
}
