#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';
import { endQuietlyOnClosedPipe } from './closed-pipe.js';
import { quickVersion } from './quick-version.js';

// A command is a short process that allocates much and keeps little: V8's default doubles the young
// generation as it fills, up to 32 MB, which costs memory (about 20 MB of peak RSS on a textbook's
// extract) and no time at all here (`pnpm bench:cli` measures both). Set before anything is allocated.
setFlagsFromString('--semi-space-growth-factor=1');
endQuietlyOnClosedPipe(process.stdout);
endQuietlyOnClosedPipe(process.stderr);
const args = process.argv.slice(2);
const version = quickVersion(args);
if (version !== undefined) process.stdout.write(version);
else {
  // Loaded only now: the program imports every command module and the pipeline.
  const { main } = await import('./program.js');
  process.exitCode = await main(args);
}
