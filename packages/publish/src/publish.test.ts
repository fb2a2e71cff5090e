import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { MemoryReporter, type RequestsManifest } from '@kalvimate/core';
import { createTempDir, type TempDir } from '@kalvimate/testkit/temp-dir';
import { parquetReadObjects } from 'hyparquet';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { DEFAULT_SYSTEM_MESSAGE, systemMessageFor } from './options.js';
import { publishDataset, type RejectRecord } from './publish.js';
import { readPublishStats } from './stats.js';

const u = (content: string) => ({ role: 'user', content });
const a = (content: string) => ({ role: 'assistant', content });

let n = 0;
function result(customId: string, content: string | null, finishReason = 'stop') {
  n += 1;
  return {
    id: `batch_req_${n}`,
    custom_id: customId,
    response: {
      status_code: 200,
      request_id: `r${n}`,
      body: {
        model: 'gpt-4o-mini-2024-07-18',
        choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: finishReason }],
      },
    },
    error: null,
  };
}
const errorLine = (customId: string) => ({
  id: 'batch_req_err',
  custom_id: customId,
  response: null,
  error: { code: 'server_error', message: 'The server had an error' },
});
const request = (customId: string) => ({
  custom_id: customId,
  method: 'POST',
  url: '/v1/chat/completions',
  body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: `make ${customId}` }] },
});
const jsonl = (values: unknown[]) => values.map((v) => `${JSON.stringify(v)}\n`).join('');

const session = (topic: string) =>
  JSON.stringify({
    session: [u(`Quiz me on ${topic}`), a(`First question on ${topic}?`), u('B'), a(`Right, ${topic} is B.`)],
  });
const dialogues = (topic: string, pairs: number) =>
  JSON.stringify({
    dialogues: Array.from({ length: pairs }, (_, i) => [
      u(`Question ${i} about ${topic} and why it matters so much here`),
      a(`Answer ${i} about ${topic}: a careful explanation number ${i} with its own words ${'x'.repeat(i)}`),
    ]).flat(),
  });

const SHAPES = ['MCQ_based=session', 'smart_assistant=dialogues:2'];

let dir: TempDir;
let inDir: string;
let outDir: string;

beforeEach(async () => {
  dir = await createTempDir();
  inDir = dir.join('clean_outputs');
  outDir = dir.join('dataset');
  await mkdir(inDir);
});
afterEach(async () => {
  await dir.remove();
});

async function writeSeedLikeInput() {
  const results = [
    result('req_0_chap1_topic1_1_MCQ_based', session('force')),
    result('req_1_chap1_topic1_2_MCQ_based', `\`\`\`json\n${session('inertia')}\n\`\`\``),
    result('req_2_chap2_topic1_smart_assistant', dialogues('heat', 3)),
    // A dialogue without an answer is set aside; the other is kept.
    result(
      'req_3_chap2_topic2_smart_assistant',
      JSON.stringify({ conversation: [u('q1 about light'), a('r1 about light'), u('q2 left hanging')] }),
    ),
    result(
      'req_4_chap3_topic1_MCQ_based',
      `${JSON.stringify(u("Let's have a quick MCQ session"))}${' \n'.repeat(2000)}`,
      'length',
    ),
    result('req_5_chap3_topic2_MCQ_based', '{"session": [{"role": "user", "content": "Quiz', 'length'),
    result('req_6_chap3_topic3_MCQ_based', 'I am sorry, here is no JSON.'),
    result('req_7_chap3_topic4_MCQ_based', JSON.stringify([{ role: 'narrator', content: 'x' }, a('y')])),
    // The same session as line 1, from a second run: an exact duplicate.
    result('req_0_chap1_topic1_1_MCQ_based', session('force')),
  ];
  await writeFile(`${inDir}/results_1.jsonl`, jsonl(results));
  await writeFile(`${inDir}/errors_1.jsonl`, jsonl([errorLine('req_8_chap4_topic1_MCQ_based')]));
  await writeFile(
    `${inDir}/requests.jsonl`,
    jsonl(
      [
        'req_4_chap3_topic1_MCQ_based',
        'req_5_chap3_topic2_MCQ_based',
        'req_0_chap1_topic1_1_MCQ_based',
        'req_8_chap4_topic1_MCQ_based',
      ].map(request),
    ),
  );
}

