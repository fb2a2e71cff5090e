import { createRequire } from 'node:module';

/**
 * The answer to `kalvimate --version` (or `-V`) alone: the package version, found without loading any
 * command module, so that the commonest check of an install costs what Node's start-up costs. Any other
 * command line gives undefined and goes to the full program.
 */
export function quickVersion(args: readonly string[]): string | undefined {
  if (args.length !== 1 || (args[0] !== '--version' && args[0] !== '-V')) return undefined;
  return `${packageVersion()}\n`;
}

/** The CLI's version, from its package.json (bundled into the build). */
export function packageVersion(): string {
  return (createRequire(import.meta.url)('../package.json') as { version: string }).version;
}
