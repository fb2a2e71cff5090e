#!/usr/bin/env node
// The launcher, built as CommonJS (dist/bin.cjs), which Node starts without its ES module loader; any
// command line but `--version` loads the program (an ES module, dist/index.js).
import { setFlagsFromString } from 'node:v8';
import { endQuietlyOnClosedPipe } from './closed-pipe.js';
import { quickVersion } from './quick-version.js';

// Most commands are short processes that allocate much and keep little: V8's default doubles the young
// generation as it fills, up to 32 MB, which costs them memory (20 MB of peak RSS on a textbook's extract)
// and no time (`pnpm bench:cli` measures both). publish and judge keep thousands of conversations alive
// at once, and there a growing young generation saves a third of a second of garbage collection.
const args = process.argv.slice(2);
if (!args.some((arg) => arg === 'publish' || arg === 'judge'))
  setFlagsFromString('--semi-space-growth-factor=1');
endQuietlyOnClosedPipe(process.stdout);
endQuietlyOnClosedPipe(process.stderr);
const version = quickVersion(args);
if (version !== undefined) process.stdout.write(version);
else void import('./index.js').then(async ({ main }) => (process.exitCode = await main(args)));