async function readRejects(): Promise<RejectRecord[]> {
  const text = await readFile(`${outDir}/rejects.jsonl`, 'utf8');
  return text
    .trim()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as RejectRecord);
}

async function readParquet(path: string) {
  const bytes = await readFile(path);
  return parquetReadObjects({
    file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
  });
}

describe('publishDataset on messy results', () => {
  it('keeps what can be made valid, sets aside the rest with reasons, and the counts add up', async () => {
    await writeSeedLikeInput();
    const { stats, files } = await publishDataset({
      inDir,
      outDir,
      shapes: SHAPES,
      testSplit: 0,
      book: 'Science IX',
      language: 'en-IN',
    });
    expect(stats.responses).toEqual({ in: 10, accepted: 5, rejected: 5 });
    expect(stats.responses.in).toBe(stats.responses.accepted + stats.responses.rejected);
    expect(stats.rejectsByReason).toEqual({
      runaway: 1,
      truncated: 1,
      unparseable: 1,
      'invalid-conversation': 1,
      'error-line': 1,
    });
    expect(stats.conversations).toEqual({
      found: 2 + 3 + 2 + 1,
      invalid: 1,
      invalidByReason: { 'too-short': 1 },
      setAside: 0,
      duplicates: { exact: 1, near: 0 },
      written: 6,
    });
    const c = stats.conversations;
    expect(c.found).toBe(c.invalid + c.setAside + c.duplicates.exact + c.duplicates.near + c.written);
    expect(stats.splits).toEqual({ train: 6, test: 0 });
    expect(stats.byTemplate.MCQ_based).toEqual({
      shape: 'session',
      responses: 8,
      rejected: 5,
      conversations: 2,
    });
    expect(stats.byTemplate.smart_assistant).toEqual({
      shape: 'dialogues:2',
      responses: 2,
      rejected: 0,
      conversations: 4,
    });
    expect(stats.repairs['code-fence']).toBe(1);
    expect(stats.book).toEqual({ title: 'Science IX', language: 'en' });
    expect(files).toEqual([
      'data/train-00000-of-00001.parquet',
      'rejects.jsonl',
      'retry.jsonl',
      'README.md',
      'stats.json',
    ]);
    expect(existsSync(`${outDir}/data/test-00000-of-00001.parquet`)).toBe(false);
    expect(await readPublishStats(`${outDir}/stats.json`)).toEqual(stats);
  });

  it('writes each reject with custom_id, reason, detail and the raw content', async () => {
    await writeSeedLikeInput();
    await publishDataset({ inDir, outDir, shapes: SHAPES });
    const rejects = await readRejects();
    const byId = Object.fromEntries(rejects.map((r) => [`${r.custom_id}/${r.scope}`, r]));
    expect(byId['req_4_chap3_topic1_MCQ_based/response']).toMatchObject({
      reason: 'runaway',
      finish_reason: 'length',
      file: 'results_1.jsonl',
      line: 5,
    });
    expect(byId['req_4_chap3_topic1_MCQ_based/response']?.detail).toContain('a single message');
    expect(byId['req_5_chap3_topic2_MCQ_based/response']).toMatchObject({
      reason: 'truncated',
      raw: '{"session": [{"role": "user", "content": "Quiz',
    });
    expect(byId['req_6_chap3_topic3_MCQ_based/response']).toMatchObject({
      reason: 'unparseable',
      raw: 'I am sorry, here is no JSON.',
    });
    expect(byId['req_7_chap3_topic4_MCQ_based/response']).toMatchObject({ reason: 'invalid-conversation' });
    expect(byId['req_8_chap4_topic1_MCQ_based/response']).toMatchObject({
      reason: 'error-line',
      file: 'errors_1.jsonl',
      raw: { code: 'server_error', message: 'The server had an error' },
    });
    expect(byId['req_3_chap2_topic2_smart_assistant/conversation']).toMatchObject({
      reason: 'too-short',
      conversation: 1,
      raw: [u('q2 left hanging')],
    });
  });

  it('copies the original requests of rejected responses to retry.jsonl, verbatim', async () => {
    await writeSeedLikeInput();
    const { stats } = await publishDataset({ inDir, outDir, shapes: SHAPES });
    const retry = (await readFile(`${outDir}/retry.jsonl`, 'utf8')).trim().split('\n');
    expect(retry).toEqual(
      ['req_4_chap3_topic1_MCQ_based', 'req_5_chap3_topic2_MCQ_based', 'req_8_chap4_topic1_MCQ_based'].map(
        (id) => JSON.stringify(request(id)),
      ),
    );
    // req_6 and req_7 were rejected too, but their requests are not in the request file.
    expect(stats.retry).toEqual({ rejectedRequests: 5, written: 3, requestFileKnown: true });
  });

  it('writes null, not an empty string, for a book nothing names', async () => {
    await writeSeedLikeInput();
    await publishDataset({ inDir, outDir, shapes: SHAPES, testSplit: 0 });
    const rows = await readParquet(`${outDir}/data/train-00000-of-00001.parquet`);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.book === null)).toBe(true);
  });

  it('reads only the result files it is given: a replaced part’s results stay on disk, out of the dataset', async () => {
    await writeSeedLikeInput();
    await writeFile(
      `${inDir}/old.output.jsonl`,
      jsonl([result('req_9_chap9_topic9_MCQ_based', session('stale'))]),
    );
    const all = await publishDataset({ inDir, outDir, shapes: SHAPES, testSplit: 0 });
    const only = await publishDataset({
      inDir,
      outDir,
      shapes: SHAPES,
      testSplit: 0,
      resultFiles: ['results_1.jsonl', 'errors_1.jsonl', 'requests.jsonl'],
    });
    expect(all.stats.responses.in - only.stats.responses.in).toBe(1);
    const rows = await readParquet(`${outDir}/data/train-00000-of-00001.parquet`);
    expect(rows.some((row) => String(row.custom_id).startsWith('req_9_'))).toBe(false);
  });

  it('writes rows with the system message first and their provenance', async () => {
    await writeSeedLikeInput();
    await publishDataset({ inDir, outDir, shapes: SHAPES, testSplit: 0, jsonl: true, book: 'Science IX' });
    const rows = await readParquet(`${outDir}/data/train-00000-of-00001.parquet`);
    expect(rows).toHaveLength(6);
    // hyparquet leaves the null `scores` out of the object it reads and reads the INT64 chapter as a bigint;
    // the JSONL holds them as null and a number.
    expect(rows.find((r) => r.id === 'req_0_chap1_topic1_1_MCQ_based#0')).toEqual({
      id: 'req_0_chap1_topic1_1_MCQ_based#0',
      messages: [
        { role: 'system', content: systemMessageFor(DEFAULT_SYSTEM_MESSAGE, undefined) },
        u('Quiz me on force'),
        a('First question on force?'),
        u('B'),
        a('Right, force is B.'),
      ],
      book: 'Science IX',
      book_id: null,
      language: null,
      subject: null,
      grade: null,
      chapter: 1n,
      chapter_title: null,
      topic: '1.1',
      template: 'MCQ_based',
      custom_id: 'req_0_chap1_topic1_1_MCQ_based',
      model: 'gpt-4o-mini-2024-07-18',
      flags: [],
    });
    const lines = (await readFile(`${outDir}/jsonl/train.jsonl`, 'utf8')).trim().split('\n');
    expect(lines.map((l) => JSON.parse(l))).toEqual(
      rows.map((r) => ({ ...r, chapter: Number(r.chapter), scores: null })),
    );
  });

  it('takes the system message from the options', async () => {
    await writeSeedLikeInput();
    await publishDataset({ inDir, outDir, shapes: SHAPES, testSplit: 0, systemMessage: 'Teach gently.' });
    const rows = (await readParquet(`${outDir}/data/train-00000-of-00001.parquet`)) as Array<{
      messages: Array<{ content: string }>;
    }>;
    expect(rows.every((r) => r.messages[0]?.content === 'Teach gently.')).toBe(true);
  });

  it('warns when whole topics left the test split empty, and not when no test split was asked for', async () => {
    await writeFile(
      `${inDir}/results.jsonl`,
      jsonl([result('req_0_chap1_topic1_smart_assistant', dialogues('one', 2))]),
    );
    const warned = new MemoryReporter();
    const { stats } = await publishDataset({
      inDir,
      outDir,
      shapes: SHAPES,
      testSplit: 0.1,
      reporter: warned,
    });
    expect(stats.splits).toEqual({ train: 2, test: 0 });
    expect(warned.messages('warn').join('\n')).toMatch(/the test split is empty.*--test-split 0\.1/);
    const quiet = new MemoryReporter();
    await publishDataset({ inDir, outDir, shapes: SHAPES, testSplit: 0, reporter: quiet });
    expect(quiet.messages('warn')).toEqual([]);
  });

  it('keeps every row of a topic in one split', async () => {
    const results = Array.from({ length: 60 }, (_, i) =>
      result(`req_${i}_chap${i % 6}_topic${i % 12}_smart_assistant`, dialogues(`topic ${i}`, 2)),
    );
    await writeFile(`${inDir}/results.jsonl`, jsonl(results));
    const { stats } = await publishDataset({ inDir, outDir, shapes: SHAPES, testSplit: 0.3, seed: 's' });
    const train = (await readParquet(`${outDir}/data/train-00000-of-00001.parquet`)) as Array<{
      chapter: string;
      topic: string;
    }>;
    const test = (await readParquet(`${outDir}/data/test-00000-of-00001.parquet`)) as Array<{
      chapter: string;
      topic: string;
    }>;
    expect(train.length + test.length).toBe(stats.conversations.written);
    const key = (r: { chapter: string; topic: string }) => `${r.chapter}/${r.topic}`;
    const trainTopics = new Set(train.map(key));
    expect(test.length).toBeGreaterThan(0);
    expect(test.some((r) => trainTopics.has(key(r)))).toBe(false);
    const card = await readFile(`${outDir}/README.md`, 'utf8');
    expect(card).toContain('path: "data/test-*.parquet"');
  });

  it('reads provenance and shapes from the request manifest', async () => {
    const manifest: RequestsManifest = {
      schemaVersion: 1,
      model: 'gpt-4o-mini',
      book: { title: 'Science IX', identifier: 'id', language: 'ta' },
      requestsFile: 'requests.jsonl',
      requestsSha256: '0',
      templates: {
        misconceptions: {
          shape: 'dialogues',
          count: 2,
          turns: 4,
          maxOutputTokens: 900,
          file: 'misconceptions.md',
        },
      },
      requests: {
        'b1-c3-t1-misconceptions-p1': {
          book: 'Science IX',
          chapter: 3,
          chapterTitle: 'Heat',
          topicId: 'c3-t1',
          topicNumber: '3.1',
          topicTitle: 'Temperature',
          template: 'misconceptions',
          part: 1,
          parts: 1,
          inputTokens: 10,
        },
      },
    };
    const manifestPath = dir.join('requests.manifest.json');
    await writeFile(manifestPath, JSON.stringify(manifest));
    const content = JSON.stringify({
      dialogues: [
        { messages: [u('a1'), a('b1'), u('a2'), a('b2')] },
        { messages: [u('c1'), a('d1'), u('c2'), a('d2')] },
      ],
    });
    await writeFile(`${inDir}/out.jsonl`, jsonl([result('b1-c3-t1-misconceptions-p1', content)]));
    const { stats } = await publishDataset({ inDir, outDir, manifestPath, testSplit: 0 });
    expect(stats.byTemplate.misconceptions).toMatchObject({ shape: 'dialogues:4', conversations: 2 });
    expect(stats.book).toEqual({ title: 'Science IX', language: 'ta' });
    const rows = await readParquet(`${outDir}/data/train-00000-of-00001.parquet`);
    expect(rows[0]).toMatchObject({
      chapter: 3n,
      chapter_title: 'Heat',
      topic: '3.1 Temperature',
      template: 'misconceptions',
    });
  });

  it('reads shapes from the prompt templates’ front matter', async () => {
    const prompts = dir.join('prompts');
    await mkdir(prompts);
    await writeFile(
      `${prompts}/smart_assistant.md`,
      '---\nname: smart_assistant\nshape: dialogues\ncount: 3\nturns: 2\n---\nBody',
    );
    await writeFile(
      `${inDir}/out.jsonl`,
      jsonl([result('req_2_chap2_topic1_smart_assistant', dialogues('heat', 3))]),
    );
    const { stats } = await publishDataset({ inDir, outDir, promptsDir: prompts });
    expect(stats.byTemplate.smart_assistant).toMatchObject({ shape: 'dialogues:2', conversations: 3 });
  });
  it("matches KalviMate's own custom_ids (ending in -p1) by --shape and by the prompts' front matter", async () => {
    const prompts = dir.join('prompts');
    await mkdir(prompts);
    await writeFile(
      `${prompts}/smart_assistant.md`,
      '---\nname: smart_assistant\nshape: dialogues\ncount: 3\nturns: 2\n---\nBody',
    );
    await writeFile(
      `${inDir}/out.jsonl`,
      jsonl([
        result('b1a2b3c-c2-t001-smart_assistant-p1', dialogues('heat', 3)),
        result('b1a2b3c-c2-t001-mcq_quiz-p1', session('heat')),
      ]),
    );
    const { stats } = await publishDataset({
      inDir,
      outDir,
      promptsDir: prompts,
      shapes: ['mcq_quiz=session'],
    });
    expect(stats.byTemplate.smart_assistant).toMatchObject({ shape: 'dialogues:2', conversations: 3 });
    expect(stats.byTemplate.mcq_quiz).toMatchObject({ shape: 'session', conversations: 1 });
  });
});

