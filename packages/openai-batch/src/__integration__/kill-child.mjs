// A submit run in its own process, for the kill-and-resume test. Prints each log line as it happens.
// Usage: node kill-child.mjs <manifest> <dataDir> <baseURL>   (key in KM_TEST_KEY)
import { join } from 'node:path';
import { partsFromManifest, submit } from '../../dist/index.js';

const [manifest, dataDir, baseURL] = process.argv.slice(2);
const say = (message) => process.stdout.write(`${message}\n`);
const summary = await submit(await partsFromManifest(manifest), {
  outDir: join(dataDir, 'clean_outputs'),
  ledgerPath: join(dataDir, 'batches', 'ledger.json'),
  connection: { apiKey: process.env.KM_TEST_KEY, baseURL },
  pollInterval: 0.01,
  reporter: { phase() {}, progress() {}, info: say, warn: say, debug: say },
});
say(`DONE ${summary.succeeded}/${summary.requests} created=${summary.batchesCreated}`);
