// One side of the lock race (see lock-race.mjs); not a benchmark of its own.
//   node lock-race-child.mjs submit <dataDir> <baseURL> <apiKey> <startAtMs>
//     loads everything, waits until startAtMs (so that two children start at the same moment), then runs
//     one `submit --no-wait` on <dataDir>; prints one JSON line: {ok, batches} or {ok: false, code}.
//   node lock-race-child.mjs hold <dataDir>
//     takes the ledger lock, prints "held" and waits to be killed (kill -9 leaves a stale lock behind).

import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { takeLedgerLock } from '../dist/lock.js';

const [mode, dataDir, baseURL, apiKey, startAt] = process.argv.slice(2);

if (mode === 'hold') {
  await takeLedgerLock(join(dataDir, 'batches'), 'hold');
  process.stdout.write('held\n');
  await delay(600_000);
} else {
  const { partsFromManifest, submit } = await import('../dist/index.js');
  const input = await partsFromManifest(join(dataDir, 'openai_inputs', 'parts', 'manifest.json'));
  await delay(Math.max(0, Number(startAt) - Date.now()));
  try {
    const summary = await submit(input, {
      outDir: join(dataDir, 'clean_outputs'),
      ledgerPath: join(dataDir, 'batches', 'ledger.json'),
      connection: { apiKey, baseURL },
      wait: false,
    });
    process.stdout.write(`${JSON.stringify({ ok: true, batches: summary.batchesCreated })}\n`);
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ ok: false, code: error.code ?? String(error) })}\n`);
  }
}
