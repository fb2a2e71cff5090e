#!/usr/bin/env node
import { endQuietlyOnClosedPipe } from './closed-pipe.js';
import { quickVersion } from './quick-version.js';

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
