#!/usr/bin/env node
// The launcher, built as CommonJS (dist/bin.cjs), which Node starts without its ES module loader; any
// command line but `--version` loads the program (an ES module, dist/index.js).
import { endQuietlyOnClosedPipe, writeQuickly } from './closed-pipe.js';
import { quickVersion } from './quick-version.js';

const args = process.argv.slice(2);
const version = quickVersion(args);
if (version !== undefined) {
  // Nothing but the version: no stdout stream, no V8 settings, so it costs what Node's start-up costs.
  writeQuickly(1, version, (text) => process.stdout.write(text));
} else {
  endQuietlyOnClosedPipe(process.stdout);
  endQuietlyOnClosedPipe(process.stderr);
  void start();
}

async function start(): Promise<void> {
  // Most commands are short processes that allocate much and keep little: V8's default doubles the young
  // generation as it fills, up to 32 MB, which costs them memory (20 MB of peak RSS on a textbook's
  // extract) and no time (`pnpm bench:cli` measures both). publish and judge keep thousands of
  // conversations alive at once, and there a growing young generation saves a third of a second of
  // garbage collection. Help allocates next to nothing, so it does not load V8's module for it.
  if (!args.some((arg) => arg === 'publish' || arg === 'judge' || arg === '--help' || arg === '-h'))
    (await import('node:v8')).setFlagsFromString('--semi-space-growth-factor=1');
  const { main } = await import('./index.js');
  process.exitCode = await main(args);
}