describe('publishDataset refuses bad input and writes nothing', () => {
  it('a missing input folder', async () => {
    const error = await publishDataset({ inDir: dir.join('nope'), outDir }).catch((e) => e);
    expect(error).toMatchObject({ code: 'PUBLISH_NO_INPUT', exitCode: 2 });
    expect(existsSync(outDir)).toBe(false);
  });

  it('a folder without result files', async () => {
    await writeFile(`${inDir}/requests.jsonl`, jsonl([request('x')]));
    const error = await publishDataset({ inDir, outDir }).catch((e) => e);
    expect(error).toMatchObject({ code: 'PUBLISH_NO_RESULTS' });
    expect(existsSync(outDir)).toBe(false);
  });

  it('a custom_id no template matches, leaving an earlier dataset as it was', async () => {
    await writeSeedLikeInput();
    await publishDataset({ inDir, outDir, shapes: SHAPES });
    const before = await readFile(`${outDir}/stats.json`, 'utf8');
    await writeFile(
      `${inDir}/results_2.jsonl`,
      jsonl([result('req_9_chap1_topic1_other_template', session('x'))]),
    );
    const error = await publishDataset({ inDir, outDir, shapes: SHAPES }).catch((e) => e);
    expect(error).toMatchObject({ code: 'PUBLISH_UNKNOWN_TEMPLATE', exitCode: 2, line: 1 });
    expect(error.message).toContain('results_2.jsonl:1');
    expect(error.hint).toContain('--shape');
    expect(await readFile(`${outDir}/stats.json`, 'utf8')).toBe(before);
  });

  it('an output folder that holds what publish did not write, and rewrites its own with --jsonl and without', async () => {
    await writeSeedLikeInput();
    await publishDataset({ inDir, outDir, shapes: SHAPES, jsonl: true });
    await publishDataset({ inDir, outDir, shapes: SHAPES });
    expect((await readdir(outDir)).sort()).toEqual([
      'README.md',
      'data',
      'rejects.jsonl',
      'retry.jsonl',
      'stats.json',
    ]);
    await writeFile(`${outDir}/my-notes.md`, 'mine');
    const error = await publishDataset({ inDir, outDir, shapes: SHAPES }).catch((e) => e);
    expect(error).toMatchObject({ code: 'OUTPUT_FOLDER_NOT_OURS', exitCode: 2 });
    expect(error.message).toContain('(my-notes.md)');
    expect(await readFile(`${outDir}/my-notes.md`, 'utf8')).toBe('mine');
  });

  it('a malformed results line, named by file and line', async () => {
    await writeFile(
      `${inDir}/results.jsonl`,
      `${JSON.stringify(result('req_0_chap1_topic1_MCQ_based', session('a')))}\n{"id": broken\n`,
    );
    const error = await publishDataset({ inDir, outDir, shapes: SHAPES }).catch((e) => e);
    expect(error).toMatchObject({ code: 'JSONL_BAD_LINE', line: 2 });
    expect(existsSync(outDir)).toBe(false);
  });

  it('a line that is no Batch API result', async () => {
    await writeFile(
      `${inDir}/results.jsonl`,
      jsonl([result('req_0_chap1_topic1_MCQ_based', session('a')), { custom_id: 'x', response: 'no' }]),
    );
    const error = await publishDataset({ inDir, outDir, shapes: SHAPES }).catch((e) => e);
    expect(error).toMatchObject({ code: 'PUBLISH_BAD_RESULT_LINE', line: 2 });
    expect(existsSync(outDir)).toBe(false);
  });

  it('a blank system message or a test split out of range, as a user error naming the option', async () => {
    await writeFile(`${inDir}/out.jsonl`, jsonl([result('req_0_chap1_topic1_MCQ_based', session('a'))]));
    const blank = await publishDataset({ inDir, outDir, shapes: SHAPES, systemMessage: '   ' }).catch(
      (e) => e,
    );
    expect(blank).toMatchObject({ code: 'INVALID_OPTIONS', exitCode: 2 });
    expect(blank.message).toContain('option "systemMessage"');
    const split = await publishDataset({ inDir, outDir, shapes: SHAPES, testSplit: 5 }).catch((e) => e);
    expect(split).toMatchObject({ code: 'INVALID_OPTIONS', exitCode: 2 });
    expect(split.message).toContain('option "testSplit"');
    expect(existsSync(outDir)).toBe(false);
  });

  it('a bad --shape value', async () => {
    await writeSeedLikeInput();
    const error = await publishDataset({ inDir, outDir, shapes: ['MCQ_based=quiz'] }).catch((e) => e);
    expect(error).toMatchObject({ code: 'PUBLISH_BAD_SHAPE' });
    expect(existsSync(outDir)).toBe(false);
  });

  it('a request manifest that is not valid', async () => {
    await writeSeedLikeInput();
    const manifestPath = dir.join('requests.manifest.json');
    await writeFile(manifestPath, '{"schemaVersion": 1}');
    const error = await publishDataset({ inDir, outDir, shapes: SHAPES, manifestPath }).catch((e) => e);
    expect(error).toMatchObject({ code: 'PUBLISH_BAD_MANIFEST' });
    expect(error.message).toContain('requests.manifest.json');
    expect(existsSync(outDir)).toBe(false);
  });

  it('a dialogues template whose turns is odd (turns count messages)', async () => {
    await writeSeedLikeInput();
    const prompts = dir.join('prompts');
    await mkdir(prompts);
    const file = `${prompts}/smart_assistant.md`;
    await writeFile(file, '---\nname: smart_assistant\nshape: dialogues\ncount: 3\nturns: 1\n---\nBody');
    const error = await publishDataset({ inDir, outDir, promptsDir: prompts }).catch((e) => e);
    expect(error).toMatchObject({ code: 'PUBLISH_BAD_TEMPLATE', exitCode: 2, file });
    expect(error.message).toBe(
      `${file}: turns 1 is odd; for a dialogues template it counts messages and must be even`,
    );
    expect(error.hint).toContain('2 turns');
    expect(existsSync(outDir)).toBe(false);
  });

  it('an odd --shape dialogues:K, with a hint that K counts messages', async () => {
    await writeSeedLikeInput();
    const error = await publishDataset({
      inDir,
      outDir,
      shapes: ['MCQ_based=session', 'smart_assistant=dialogues:1'],
    }).catch((e) => e);
    expect(error).toMatchObject({ code: 'PUBLISH_BAD_SHAPE', exitCode: 2 });
    expect(error.message).toContain('even number of turns');
    expect(error.hint).toBe(
      'K counts messages: a question and its answer are 2 turns, e.g. --shape smart_assistant=dialogues:2',
    );
    expect(existsSync(outDir)).toBe(false);
  });
});

