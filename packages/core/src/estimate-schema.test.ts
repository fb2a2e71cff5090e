import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type EstimateFile, readEstimateFile } from './estimate-schema.js';
import { sha256File } from './hash.js';

const estimate: EstimateFile = {
  schemaVersion: 1,
  requestsFile: 'requests.jsonl',
  requestsSha256: 'ab'.repeat(32),
  model: 'gpt-4o-mini',
  requests: 2,
  inputTokens: 100,
  cachedInputTokens: 0,
  outputTokens: 50,
  outputBasis: 'max_completion_tokens',
  requestsAtModelLimit: 0,
  modelOutputLimit: 16384,
  costUsd: 0.0001,
  costUsdStandard: 0.0002,
  perTemplate: { explain: { requests: 2, inputTokens: 100, outputTokens: 50 } },
};

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'km-estimate-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readEstimateFile', () => {
  it('reads the estimate generate wrote', async () => {
    await writeFile(join(dir, 'estimate.json'), JSON.stringify(estimate));
    expect(await readEstimateFile(join(dir, 'estimate.json'))).toEqual(estimate);
  });

  it('says to run generate when there is none', async () => {
    await expect(readEstimateFile(join(dir, 'estimate.json'))).rejects.toMatchObject({
      code: 'ESTIMATE_MISSING',
      hint: expect.stringContaining('kalvimate generate'),
    });
  });

  it('refuses an estimate of other requests than the file holds now', async () => {
    await writeFile(join(dir, 'requests.jsonl'), '{"custom_id":"a"}\n');
    await writeFile(join(dir, 'estimate.json'), JSON.stringify(estimate));
    await expect(
      readEstimateFile(join(dir, 'estimate.json'), { requestsFile: join(dir, 'requests.jsonl') }),
    ).rejects.toMatchObject({ code: 'ESTIMATE_STALE', hint: expect.stringContaining('generate') });
    const matching = { ...estimate, requestsSha256: await sha256File(join(dir, 'requests.jsonl')) };
    await writeFile(join(dir, 'estimate.json'), JSON.stringify(matching));
    expect(
      await readEstimateFile(join(dir, 'estimate.json'), { requestsFile: join(dir, 'requests.jsonl') }),
    ).toEqual(matching);
  });

  it('refuses an estimate of another schema version, naming the field', async () => {
    await writeFile(join(dir, 'estimate.json'), JSON.stringify({ ...estimate, schemaVersion: 2 }));
    await expect(readEstimateFile(join(dir, 'estimate.json'))).rejects.toMatchObject({
      code: 'ESTIMATE_INVALID',
      message: expect.stringContaining('field schemaVersion'),
    });
  });
});
