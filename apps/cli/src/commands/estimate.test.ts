import { writeFile } from 'node:fs/promises';
import { createTempDir, type TempDir } from '@kalvimate/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli-harness.js';

let dir: TempDir;
beforeEach(async () => {
  dir = await createTempDir('km-estimate-cli-');
});
afterEach(async () => dir.remove());

const cli = (args: string[]) => runCli(args, { cwd: dir.path });

const request = (id: string, text: string) =>
  JSON.stringify({
    custom_id: id,
    method: 'POST',
    url: '/v1/chat/completions',
    body: {
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'You are a patient tutor.' },
        { role: 'user', content: text },
      ],
      max_completion_tokens: 1000,
    },
  });
const result = (id: string, completion: number) =>
  JSON.stringify({
    id: `r-${id}`,
    custom_id: id,
    response: { status_code: 200, body: { usage: { prompt_tokens: 10, completion_tokens: completion } } },
    error: null,
  });

async function writeRequests() {
  await writeFile(
    dir.join('requests.jsonl'),
    `${request('a', 'Explain inertia.')}\n${request('b', 'விசை என்றால் என்ன?')}\n`,
  );
}

describe('kalvimate estimate', () => {
  it('explains in --help where the figures come from', async () => {
    const { code, stdout: raw } = await cli(['estimate', '--help']);
    const stdout = raw.replace(/\s+/g, ' ');
    expect(code).toBe(0);
    expect(stdout).toContain('--calibrate-from');
    expect(stdout).toContain('default: the model named in the requests');
    expect(stdout).toContain('max_completion_tokens');
  });

  it('prints the cost keys with --json; output is the max_completion_tokens bound without calibration', async () => {
    await writeRequests();
    const { code, stdout, stderr } = await cli(['estimate', 'requests.jsonl', '--json']);
    expect(code).toBe(0);
    const summary = JSON.parse(stdout) as Record<string, unknown>;
    expect(summary).toMatchObject({ requests: 2, outputTokens: 2000, outputBasis: 'max_completion_tokens' });
    for (const key of ['inputTokens', 'cachedInputTokens', 'costUsd', 'costUsdStandard'])
      expect(typeof summary[key]).toBe('number');
    expect(stderr).toContain('at batch rates');
  });

  it("bounds requests without max_completion_tokens by the model's output limit, and says so", async () => {
    const open = (id: string) =>
      JSON.stringify({
        custom_id: id,
        method: 'POST',
        url: '/v1/chat/completions',
        body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Write an MCQ.' }] },
      });
    await writeFile(
      dir.join('mcq.jsonl'),
      `${open('a')}\n${open('b')}\n${request('c', 'Explain inertia.')}\n`,
    );
    const json = await cli(['estimate', 'mcq.jsonl', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({
      outputTokens: 2 * 16_384 + 1000,
      outputBasis: 'model_output_limit',
      requestsAtModelLimit: 2,
      modelOutputLimit: 16_384,
    });
    const { stdout } = await cli(['estimate', 'mcq.jsonl']);
    expect(stdout).toContain(
      "at most 33,768 output tokens (2 request(s) without max_completion_tokens counted at gpt-4o-mini's output limit of 16,384 tokens, the rest at their max_completion_tokens",
    );
  });

  it('calibrates output tokens from earlier results with --calibrate-from', async () => {
    await writeRequests();
    await writeFile(dir.join('r1.jsonl'), `${result('a', 300)}\n`);
    await writeFile(dir.join('r2.jsonl'), `${result('b', 500)}\n`);
    const { code, stdout } = await cli([
      'estimate',
      'requests.jsonl',
      '--calibrate-from',
      'r1.jsonl',
      'r2.jsonl',
      '--json',
    ]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ outputTokens: 800, outputBasis: 'calibrated' });
  });

  it('prices with --model', async () => {
    await writeRequests();
    const mini = JSON.parse((await cli(['estimate', 'requests.jsonl', '--json'])).stdout) as {
      costUsd: number;
    };
    const big = JSON.parse(
      (await cli(['estimate', 'requests.jsonl', '--model', 'gpt-4o', '--json'])).stdout,
    ) as {
      costUsd: number;
      model: string;
    };
    expect(big.model).toBe('gpt-4o');
    expect(big.costUsd).toBeGreaterThan(mini.costUsd);
  });

  it('names the file and line of a malformed request, and a missing file, with exit 2', async () => {
    await writeFile(dir.join('bad.jsonl'), `${request('a', 'x')}\n{"custom_id": \n`);
    const bad = await cli(['estimate', 'bad.jsonl']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad\.jsonl:2: not valid JSON/);
    const missing = await cli(['estimate', 'none.jsonl']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('not found');
    const noArg = await cli(['estimate']);
    expect(noArg.code).toBe(2);
  });
});
