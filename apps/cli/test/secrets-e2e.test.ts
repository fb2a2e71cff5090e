// End to end: a server that repeats the caller's key in its error messages (as some proxies do), through
// `kalvimate run` (submit and publish to the Hub emulator) and `kalvimate report`. The key must reach no
// file under the data folder and nothing the Hub receives.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { clearRegisteredSecrets } from '@kalvimate/core';
import { createTempDir, type TempDir } from '@kalvimate/testkit';
import { type HubEmulator, startHubEmulator } from '@kalvimate/testkit/hub-emulator';
import { defaultReply, type OpenAIEmulator, startOpenAIEmulator } from '@kalvimate/testkit/openai-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-harness.js';

// Shaped like no known key, so only its registration (from OPENAI_API_KEY) can catch it.
const KEY = 'proxy-key-Leak0123456789abcdef';
const REPO = 'kalvimate-tester/echoed-key';

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('a key the server echoes in errors', () => {
  let api: OpenAIEmulator;
  let hub: HubEmulator;
  let dir: TempDir;

  beforeAll(async () => {
    let failed = 0;
    api = await startOpenAIEmulator({
      apiKey: KEY,
      echoKeyInErrors: true,
      validatingMs: 1,
      batchLatencyMs: 5,
      finalizingMs: 1,
      // Two requests fail with an error the server dresses with the key; the rest are answered.
      respond: (body, customId) =>
        failed++ < 2 ? { status: 400, error: { message: 'Invalid request' } } : defaultReply(body, customId),
    });
    hub = await startHubEmulator();
    dir = await createTempDir('km-secrets-e2e-');
  }, 60_000);

  afterAll(async () => {
    await api?.close();
    await hub?.close();
    await dir?.remove();
    clearRegisteredSecrets();
  });

  it('reaches no file of the data folder and nothing sent to the Hub', async () => {
    const env = {
      OPENAI_API_KEY: KEY,
      OPENAI_BASE_URL: api.baseURL,
      HF_TOKEN: hub.token,
      HF_ENDPOINT: hub.hubUrl,
    };
    const run = await runCli(
      ['run', '--sample', '--yes', '--poll-interval', '0.01', '--limit', '6', '--repo-id', REPO],
      { cwd: dir.path, env },
    );
    expect(run.stderr).toContain('[publish] uploading to');
    const report = await runCli(['report'], { cwd: dir.path, env });
    expect(report.code).toBe(0);

    // The server did echo the key, in the lines of an error file (the ledger counts them by reason).
    const batches = api.listBatches();
    const errorFiles = batches.flatMap((b) =>
      b.error_file_id ? [api.fileContent(b.error_file_id) ?? ''] : [],
    );
    expect(errorFiles.some((text) => text.includes(KEY))).toBe(true);

    // Nothing of ours holds it: output, every file of the data folder, everything on the Hub.
    expect(run.stdout + run.stderr + report.stdout + report.stderr).not.toContain(KEY);
    const data = join(dir.path, 'data');
    const written = await filesUnder(data);
    for (const name of ['batches/ledger.json', 'dataset/rejects.jsonl', 'report.html'])
      expect(written).toContain(join(data, name));
    expect(written.some((path) => path.endsWith('.errors.jsonl'))).toBe(true);
    for (const path of written) expect(await readFile(path, 'latin1'), path).not.toContain(KEY);
    expect(await readFile(join(data, 'batches', 'ledger.json'), 'utf8')).toContain('[REDACTED]');
    const rejects = await readFile(join(data, 'dataset', 'rejects.jsonl'), 'utf8');
    expect(rejects).toContain('(request from key [REDACTED])');
    for (const line of rejects.trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow();

    expect(hub.commits(REPO, 'dataset')).toHaveLength(1);
    const onHub = hub.listFiles(REPO, 'dataset');
    expect(onHub).toContain('rejects.jsonl');
    for (const path of onHub)
      expect(hub.readFile(REPO, path, 'dataset')?.toString('latin1'), path).not.toContain(KEY);
    for (const commit of hub.commits(REPO, 'dataset'))
      expect(`${commit.title}\n${commit.description}`).not.toContain(KEY);
  }, 120_000);
});
