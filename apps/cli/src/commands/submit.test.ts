import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { clearRegisteredSecrets } from '@kalvimate/core';
import { createTempDir, type TempDir } from '@kalvimate/testkit';
import { type OpenAIEmulator, startOpenAIEmulator } from '@kalvimate/testkit/openai-emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli-harness.js';
import { writePartsFixture } from '../../test/parts-fixture.js';

let dir: TempDir;
let api: OpenAIEmulator;

/** Two parts of two requests and the splitter's manifest into <dir>/data/openai_inputs/parts. */
const writeParts = () =>
  writePartsFixture(
    join(dir.path, 'data'),
    [
      ['ch1-t1', 'ch1-t2'],
      ['ch2-t1', 'ch2-t2'],
    ],
    15,
  );

const env = () => ({ OPENAI_API_KEY: api.apiKey, OPENAI_BASE_URL: api.baseURL });
const submit = (args: string[] = [], extraEnv: Record<string, string | undefined> = env()) =>
  runCli(['submit', '--poll-interval', '0.01', ...args], { cwd: dir.path, env: extraEnv });

beforeEach(async () => {
  dir = await createTempDir('km-cli-submit-');
  api = await startOpenAIEmulator({
    customIdOf: (body) => /Explain (\S+)\./.exec(JSON.stringify(body))?.[1],
  });
});
afterEach(async () => {
  clearRegisteredSecrets();
  await api.close();
  await dir.remove();
});

describe('kalvimate submit', { timeout: 30_000 }, () => {
  it('says what it reads and writes in --help', async () => {
    const { code, stdout } = await runCli(['submit', '--help']);
    expect(code).toBe(0);
    for (const text of [
      '--no-wait',
      '--poll-interval',
      '--max-attempts',
      '--mode',
      '--queue-tokens',
      'ledger.json',
    ])
      expect(stdout).toContain(text);
  });

  it('runs every part, downloads the results, and a second run has nothing to do', async () => {
    await writeParts();
    const first = await submit(['--json']);
    expect(first.code).toBe(0);
    const summary = JSON.parse(first.stdout);
    expect(summary).toMatchObject({
      ok: true,
      command: 'submit',
      succeeded: 4,
      requests: 4,
      batchesCreated: 2,
    });
    expect((await readdir(join(dir.path, 'data', 'clean_outputs'))).sort()).toEqual([
      'part-001.output.jsonl',
      'part-002.output.jsonl',
    ]);
    const calls = api.calls.length;
    const second = await submit();
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('nothing to do');
    expect(api.calls.length).toBe(calls);
  });

  it('says what the parts will cost before it sends anything', async () => {
    await writeParts();
    const { code, stdout, stderr } = await submit(['--json']);
    expect(code).toBe(0);
    expect(stderr).toContain('before submitting 2 part(s)');
    expect(stderr).toMatch(/estimate for gpt-4o-mini: 4 requests, \d+ input tokens/);
    const { estimate } = JSON.parse(stdout) as { estimate: { requests: number; costUsd: number } };
    expect(estimate.requests).toBe(4);
    expect(estimate.costUsd).toBeGreaterThan(0);
  });

  it('refuses with --max-cost under the estimate: exit 2, no API call, no ledger', async () => {
    await writeParts();
    const { code, stderr } = await submit(['--max-cost', '0']);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /error: the estimate of \$[\d.]+ is over --max-cost \$0\.00; nothing was submitted/,
    );
    expect(api.calls).toEqual([]);
    expect(existsSync(join(dir.path, 'data', 'batches', 'ledger.json'))).toBe(false);
  });

  it("guards with the model's output limit for requests without max_completion_tokens, not 0", async () => {
    await writeParts();
    // 4 requests × 16,384 output tokens at $0.30/M (batch) is about $0.02; counted as 0 it was $0.00001.
    const { code, stderr } = await submit(['--max-cost', '0.01']);
    expect(code).toBe(2);
    expect(stderr).toContain(
      "at most 65,536 output tokens (no request sets max_completion_tokens: each is counted at gpt-4o-mini's output limit",
    );
    expect(stderr).toMatch(/error: the estimate of \$0\.02 is over --max-cost \$0\.01/);
    expect(api.calls).toEqual([]);
  });

  it('holds --mode direct to the standard-price estimate', async () => {
    await writeParts();
    // About $0.02 at batch prices and $0.04 at standard ones (4 requests at the output limit).
    const { code, stderr } = await submit(['--mode', 'direct', '--max-cost', '0.03']);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /error: the estimate of \$0\.04 at standard prices \(direct mode\) is over --max-cost \$0\.03; nothing was submitted/,
    );
    expect(api.calls).toEqual([]);
  });

  it('holds the automatic switch to direct mode to the standard-price estimate, before sending anything', async () => {
    await api.close();
    api = await startOpenAIEmulator({ batchApi: false });
    await writeParts();
    const refused = await submit(['--max-cost', '0.03']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /error: the server has no Batch API, so the requests would be sent one by one \(direct mode\): the estimate of \$0\.04 at standard prices \(direct mode\) is over --max-cost \$0\.03/,
    );
    expect(api.calls.filter((c) => c.method === 'POST')).toEqual([]);
    const paid = await submit(['--max-cost', '0.05']);
    expect(paid.code).toBe(0);
    expect(paid.stderr).toContain('direct mode pays standard prices: about $0.04 for these parts, not $0.02');
  });

  it('takes part files as arguments', async () => {
    await writeParts();
    const { code, stdout } = await submit(['data/openai_inputs/parts/part-002.jsonl']);
    expect(code).toBe(0);
    expect(stdout).toContain('2/2 request(s) have a result');
    expect(api.listBatches()).toHaveLength(1);
  });

  it('names the requests still without a result and exits 3', async () => {
    await writeParts();
    api.faults.failCustomIds.add('ch2-t1');
    const { code, stdout } = await submit(['--max-attempts', '2']);
    expect(code).toBe(3);
    expect(stdout).toMatch(
      /1 request\(s\) have no result after 2 attempt\(s\):\n {2}ch2-t1 \(part-002\.jsonl\): HTTP 500/,
    );
  });

  it('sends the requests directly with --mode direct', async () => {
    await writeParts();
    const { code, stdout } = await submit(['--mode', 'direct', '--concurrency', '2']);
    expect(code).toBe(0);
    expect(stdout).toContain('direct mode');
    expect(api.calls.some((c) => c.path.startsWith('/v1/batches'))).toBe(false);
  });

  it('returns after submitting with --no-wait', async () => {
    await api.close();
    api = await startOpenAIEmulator({ batchLatencyMs: 5000 });
    await writeParts();
    const { code, stdout } = await submit(['--no-wait']);
    expect(code).toBe(0);
    expect(stdout).toContain('4 request(s) still running or queued');
  });
});

