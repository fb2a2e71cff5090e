// `kalvimate run` benchmark on the fixture textbook (../shared/fixtures/kalvimate-science-9.epub):
// wall time of the offline stages alone (no API key: extract, preprocess, generate, split, estimate,
// report), of the whole pipeline against the local OpenAI and Hub emulators with their simulated
// latency set to zero, and of a second run that has nothing to redo.
// Usage: pnpm --filter kalvimate bench   (needs a build: pnpm build)

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { createTempDir, sharedFixture } from '@kalvimate/testkit';
import { startHubEmulator } from '@kalvimate/testkit/hub-emulator';
import { startOpenAIEmulator } from '@kalvimate/testkit/openai-emulator';
import { main } from '../dist/index.js';

const epub = sharedFixture('kalvimate-science-9.epub');
if (!epub) {
  console.log('bench: the fixture textbook is absent; nothing measured');
  process.exit(0);
}

function quietIO(cwd, env) {
  const sink = () => {
    const s = new PassThrough();
    s.resume();
    return s;
  };
  return { stdout: sink(), stderr: sink(), stdin: new PassThrough(), env, cwd };
}

async function timed(label, argv, cwd, env) {
  const start = process.hrtime.bigint();
  const code = await main(argv, quietIO(cwd, env));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const state = JSON.parse(
    await readFile(join(cwd, 'data', 'run-state.json'), 'utf8').catch(() => '{"stages":{}}'),
  );
  const stages = Object.fromEntries(
    Object.entries(state.stages).map(([name, s]) => [
      name,
      s.durationMs === undefined ? null : s.durationMs / 1000,
    ]),
  );
  console.log(`${label}: ${seconds.toFixed(2)} s (exit ${code})`);
  console.log(`  last recorded stage times (s): ${JSON.stringify(stages)}`);
  return { code, seconds };
}

const base = { PATH: process.env.PATH, CI: '1' };

// 1. Offline stages alone, as on a fresh machine with no key.
const offline = await createTempDir('km-bench-offline-');
await timed('offline stages, first run', ['run', epub], offline.path, base);
await timed('offline stages, second run (nothing to redo)', ['run', epub], offline.path, base);
await offline.remove();

// 2. The whole pipeline against the emulators, with zero simulated latency.
const api = await startOpenAIEmulator({ validatingMs: 0, batchLatencyMs: 0, finalizingMs: 0 });
const hub = await startHubEmulator();
const env = {
  ...base,
  OPENAI_API_KEY: api.apiKey,
  OPENAI_BASE_URL: api.baseURL,
  HF_TOKEN: hub.token,
  HF_ENDPOINT: hub.hubUrl,
};
const full = await createTempDir('km-bench-full-');
const argv = ['run', epub, '--yes', '--poll-interval', '0.01', '--repo-id', 'kalvimate-tester/science-9'];
try {
  const first = await timed('end to end against the emulators, first run', argv, full.path, env);
  if (first.code !== 0) console.log('  (the run did not finish; see `kalvimate run` on its own for why)');
  const calls = api.calls.length;
  await timed('end to end, second run (no API call expected)', argv, full.path, env);
  console.log(`  API calls: ${calls} in the first run, ${api.calls.length - calls} in the second`);
} finally {
  await api.close();
  await hub.close();
  await full.remove();
}