describe('publishDataset with judgments', () => {
  const judgment = (line: number, id: string, verdict: 'keep' | 'set-aside', flags: string[] = []) => ({
    schemaVersion: 1,
    id,
    custom_id: id.split('#')[0],
    file: 'results_1.jsonl',
    line,
    flags,
    scores: null,
    verdict,
    reasons: flags.map((f) => `${f}: found`),
  });
  async function writeJudged(judgments: unknown[]) {
    await writeFile(
      `${inDir}/results_1.jsonl`,
      jsonl([
        result('req_0_chap1_topic1_1_MCQ_based', session('force')),
        result('req_2_chap2_topic1_smart_assistant', dialogues('heat', 3)),
      ]),
    );
    await mkdir(dir.join('judgments'));
    await writeFile(dir.join('judgments', 'judgments.jsonl'), jsonl(judgments));
  }
  const complete = [
    judgment(1, 'req_0_chap1_topic1_1_MCQ_based#0', 'keep'),
    judgment(2, 'req_2_chap2_topic1_smart_assistant#0', 'keep', ['number-unsupported']),
    judgment(2, 'req_2_chap2_topic1_smart_assistant#1', 'set-aside', ['meta-talk']),
    judgment(2, 'req_2_chap2_topic1_smart_assistant#2', 'keep'),
  ];

  it('sets aside what the judge set aside, with its reasons, and gives every row its id and flags', async () => {
    await writeJudged(complete);
    const { stats } = await publishDataset({
      inDir,
      outDir,
      shapes: SHAPES,
      testSplit: 0,
      judgmentsDir: dir.join('judgments'),
    });
    expect(stats.conversations).toMatchObject({ found: 4, setAside: 1, invalid: 0, written: 3 });
    expect(stats.quality).toEqual({
      judged: true,
      setAsideByFlag: { 'meta-talk': 1 },
      keptWithFlag: { 'number-unsupported': 1 },
      scored: 0,
      scores: {},
      llm: null,
    });
    const [reject] = await readRejects();
    expect(reject).toMatchObject({
      custom_id: 'req_2_chap2_topic1_smart_assistant',
      scope: 'conversation',
      reason: 'judge',
      detail: 'meta-talk: found',
      conversation: 1,
      flags: ['meta-talk'],
    });
    const rows = (await readParquet(`${outDir}/data/train-00000-of-00001.parquet`)) as Array<{
      id: string;
      flags: string[];
    }>;
    expect(rows.map((r) => [r.id, r.flags]).sort()).toEqual([
      ['req_0_chap1_topic1_1_MCQ_based#0', []],
      ['req_2_chap2_topic1_smart_assistant#0', ['number-unsupported']],
      ['req_2_chap2_topic1_smart_assistant#2', []],
    ]);
    expect(await readFile(`${outDir}/README.md`, 'utf8')).toContain('| meta-talk | 1 | 0 |');
  });

  it('writes empty flags and null scores when there are no judgments', async () => {
    await writeJudged([]);
    await publishDataset({ inDir, outDir, shapes: SHAPES, testSplit: 0, judgmentsDir: dir.join('nowhere') });
    const rows = (await readParquet(`${outDir}/data/train-00000-of-00001.parquet`)) as Array<{
      flags: string[];
    }>;
    expect(rows.map((r) => r.flags)).toEqual([[], [], [], []]);
  });

  it('refuses judgments that miss a conversation, and writes nothing', async () => {
    await writeJudged(complete.slice(0, 3));
    await expect(
      publishDataset({ inDir, outDir, shapes: SHAPES, judgmentsDir: dir.join('judgments') }),
    ).rejects.toMatchObject({
      code: 'PUBLISH_STALE_JUDGMENTS',
      message: expect.stringContaining(
        'results_1.jsonl:2: conversation req_2_chap2_topic1_smart_assistant#2 has no judgment',
      ),
    });
    expect(existsSync(outDir)).toBe(false);
  });

  it('refuses a judgments line that is not a judgment, naming file and line', async () => {
    await writeJudged([complete[0], { id: 'x' }]);
    await expect(
      publishDataset({ inDir, outDir, shapes: SHAPES, judgmentsDir: dir.join('judgments') }),
    ).rejects.toMatchObject({
      code: 'PUBLISH_BAD_JUDGMENT',
      message: expect.stringContaining('judgments.jsonl:2:'),
    });
    expect(existsSync(outDir)).toBe(false);
  });
  it('carries the LLM scores into the rows, the stats and the card, with the judge named in summary.json', async () => {
    const scores = { faithfulness: 5, correctness: 4 };
    await writeJudged(complete.map((j) => (j.verdict === 'keep' ? { ...j, scores } : j)));
    await writeFile(
      dir.join('judgments', 'summary.json'),
      JSON.stringify({ llm: { model: 'gpt-4o-mini', minScore: 3 } }),
    );
    const { stats } = await publishDataset({
      inDir,
      outDir,
      shapes: SHAPES,
      testSplit: 0,
      judgmentsDir: dir.join('judgments'),
    });
    expect(stats.quality.scored).toBe(3);
    expect(stats.quality.llm).toEqual({ model: 'gpt-4o-mini', minScore: 3 });
    expect(stats.quality.scores.smart_assistant).toEqual({
      faithfulness: { '5': 2 },
      correctness: { '4': 2 },
    });
    const rows = (await readParquet(`${outDir}/data/train-00000-of-00001.parquet`)) as Array<{
      scores: Array<{ criterion: string; score: number }>;
    }>;
    for (const r of rows)
      expect(r.scores).toEqual([
        { criterion: 'faithfulness', score: 5 },
        { criterion: 'correctness', score: 4 },
      ]);
    const card = await readFile(`${outDir}/README.md`, 'utf8');
    expect(card).toContain('An LLM judge (`gpt-4o-mini`) then scored');
    expect(card).toContain('| smart\\_assistant | correctness | 2 | 0 | 4.00 |');
  });
});

