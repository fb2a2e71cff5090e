#!/usr/bin/env node
import { endQuietlyOnClosedPipe } from './closed-pipe.js';
import { main } from './program.js';

endQuietlyOnClosedPipe(process.stdout);
endQuietlyOnClosedPipe(process.stderr);
const code = await main(process.argv.slice(2));
process.exitCode = code;
