#!/usr/bin/env node
// The launcher, built as CommonJS (dist/bin.cjs), which Node starts without its ES module loader; any
// command line but `--version` loads the program (an ES module, dist/index.js).
import { endQuietlyOnClosedPipe, writeQuickly } from './closed-pipe.js';
import { quickVersion } from './quick-version.js';

const args = process.argv.slice(2);
const version = quickVersion(args);
// `--version` alone: no stdout stream and no V8 settings, so it costs what Node's start-up costs.
if (version !== undefined) writeQuickly(version, (text) => process.stdout.write(text));
else void start();

async function start(): Promise<void> {
  endQuietlyOnClosedPipe(process.stdout);
  endQuietlyOnClosedPipe(process.stderr);
  // The short commands allocate much and keep little: a young generation that does not grow saves them
  // 20 MB of peak memory (a textbook's extract) and no time. publish and judge keep thousands of
  // conversations alive, and gain a third of a second from a growing one; help needs neither.
  if (!args.some((arg) => ['publish', 'judge', '--help', '-h'].includes(arg)))
    (await import('node:v8')).setFlagsFromString('--semi-space-growth-factor=1');
  process.exitCode = await (await import('./index.js')).main(args);
}