describe('kalvimate submit refuses clearly', { timeout: 30_000 }, () => {
  it('names OPENAI_API_KEY when it is missing, before writing anything', async () => {
    await writeParts();
    const { code, stderr } = await submit([], {});
    expect(code).toBe(2);
    expect(stderr).toMatch(/^error: no OpenAI API key: OPENAI_API_KEY is not set\nhint: /);
    expect(await readdir(join(dir.path, 'data'))).toEqual(['openai_inputs']);
    expect(api.calls).toEqual([]);
  });

  it('names the server it cannot reach', async () => {
    await writeParts();
    const url = api.baseURL;
    await api.close();
    api = await startOpenAIEmulator();
    const { code, stderr } = await submit([], {
      OPENAI_API_KEY: 'sk-test-abcdefghijklmnopqrst',
      OPENAI_BASE_URL: url,
    });
    expect(code).toBe(3);
    expect(stderr).toContain(`cannot reach the OpenAI API at ${url}`);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('never prints the user-info or query string of OPENAI_BASE_URL, with --verbose or --json', async () => {
    await writeParts();
    const port = new URL(api.baseURL).port;
    await api.close();
    api = await startOpenAIEmulator();
    const env = {
      OPENAI_API_KEY: 'sk-test-abcdefghijklmnopqrst',
      OPENAI_BASE_URL: `http://user:s3cretpw@127.0.0.1:${port}/v1?api-key=qsecret123`,
    };
    const verbose = await submit(['--verbose'], env);
    const json = await submit(['--json'], env);
    expect(verbose.code).toBe(3);
    expect(verbose.stderr).toContain(`cannot reach the OpenAI API at http://127.0.0.1:${port}/v1`);
    expect(JSON.parse(json.stdout).error.message).toContain(`http://127.0.0.1:${port}/v1 `);
    for (const out of [verbose, json])
      expect(out.stdout + out.stderr).not.toMatch(/s3cretpw|qsecret123|user:/);
  });

  it('asks for split first when there is no manifest', async () => {
    const { code, stderr } = await submit();
    expect(code).toBe(2);
    expect(stderr).toContain('manifest.json not found');
    expect(stderr).toContain('kalvimate split');
  });

  it('refuses an unknown mode and a bad poll interval', async () => {
    expect((await submit(['--mode', 'fast'])).code).toBe(2);
    const bad = await submit(['--poll-interval', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('expected seconds');
  });

  it('never shows or stores the key', async () => {
    await writeParts();
    const key = api.apiKey;
    const run = await submit(['--json', '--verbose']);
    expect(run.code).toBe(0);
    expect(run.stdout + run.stderr).not.toContain(key);
    const wrong = await submit(['--verbose'], {
      OPENAI_API_KEY: 'sk-wrong-0123456789abcdef',
      OPENAI_BASE_URL: api.baseURL,
    });
    expect(wrong.stdout + wrong.stderr).not.toContain('sk-wrong-0123456789abcdef');
    let found = '';
    try {
      found = execFileSync('grep', ['-rl', key, join(dir.path, 'data')], { encoding: 'utf8' });
    } catch {
      found = '';
    }
    expect(found).toBe('');
  });
});
