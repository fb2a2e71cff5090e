// Reads ../shared/fixtures/kalvimate-science-9.epub: extracts it, then generates and estimates its requests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { countChatTokens, RequestsManifestSchema } from '@kalvimate/core';
import { extractEpub } from '@kalvimate/extract';
import { REPO_ROOT, sharedFixture } from '@kalvimate/testkit/fixtures';
import { createTempDir, type TempDir } from '@kalvimate/testkit/temp-dir';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estimateRequestFile, type GenerateSummary, generateRequestFile } from '../generate.js';

const epub = sharedFixture('kalvimate-science-9.epub');
const prompts = join(REPO_ROOT, 'prompts');

interface Line {
  custom_id: string;
  body: { messages: Array<{ role: string; content: string }>; response_format: { type: string } };
}

describe.skipIf(!epub)('generating the fixture textbook', () => {
  let dir: TempDir;
  let summary: GenerateSummary;
  let bytes: Buffer;
  let lines: Line[];

  beforeAll(async () => {
    dir = await createTempDir();
    await extractEpub(epub as string, { outDir: dir.join('chapters') });
    summary = await generateRequestFile({
      inDir: dir.join('chapters'),
      promptsDir: prompts,
      outFile: dir.join('requests.jsonl'),
    });
    bytes = readFileSync(dir.join('requests.jsonl'));
    lines = bytes
      .toString('utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Line);
  });
  afterAll(async () => dir.remove());

  it('writes one request per eligible topic and template, with unique custom_ids of at most 64 characters', () => {
    expect(summary.templates).toHaveLength(6);
    expect(summary.topics).toBeGreaterThan(400);
    expect(lines).toHaveLength(summary.estimate.requests);
    const ids = lines.map((l) => l.custom_id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(Math.max(...ids.map((id) => id.length))).toBeLessThanOrEqual(64);
  });

  it('sends each exercise set of the book, with its questions, to the guided practice and to no other template', () => {
    const manifest = RequestsManifestSchema.parse(JSON.parse(readFileSync(summary.manifestFile, 'utf8')));
    const practice = lines.filter((l) => manifest.requests[l.custom_id]?.template === 'guided_practice');
    // The textbook ends each of its lessons with "TEXTBOOK EVALUATION": 22 sets of exercises.
    expect(practice.length).toBeGreaterThanOrEqual(20);
    const asks = (l: Line, text: string) => l.body.messages[1]?.content.includes(text) === true;
    expect(practice.filter((l) => asks(l, 'TEXTBOOK EVALUATION')).length).toBeGreaterThanOrEqual(20);
    expect(practice.some((l) => asks(l, 'Choose the correct answer'))).toBe(true);
    const others = lines.filter((l) => manifest.requests[l.custom_id]?.template !== 'guided_practice');
    expect(others.some((l) => asks(l, 'Topic: TEXTBOOK EVALUATION'))).toBe(false);
  });

  it('maps every custom_id to its provenance in the manifest', () => {
    const manifest = RequestsManifestSchema.parse(JSON.parse(readFileSync(summary.manifestFile, 'utf8')));
    expect(Object.keys(manifest.requests).sort()).toEqual(lines.map((l) => l.custom_id).sort());
  });

  it('shares one system message per template and puts the topic last, with strict json_schema output', () => {
    const manifest = RequestsManifestSchema.parse(JSON.parse(readFileSync(summary.manifestFile, 'utf8')));
    const systems = new Map<string, Set<string>>();
    for (const line of lines) {
      const template = manifest.requests[line.custom_id]?.template ?? '?';
      const set = systems.get(template) ?? new Set<string>();
      set.add(line.body.messages[0]?.content ?? '');
      systems.set(template, set);
      expect(line.body.messages.map((m) => m.role)).toEqual(['system', 'user']);
      expect(line.body.response_format.type).toBe('json_schema');
    }
    for (const set of systems.values()) expect(set.size).toBe(1);
  });

  it('counts input tokens exactly, the same when the file is estimated again', async () => {
    const sum = lines.reduce((s, l) => s + countChatTokens(l.body.messages), 0);
    expect(summary.estimate.inputTokens).toBe(sum);
    const again = await estimateRequestFile(dir.join('requests.jsonl'));
    expect(again.inputTokens).toBe(sum);
    expect(Object.keys(again.perTemplate).sort()).toEqual([...summary.templates].sort());
  });

  it('writes the same bytes on a re-run', async () => {
    await generateRequestFile({
      inDir: dir.join('chapters'),
      promptsDir: prompts,
      outFile: dir.join('requests.jsonl'),
    });
    expect(readFileSync(dir.join('requests.jsonl')).equals(bytes)).toBe(true);
  });

  it('spreads a --limit pilot over the chapters', async () => {
    const pilot = await generateRequestFile({
      inDir: dir.join('chapters'),
      promptsDir: prompts,
      outFile: dir.join('pilot.jsonl'),
      limit: 10,
    });
    expect(pilot.topics).toBe(10);
    const manifest = RequestsManifestSchema.parse(JSON.parse(readFileSync(pilot.manifestFile, 'utf8')));
    const chapters = new Set(Object.values(manifest.requests).map((p) => p.chapter));
    expect(chapters.size).toBe(10);
  });
});
