// Receipts of commands that changed nothing: a later run of the same command line, in the same folder
// and environment, with every file it read unchanged, prints the recorded output without doing the work
// again (as a build tool replays a cached task's log). Node's built-ins only: the CLI's launcher loads
// this before, and often instead of, the program.
export {
  buildIdOf,
  environmentDigest,
  fnv64,
  mayBeTerminal,
  type ReceiptKey,
  receiptKeyOf,
  sameKey,
  terminalsOf,
} from './key.js';
export { ReceiptRecorder } from './recorder.js';
export {
  openReceiptSession,
  type ReceiptSession,
  recordReceipt,
  replayReceipt,
  type SessionInput,
} from './session.js';
export {
  cacheRootOf,
  type OutputChunk,
  pruneOldest,
  type Receipt,
  receiptDirOf,
  receiptFileOf,
  replayOutput,
  writeReceipt,
} from './store.js';
export {
  checkPaths,
  type FileVersion,
  RACY_MS,
  unchangedPaths,
  type WatchedPath,
  watchPaths,
} from './watch.js';
