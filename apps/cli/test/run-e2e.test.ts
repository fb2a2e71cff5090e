// End to end: the fixture textbook (../shared/fixtures/kalvimate-science-9.epub) through every stage
// of `kalvimate run` with the real stages and SDKs, against the local OpenAI and Hub emulators; then a
// second run that must make no API call and no new Hub commit.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { clearRegisteredSecrets } from '@kalvimate/core';
import { createTempDir, sharedFixture, type TempDir } from '@kalvimate/testkit';
import { type HubEmulator, startHubEmulator } from '@kalvimate/testkit/hub-emulator';
import { type OpenAIEmulator, startOpenAIEmulator } from '@kalvimate/testkit/openai-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-harness.js';

const epub = sharedFixture('kalvimate-science-9.epub');
const REPO = 'kalvimate-tester/science-9';

describe.skipIf(!epub)('kalvimate run on the fixture textbook against the emulators', () => {
  let api: OpenAIEmulator;
  let hub: HubEmulator;
  let dir: TempDir;
  let env: Record<string, string>;

  beforeAll(async () => {
    api = await startOpenAIEmulator({ validatingMs: 1, batchLatencyMs: 5, finalizingMs: 1 });
    hub = await startHubEmulator();
    dir = await createTempDir('km-run-e2e-');
    env = {
      OPENAI_API_KEY: api.apiKey,
      OPENAI_BASE_URL: api.baseURL,
      HF_TOKEN: hub.token,
      HF_ENDPOINT: hub.hubUrl,
    };
  }, 60_000);

  afterAll(async () => {
    await api?.close();
    await hub?.close();
    await dir?.remove();
    clearRegisteredSecrets();
  });

  const argv = () => [
    '--json',
    'run',
    String(epub),
    '--yes',
    '--poll-interval',
    '0.01',
    '--limit',
    '24',
    '--repo-id',
    REPO,
  ];

  it('runs every stage, publishes one commit and writes a full report', async () => {
    const { code, stdout, stderr } = await runCli(argv(), { cwd: dir.path, env });
    expect(stderr).not.toContain('error:');
    expect(code).toBe(0);
    const summary = JSON.parse(stdout);
    expect(summary.ok).toBe(true);
    expect(summary.stages.map((s: { stage: string; status: string }) => `${s.stage}:${s.status}`)).toEqual([
      'extract:ran',
      'preprocess:ran',
      'generate:ran',
      'split:ran',
      'submit:ran',
      'judge:ran',
      'publish:ran',
    ]);
    expect(summary.spend).toEqual({ decision: 'submit', submitted: true });
    expect(stderr).toMatch(/before submitting:\n {2}estimate for gpt-4o-mini: \d+ requests/);
    expect(api.listBatches().length).toBeGreaterThan(0);
    expect(hub.commits(REPO, 'dataset')).toHaveLength(1);
    expect(existsSync(dir.join('data', 'dataset', 'stats.json'))).toBe(true);
    const html = await readFile(dir.join('data', 'report.html'), 'utf8');
    expect(html).not.toContain('Not run yet');
    expect(html).toContain('Estimated and actual tokens');
    expect(html).toContain('Conversations per prompt template');
    // Secrets never reach the output or the files we write.
    expect(stdout + stderr).not.toContain(api.apiKey);
    expect(stdout + stderr).not.toContain(hub.token);
    expect(await readFile(dir.join('data', 'run-state.json'), 'utf8')).not.toContain(hub.token);
  }, 120_000);

  it('makes no API call and no Hub commit on a second run with the same inputs', async () => {
    const apiCalls = api.calls.length;
    const commits = hub.commits(REPO, 'dataset').length;
    const { code, stdout } = await runCli(argv(), { cwd: dir.path, env });
    expect(code).toBe(0);
    const summary = JSON.parse(stdout);
    expect(summary.stages.every((s: { status: string }) => s.status === 'skipped')).toBe(true);
    expect(api.calls.length).toBe(apiCalls);
    expect(hub.commits(REPO, 'dataset')).toHaveLength(commits);
  }, 60_000);
});
