// A worker thread that runs the offline stages of one book at a time for `runBooksOnThreads`.
import { parentPort, workerData } from 'node:worker_threads';
import { type CatalogueBook, workspacePaths } from '@kalvimate/core';
import { readSecrets } from '../environment.js';
import { DEFAULT_STAGES } from '../plan.js';
import { runBook } from './book-run.js';
import { type BookThreadMessage, type BookThreadSetup, toThreadError } from './book-threads.js';

const setup = workerData as BookThreadSetup;
const port = parentPort;
if (port) {
  port.on('message', async (book: CatalogueBook) => {
    const post = (message: BookThreadMessage) => port.postMessage(message);
    try {
      const result = await runBook(
        {
          paths: workspacePaths(setup.dataDir),
          config: setup.config,
          options: setup.options,
          // The offline stages need no secret: none crosses into the thread.
          secrets: readSecrets({}),
          hub: {},
          stages: DEFAULT_STAGES,
          policy: setup.policy,
          now: () => Date.now(),
        },
        book,
        (event) => post({ type: 'event', event }),
      );
      post({ type: 'done', result });
    } catch (error) {
      post({ type: 'error', error: toThreadError(error) });
    }
  });
}
