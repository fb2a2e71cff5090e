import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../test/temp-dir.js';
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

const temp = useTempDir('km-estimate-');

describe('readEstimateFile', () => {
  it('reads the estimate generate wrote', async () => {
    await writeFile(join(temp.path(), 'estimate.json'), JSON.stringify(estimate));
    expect(await readEstimateFile(join(temp.path(), 'estimate.json'))).toEqual(estimate);
  });

  it('says to run generate when there is none', async () => {
    await expect(readEstimateFile(join(temp.path(), 'estimate.json'))).rejects.toMatchObject({
      code: 'ESTIMATE_MISSING',
      hint: expect.stringContaining('kalvimate generate'),
    });
  });

  it('refuses an estimate of other requests than the file holds now', async () => {
    await writeFile(join(temp.path(), 'requests.jsonl'), '{"custom_id":"a"}\n');
    await writeFile(join(temp.path(), 'estimate.json'), JSON.stringify(estimate));
    await expect(
      readEstimateFile(join(temp.path(), 'estimate.json'), {
        requestsFile: join(temp.path(), 'requests.jsonl'),
      }),
    ).rejects.toMatchObject({ code: 'ESTIMATE_STALE', hint: expect.stringContaining('generate') });
    const matching = { ...estimate, requestsSha256: await sha256File(join(temp.path(), 'requests.jsonl')) };
    await writeFile(join(temp.path(), 'estimate.json'), JSON.stringify(matching));
    expect(
      await readEstimateFile(join(temp.path(), 'estimate.json'), {
        requestsFile: join(temp.path(), 'requests.jsonl'),
      }),
    ).toEqual(matching);
  });

  it('refuses an estimate of another schema version, naming the field', async () => {
    await writeFile(join(temp.path(), 'estimate.json'), JSON.stringify({ ...estimate, schemaVersion: 2 }));
    await expect(readEstimateFile(join(temp.path(), 'estimate.json'))).rejects.toMatchObject({
      code: 'ESTIMATE_INVALID',
      message: expect.stringContaining('field schemaVersion'),
    });
  });
});