describe('publishDataset rows for loaders', () => {
  const many = () =>
    Array.from({ length: 40 }, (_, i) =>
      result(
        `req_${i}_chap${[1, 2, 10][i % 3]}_topic${i % 7}_${i % 2 ? 'smart_assistant' : '1_MCQ_based'}`,
        i % 2 ? dialogues(`topic ${i}`, 2) : session(`topic ${i}`),
      ),
    );

  it('shuffles each split by the rows’ ids: the same bytes on every run and for any input order', async () => {
    const results = many();
    await writeFile(`${inDir}/results.jsonl`, jsonl(results));
    await publishDataset({ inDir, outDir, shapes: SHAPES, testSplit: 0.2, jsonl: true });
    const first = await readFile(`${outDir}/data/train-00000-of-00001.parquet`);
    const firstLines = await readFile(`${outDir}/jsonl/train.jsonl`, 'utf8');
    await writeFile(`${inDir}/results.jsonl`, jsonl([...results].reverse()));
    await publishDataset({ inDir, outDir, shapes: SHAPES, testSplit: 0.2, jsonl: true });
    expect((await readFile(`${outDir}/data/train-00000-of-00001.parquet`)).equals(first)).toBe(true);
    expect(await readFile(`${outDir}/jsonl/train.jsonl`, 'utf8')).toBe(firstLines);
    const templates = firstLines
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { template: string }).template);
    // Not the input order (all of one template, then the other, or alternating): a mix from the first rows on.
    expect(new Set(templates.slice(0, 6)).size).toBe(2);
    expect(templates.join()).not.toBe([...templates].sort().join());
    expect(await readdir(outDir)).not.toContain('.shuffle');
  });

  it('gives chapter as a number, so 10 sorts after 2', async () => {
    await writeFile(`${inDir}/results.jsonl`, jsonl(many()));
    await publishDataset({ inDir, outDir, shapes: SHAPES, testSplit: 0, jsonl: true });
    const rows = (await readFile(`${outDir}/jsonl/train.jsonl`, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { chapter: number | null });
    const chapters = [...new Set(rows.map((r) => r.chapter))].sort((a, b) => (a ?? 0) - (b ?? 0));
    expect(chapters).toEqual([1, 2, 10]);
  });

  it('writes a card whose YAML loads, with dataset_info matching the files', async () => {
    await writeFile(`${inDir}/results.jsonl`, jsonl(many()));
    const { stats } = await publishDataset({ inDir, outDir, shapes: SHAPES, testSplit: 0.2 });
    const card = await readFile(`${outDir}/README.md`, 'utf8');
    const front = parseYaml(/^---\n([\s\S]*?)\n---\n/.exec(card)?.[1] ?? '') as {
      dataset_info: {
        splits: Array<{ name: string; num_examples: number; num_bytes: number }>;
        download_size: number;
      };
    };
    const train = front.dataset_info.splits.find((x) => x.name === 'train');
    expect(train?.num_examples).toBe(stats.splits.train);
    const size = (await stat(`${outDir}/data/train-00000-of-00001.parquet`)).size;
    expect(train?.num_bytes).toBe(size);
    expect(front.dataset_info.download_size).toBe(stats.bytes.train + stats.bytes.test);
  });

  it('names the language on the card from --language, else from the book, when there is no manifest', async () => {
    await writeFile(`${inDir}/results.jsonl`, jsonl(many()));
    const fromBook = await publishDataset({ inDir, outDir, shapes: SHAPES, bookLanguage: 'ta-IN' });
    expect(fromBook.stats.book.language).toBe('ta');
    const fromFlag = await publishDataset({
      inDir,
      outDir,
      shapes: SHAPES,
      language: 'en',
      bookLanguage: 'ta',
    });
    expect(fromFlag.stats.book.language).toBe('en');
    expect(await readFile(`${outDir}/README.md`, 'utf8')).toContain('language:\n  - "en"');
  });
});
