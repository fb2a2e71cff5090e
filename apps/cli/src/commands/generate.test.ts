import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { extractEpub } from '@kalvimate/extract';
import { defaultPromptsDir } from '@kalvimate/pipeline';
import { createTempDir, type TempDir } from '@kalvimate/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli-harness.js';
import { SAMPLE_EPUB } from '../paths.js';

let dir: TempDir;
let chapters: string;
beforeAll(async () => {
  dir = await createTempDir('km-generate-cli-');
  chapters = dir.join('chapters');
  await extractEpub(SAMPLE_EPUB, { outDir: chapters });
});
afterAll(async () => dir.remove());

let work: string;
let n = 0;
beforeEach(async () => {
  n += 1;
  work = dir.join(`w${n}`);
  await mkdir(work);
  await cp(chapters, join(work, 'data', 'preprocessed_chapters'), { recursive: true });
});

const cli = (args: string[]) => runCli(args, { cwd: work });
const requestLines = (file: string) =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { custom_id: string; body: { model: string } });

describe('kalvimate generate --help', () => {
  it('says what it reads and writes, with the defaults', async () => {
    const { code, stdout } = await cli(['generate', '--help']);
    expect(code).toBe(0);
    for (const text of [
      'default: <data-dir>/preprocessed_chapters',
      'default: the prompts/ folder',
      'default: <data-dir>/openai_inputs/requests.jsonl',
      'else gpt-4o-mini',
      'default: every template',
      'topicTokenBudget',
      'requests.manifest.json',
      '--limit',
    ])
      expect(stdout.replace(/\s+/g, ' ')).toContain(text);
  });
});

describe('kalvimate generate', () => {
  it('writes requests and manifest to the defaults and prints the cost keys with --json', async () => {
    const { code, stdout } = await cli(['generate', '--json']);
    expect(code).toBe(0);
    const summary = JSON.parse(stdout) as Record<string, unknown>;
    for (const key of [
      'requests',
      'inputTokens',
      'cachedInputTokens',
      'outputTokens',
      'costUsd',
      'costUsdStandard',
    ])
      expect(typeof summary[key]).toBe('number');
    const file = join(work, 'data', 'openai_inputs', 'requests.jsonl');
    expect(requestLines(file)).toHaveLength(summary.requests as number);
    expect(requestLines(file)[0]?.body.model).toBe('gpt-4o-mini');
    expect(existsSync(join(work, 'data', 'openai_inputs', 'requests.manifest.json'))).toBe(true);
  });

  it('takes --templates, --limit, --model, --in, --prompts and --out', async () => {
    await cp(defaultPromptsDir(), join(work, 'my-prompts'), { recursive: true });
    const { code, stdout } = await cli([
      'generate',
      '--in',
      'data/preprocessed_chapters',
      '--prompts',
      'my-prompts',
      '--out',
      'pilot.jsonl',
      '--templates',
      'mcq_quiz,lesson_openers',
      '--limit',
      '3',
      '--model',
      'gpt-4.1-mini',
      '--json',
    ]);
    expect(code).toBe(0);
    const summary = JSON.parse(stdout) as { topics: number; templates: string[]; model: string };
    expect(summary.topics).toBe(3);
    expect(summary.templates).toEqual(['lesson_openers', 'mcq_quiz']);
    expect(summary.model).toBe('gpt-4.1-mini');
    const lines = requestLines(join(work, 'pilot.jsonl'));
    expect(new Set(lines.map((l) => l.custom_id.split('-').slice(1, 3).join('-'))).size).toBe(3);
    expect(lines.every((l) => l.body.model === 'gpt-4.1-mini')).toBe(true);
  });

  it('takes its defaults from the "generate" section of the config, flags winning', async () => {
    await writeFile(
      join(work, 'kalvimate.config.json'),
      JSON.stringify({ generate: { templates: ['mcq_quiz'], limit: 2 } }),
    );
    const fromConfig = JSON.parse((await cli(['generate', '--json'])).stdout) as {
      templates: string[];
      topics: number;
    };
    expect(fromConfig).toMatchObject({ templates: ['mcq_quiz'], topics: 2 });
    const flagged = JSON.parse((await cli(['generate', '--limit', '4', '--json'])).stdout) as {
      topics: number;
    };
    expect(flagged.topics).toBe(4);
  });

  it('names a template with an unknown placeholder, exits 2 and writes no requests', async () => {
    await mkdir(join(work, 'bad'));
    await writeFile(
      join(work, 'bad', 'quiz.md'),
      '---\nname: quiz\nshape: session\ncount: 1\nturns: 3\nkinds: [topic]\nmin_chars: 10\nmax_output_tokens: 500\ntemperature: 0.3\n---\nTeach.\n<!-- topic -->\n{{topic_text}} {{grade_level}}\n',
    );
    const { code, stderr } = await cli(['generate', '--prompts', 'bad']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/error: .*bad\/quiz\.md: unknown placeholder \{\{grade_level\}\}/);
    expect(existsSync(join(work, 'data', 'openai_inputs'))).toBe(false);
  });

  it('refuses a missing chapters folder, an unknown template and a bad --limit with exit 2', async () => {
    const missing = await cli(['generate', '--in', 'nowhere']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('book.json not found');
    const unknown = await cli(['generate', '--templates', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown template(s): nope');
    const limit = await cli(['generate', '--limit', 'many']);
    expect(limit.code).toBe(2);
    expect(limit.stderr).toContain('positive whole number');
    expect(existsSync(join(work, 'data', 'openai_inputs'))).toBe(false);
  });
});
