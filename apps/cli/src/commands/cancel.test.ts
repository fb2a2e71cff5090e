import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { clearRegisteredSecrets } from '@kalvimate/core';
import { createTempDir, type TempDir } from '@kalvimate/testkit';
import { type OpenAIEmulator, startOpenAIEmulator } from '@kalvimate/testkit/openai-emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli-harness.js';
import { writePartsFixture } from '../../test/parts-fixture.js';

let dir: TempDir;
let api: OpenAIEmulator;

/** One part of three requests with its manifest. */
const writePart = () => writePartsFixture(join(dir.path, 'data'), [['a', 'b', 'c']]);

beforeEach(async () => {
  dir = await createTempDir('km-cli-cancel-');
  api = await startOpenAIEmulator({ batchLatencyMs: 5000 });
});
afterEach(async () => {
  clearRegisteredSecrets();
  await api.close();
  await dir.remove();
});

describe('kalvimate cancel', { timeout: 30_000 }, () => {
  it('cancels the running batches, records it, and submit later sends the rest again', async () => {
    const env = { OPENAI_API_KEY: api.apiKey, OPENAI_BASE_URL: api.baseURL };
    await writePart();
    expect((await runCli(['submit', '--no-wait'], { cwd: dir.path, env })).code).toBe(0);
    const { code, stdout } = await runCli(['cancel'], { cwd: dir.path, env });
    expect(code).toBe(0);
    expect(stdout).toMatch(/cancelled batch_\S+ \(part-001\.jsonl\): (cancelling|cancelled)/);
    const ledger = JSON.parse(await readFile(join(dir.path, 'data', 'batches', 'ledger.json'), 'utf8'));
    expect(ledger.parts[0].attempts[0].batches[0].cancelRequested).toBe(true);
    expect(api.calls.filter((c) => c.path.endsWith('/cancel'))).toHaveLength(1);

    api.faults.batchLatencyMs = 1;
    const resumed = await runCli(['submit', '--poll-interval', '0.01', '--json'], { cwd: dir.path, env });
    expect(resumed.code).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ succeeded: 3, retryParts: 1 });
  });

  it('says when nothing runs, without needing a key, and names a missing ledger', async () => {
    const missing = await runCli(['cancel'], { cwd: dir.path });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no batches to cancel');
    await api.close();
    api = await startOpenAIEmulator();
    await writePart();
    const env = { OPENAI_API_KEY: api.apiKey, OPENAI_BASE_URL: api.baseURL };
    expect((await runCli(['submit', '--poll-interval', '0.01'], { cwd: dir.path, env })).code).toBe(0);
    const { code, stdout } = await runCli(['cancel'], { cwd: dir.path });
    expect(code).toBe(0);
    expect(stdout).toContain('nothing to cancel');
  });

  it('refuses while a submit works on the same data folder', async () => {
    const env = { OPENAI_API_KEY: api.apiKey, OPENAI_BASE_URL: api.baseURL };
    await writePart();
    expect((await runCli(['submit', '--no-wait'], { cwd: dir.path, env })).code).toBe(0);
    await writeFile(join(dir.path, 'data', 'batches', '.submit.lock'), `${process.ppid}\n`);
    const { code, stderr } = await runCli(['cancel'], { cwd: dir.path, env });
    expect(code).toBe(2);
    expect(stderr).toContain('another kalvimate submit');
    expect(api.calls.some((c) => c.path.endsWith('/cancel'))).toBe(false);
  });
});
