import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { clearRegisteredSecrets } from '@kalvimate/core';
import { createTempDir, type TempDir } from '@kalvimate/testkit';
import { type OpenAIEmulator, startOpenAIEmulator } from '@kalvimate/testkit/openai-emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli-harness.js';
import { writePartsFixture } from '../../test/parts-fixture.js';

let dir: TempDir;
let api: OpenAIEmulator | undefined;

/** One part of two requests with its manifest. */
const writePart = () => writePartsFixture(join(dir.path, 'data'), [['a', 'b']]);

beforeEach(async () => {
  dir = await createTempDir('km-cli-status-');
});
afterEach(async () => {
  clearRegisteredSecrets();
  await api?.close();
  api = undefined;
  await dir.remove();
});

describe('kalvimate status', { timeout: 30_000 }, () => {
  it('says there is nothing yet when no batch was submitted', async () => {
    const { code, stdout } = await runCli(['status'], { cwd: dir.path });
    expect(code).toBe(0);
    expect(stdout).toContain('no batches yet');
    expect(stdout).toContain('kalvimate submit');
  });

  it('shows each part with its batch, live state, counts and cost, as a table and as JSON', async () => {
    api = await startOpenAIEmulator({ batchLatencyMs: 60_000 });
    const env = { OPENAI_API_KEY: api.apiKey, OPENAI_BASE_URL: api.baseURL };
    await writePart();
    expect((await runCli(['submit', '--no-wait'], { cwd: dir.path, env })).code).toBe(0);
    const table = await runCli(['status'], { cwd: dir.path, env });
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^part\s+batch\s+state\s+results\s+batch counts\s+attempts\s+cost\n/);
    expect(table.stdout).toMatch(/part-001\.jsonl\s+batch_\S+\s+(validating|in_progress)\s+0\/2/);
    const json = await runCli(['status', '--json'], { cwd: dir.path, env });
    const summary = JSON.parse(json.stdout);
    expect(summary).toMatchObject({
      ok: true,
      command: 'status',
      live: true,
      totals: { requests: 2, running: 1 },
    });
    expect(summary.parts[0]).toMatchObject({
      part: 'part-001.jsonl',
      batch: { id: expect.stringMatching(/^batch_/) },
    });
  });

  it('shows the cost of the downloaded results once the parts are done, from the ledger alone', async () => {
    api = await startOpenAIEmulator();
    await writePart();
    const env = { OPENAI_API_KEY: api.apiKey, OPENAI_BASE_URL: api.baseURL };
    expect((await runCli(['submit', '--poll-interval', '0.01'], { cwd: dir.path, env })).code).toBe(0);
    const done = JSON.parse((await runCli(['status', '--json', '--offline'], { cwd: dir.path })).stdout);
    expect(done).toMatchObject({ live: false, totals: { succeeded: 2, running: 0 } });
    expect(done.parts[0].state).toBe('done');
    expect(done.parts[0].costUsd).toBeGreaterThan(0);
  });

  it('names a damaged ledger and exits 2', async () => {
    await mkdir(join(dir.path, 'data', 'batches'), { recursive: true });
    await writeFile(join(dir.path, 'data', 'batches', 'ledger.json'), '{"schemaVersion": 1, "parts": 3}');
    const { code, stderr } = await runCli(['status'], { cwd: dir.path });
    expect(code).toBe(2);
    expect(stderr).toMatch(/ledger\.json: not a KalviMate ledger/);
  });
});
