import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { workspacePaths } from './workspace.js';

describe('workspacePaths', () => {
  it('names every stage folder of a one-book run under the data folder', () => {
    const p = workspacePaths('data');
    expect(p.structuredBook).toBe(join('data', 'structured_chapters', 'book.json'));
    expect(p.requests).toBe(join('data', 'openai_inputs', 'requests.jsonl'));
    expect(p.partsManifest).toBe(join('data', 'openai_inputs', 'parts', 'manifest.json'));
    expect(p.ledger).toBe(join('data', 'batches', 'ledger.json'));
    expect(p.outputs).toBe(join('data', 'clean_outputs'));
    expect(p.datasetStats).toBe(join('data', 'dataset', 'stats.json'));
    expect(p.changes).toBe(join('data', 'preprocessed_chapters', 'changes.json'));
    expect(p.retryParts).toBe(join('data', 'batches', 'retry'));
    expect(p.judgePartsManifest).toBe(join('data', 'judge_inputs', 'parts', 'manifest.json'));
    expect(p.judgeLedger).toBe(join('data', 'judge_batches', 'ledger.json'));
    expect(p.judgeOutputs).toBe(join('data', 'judge_outputs'));
  });

  it('gives a catalogue book its own stage folders and keeps the shared ones at the top', () => {
    const p = workspacePaths('/w');
    const b = p.book('science-9-en');
    expect(b.preprocessed).toBe(join('/w', 'books', 'science-9-en', 'preprocessed_chapters'));
    expect(b.estimate).toBe(join('/w', 'books', 'science-9-en', 'openai_inputs', 'estimate.json'));
    expect(b).not.toHaveProperty('ledger');
  });

  it('refuses a book id that would leave its folder', () => {
    const p = workspacePaths('/w');
    for (const id of ['..', '../x', 'a/b', '', '.hidden']) expect(() => p.book(id)).toThrow(RangeError);
    expect(p.book('அறிவியல்-9').root).toBe(join('/w', 'books', 'அறிவியல்-9'));
  });
});
