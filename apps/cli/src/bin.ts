#!/usr/bin/env node
// The launcher, built as CommonJS (dist/bin.cjs), which Node starts without its ES module loader; any
// command line but `--version`, help on a pipe and a `run` with a receipt loads the program: its
// CommonJS chunks (dist/index.cjs and those it requires), compiled through V8's code cache.
import { writeSync } from 'node:fs';
import {
  cacheRootOf,
  mayBeTerminal,
  openReceiptSession,
  recordReceipt,
  replayReceipt,
} from '@kalvimate/core/receipt';
import { endQuietlyOnClosedPipe, writeQuickly } from './closed-pipe.js';
import { codeCacheDirOf, createChunkLoader } from './code-cache.js';
import { quickHelp } from './quick-help.js';
import { quickVersion } from './quick-version.js';

const args = process.argv.slice(2);
const stream = (fd: 1 | 2) => (fd === 1 ? process.stdout : process.stderr);
// `--version` alone and help on a pipe cost what Node's start-up costs: no stdout stream, no V8 settings,
// no program. So does a `run` that did nothing and would do nothing again: it keeps a receipt of what it
// printed (@kalvimate/core/receipt). __dirname is dist/ (the ES module build defines it too).
const quick = quickVersion(args) ?? quickHelp(args, `${__dirname}/help.json`, () => mayBeTerminal(1));
const session =
  quick === undefined && args.includes('run')
    ? openReceiptSession({
        argv: args,
        cwd: process.env.INIT_CWD ?? process.cwd(),
        env: process.env,
        buildFile: `${__dirname}/index.js`,
        columnsOf: (fd) => stream(fd).columns,
      })
    : undefined;
const writeFd = (fd: 1 | 2, text: string) =>
  writeQuickly(
    text,
    (rest) => stream(fd).write(rest),
    (bytes, offset) => writeSync(fd, bytes, offset),
  );
if (quick !== undefined) writeFd(1, quick);
else if (!replayReceipt(session, writeFd)) void start();

async function start(): Promise<void> {
  endQuietlyOnClosedPipe(process.stdout);
  endQuietlyOnClosedPipe(process.stderr);
  // V8 runs a regular expression's bytecode until it has run it often, then compiles it to machine code;
  // a command runs each of its expressions over a whole book at once, so it compiles them at once
  // (`extract` + `preprocess` 5 % faster, `publish` 10 %; `judge` gained nothing and peaked 5 MB higher).
  // The short commands allocate much and keep little: a young generation that does not grow saves them
  // 20 MB of peak memory (a textbook's extract) and no time. publish and judge keep thousands of
  // conversations alive, and gain a third of a second from a growing one.
  const flags = args.includes('judge')
    ? ''
    : args.some((arg) => ['publish', '--help', '-h'].includes(arg))
      ? '--no-regexp-tier-up'
      : '--no-regexp-tier-up --semi-space-growth-factor=1';
  if (flags) (await import('node:v8')).setFlagsFromString(flags);
  // The program as CommonJS chunks (dist/index.cjs and the chunks it requires), compiled through V8's
  // code cache (src/code-cache.ts); KALVIMATE_CODE_CACHE=0 compiles them from source every time.
  const cacheRoot = process.env.KALVIMATE_CODE_CACHE === '0' ? undefined : cacheRootOf(process.env);
  const chunks = createChunkLoader(cacheRoot && codeCacheDirOf(cacheRoot, flags));
  try {
    const receipt = recordReceipt(session, process);
    const program = chunks.load(`${__dirname}/index.cjs`) as typeof import('./index.js');
    process.exitCode = await program.main(args, { ...program.processIO(), receipt });
    if (process.exitCode !== 0 || !receipt || !session || receipt.save() || !receipt.rehearsal) return;
    // A run that did work: run it again here, unseen, so that the run right after it is replayed too.
    await program.rehearseRun(args, session, receipt.rehearsal);
  } finally {
    chunks.saveCaches();
  }
}
