// Runs the whole pipeline as a library on the bundled sample book, against the local OpenAI and Hub
// emulators of @kalvimate/testkit: no key, no network, no money. `pnpm --filter @kalvimate/pipeline example`
// (after `pnpm build`). With a real key, drop the emulators and the `openai`/`hub`/`env` options.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPipelineIter } from '@kalvimate/pipeline';
import { REPO_ROOT } from '@kalvimate/testkit';
import { startHubEmulator } from '@kalvimate/testkit/hub-emulator';
import { startOpenAIEmulator } from '@kalvimate/testkit/openai-emulator';

const started = performance.now();
const api = await startOpenAIEmulator({ validatingMs: 1, batchLatencyMs: 5, finalizingMs: 1 });
const hub = await startHubEmulator();
const dataDir = await mkdtemp(join(tmpdir(), 'kalvimate-example-'));
try {
  const run = runPipelineIter({
    epub: join(REPO_ROOT, 'samples', 'sample-science.epub'),
    dataDir,
    yes: true,
    maxCostUsd: 1,
    limit: 6,
    pollInterval: 0.05,
    repoId: 'kalvimate-tester/science-sample',
    // The same variables the CLI reads; here they point at the emulators.
    env: {
      OPENAI_API_KEY: api.apiKey,
      OPENAI_BASE_URL: api.baseURL,
      HF_TOKEN: hub.token,
      HF_ENDPOINT: hub.hubUrl,
    },
  });
  let next = await run.next();
  for (; !next.done; next = await run.next()) {
    const event = next.value;
    if (event.type === 'stage-end') console.log(`${event.stage}: ${event.outcome.status}`);
    if (event.type === 'estimate')
      console.log(`estimate: ${event.estimate.requests} requests, $${event.estimate.costUsd.toFixed(4)}`);
  }
  const result = next.value;
  console.log(`dataset: ${result.dataset?.conversations} conversations in ${result.dataset?.dir}`);
  console.log(`report: ${result.reportFile}`);
  console.log(`took ${((performance.now() - started) / 1000).toFixed(2)} s`);
} finally {
  await api.close();
  await hub.close();
  await rm(dataDir, { recursive: true, force: true });
}
