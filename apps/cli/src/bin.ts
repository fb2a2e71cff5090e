#!/usr/bin/env node
// The launcher, built as CommonJS (dist/bin.cjs), which Node starts without its ES module loader; any
// command line but `--version` and help on a pipe loads the program (an ES module, dist/index.js).
import { endQuietlyOnClosedPipe, writeQuickly } from './closed-pipe.js';
import { quickHelp, stdoutMayBeTerminal } from './quick-help.js';
import { quickVersion } from './quick-version.js';

const args = process.argv.slice(2);
// `--version` alone and help on a pipe cost what Node's start-up costs: no stdout stream, no V8 settings,
// no program. __dirname is dist/ (the ES module build defines it too).
const quick = quickVersion(args) ?? quickHelp(args, `${__dirname}/help.json`, stdoutMayBeTerminal);
if (quick !== undefined) writeQuickly(quick, (rest) => process.stdout.write(rest));
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
