import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTempDir, type TempDir } from '@kalvimate/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli-harness.js';

let dir: TempDir;
beforeEach(async () => {
  dir = await createTempDir('km-split-cli-');
});
afterEach(async () => dir.remove());

const cli = (args: string[]) => runCli(args, { cwd: dir.path });
const request = (id: string, text = 'Explain inertia.') =>
  JSON.stringify({
    custom_id: id,
    method: 'POST',
    url: '/v1/chat/completions',
    body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: text }], max_completion_tokens: 100 },
  });

async function writeDefaultRequests(lines: string[]) {
  await mkdir(dir.join('data', 'openai_inputs'), { recursive: true });
  await writeFile(dir.join('data', 'openai_inputs', 'requests.jsonl'), `${lines.join('\n')}\n`);
}

describe('kalvimate split --help', () => {
  it('names every default', async () => {
    const { code, stdout: raw } = await cli(['split', '--help']);
    const stdout = raw.replace(/\s+/g, ' ');
    expect(code).toBe(0);
    for (const text of [
      'default: <data-dir>/openai_inputs/requests.jsonl',
      'default: <data-dir>/openai_inputs/parts',
      'default 50000',
      'default 209715200',
      "default: the model's batch queue limit",
      'default: the model in the first request',
      'rejected.jsonl',
    ])
      expect(stdout).toContain(text);
  });
});

describe('kalvimate split', () => {
  it('splits the default file into the default folder and prints a JSON summary', async () => {
    await writeDefaultRequests(['a', 'b', 'c'].map((id) => request(id)));
    const { code, stdout } = await cli(['split', '--max-requests', '2', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ parts: 2, requests: 3, rejected: 0, model: 'gpt-4o-mini' });
    const parts = dir.join('data', 'openai_inputs', 'parts');
    expect(existsSync(join(parts, 'requests.part-0002.jsonl'))).toBe(true);
    expect(JSON.parse(readFileSync(join(parts, 'manifest.json'), 'utf8')).limits.maxRequests).toBe(2);
  });

  it('takes FILE, --out, --max-tokens and --count-output-tokens, and limits from the config', async () => {
    await writeFile(dir.join('in.jsonl'), `${['a', 'b'].map((id) => request(id)).join('\n')}\n`);
    await writeFile(dir.join('kalvimate.config.json'), JSON.stringify({ split: { maxRequests: 1 } }));
    const { code, stdout } = await cli([
      'split',
      'in.jsonl',
      '--out',
      'p',
      '--max-tokens',
      '500',
      '--count-output-tokens',
      '--json',
    ]);
    expect(code).toBe(0);
    const summary = JSON.parse(stdout) as { parts: number; limits: Record<string, unknown>; tokens: number };
    expect(summary.parts).toBe(2);
    expect(summary.limits).toMatchObject({ maxRequests: 1, maxTokens: 500, countOutputTokens: true });
    expect(summary.tokens).toBeGreaterThan(200);
    expect(existsSync(dir.join('p', 'in.part-0001.jsonl'))).toBe(true);
  });

  it('writes the same parts whether it counts on the main thread or in a worker (--workers)', async () => {
    const lines = Array.from({ length: 40 }, (_, i) => request(`r${i}`, `Explain topic ${i} `.repeat(i + 1)));
    await writeFile(dir.join('in.jsonl'), `${lines.join('\n')}\n`);
    const main = await cli(['split', 'in.jsonl', '--out', 'main', '--max-tokens', '900', '--workers', '0']);
    const worker = await cli([
      'split',
      'in.jsonl',
      '--out',
      'worker',
      '--max-tokens',
      '900',
      '--workers',
      '1',
    ]);
    expect([main.code, worker.code]).toEqual([0, 0]);
    const manifest = (name: string) =>
      JSON.parse(readFileSync(dir.join(name, 'manifest.json'), 'utf8')) as { parts: { sha256: string }[] };
    expect(manifest('main').parts.length).toBeGreaterThan(1);
    expect(manifest('worker').parts.map((p) => p.sha256)).toEqual(
      manifest('main').parts.map((p) => p.sha256),
    );
  });

  it('refuses a thread count out of range with exit 2', async () => {
    await writeDefaultRequests([request('a')]);
    const { code, stderr } = await cli(['split', '--workers', '99']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/error: .*workers/);
    expect(existsSync(dir.join('data', 'openai_inputs', 'parts'))).toBe(false);
  });

  it('stops at an invalid line, naming its number, exit 2, writing nothing', async () => {
    await writeDefaultRequests([request('a'), request('a', 'again')]);
    const { code, stderr } = await cli(['split']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/error: .*requests\.jsonl:2: duplicate custom_id "a"/);
    expect(stderr).toContain('--skip-invalid');
    expect(existsSync(dir.join('data', 'openai_inputs', 'parts'))).toBe(false);
  });

  it('sets invalid lines aside with --skip-invalid and reports the count', async () => {
    await writeDefaultRequests([request('a'), 'not json', request('b')]);
    const { code, stdout, stderr } = await cli(['split', '--skip-invalid', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ requests: 2, rejected: 1 });
    expect(stderr).toContain('set aside 1 invalid line(s)');
    const rejected = readFileSync(dir.join('data', 'openai_inputs', 'parts', 'rejected.jsonl'), 'utf8');
    expect(JSON.parse(rejected)).toMatchObject({ line: 2, raw: 'not json' });
  });

  it('refuses a missing file and a limit over the Batch API maximum with exit 2', async () => {
    const missing = await cli(['split', 'none.jsonl']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('not found');
    await writeDefaultRequests([request('a')]);
    const over = await cli(['split', '--max-requests', '60000']);
    expect(over.code).toBe(2);
    expect(over.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(dir.join('data', 'openai_inputs', 'parts'))).toBe(false);
  });
});
