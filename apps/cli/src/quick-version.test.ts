import { describe, expect, it } from 'vitest';
import { runCli } from '../test/cli-harness.js';
import { quickVersion } from './quick-version.js';

describe('quickVersion', () => {
  it('prints exactly what the full program prints for --version and -V', async () => {
    for (const flag of ['--version', '-V']) expect(quickVersion([flag])).toBe((await runCli([flag])).stdout);
  });

  it('leaves every other command line to the full program', () => {
    for (const args of [[], ['--help'], ['--version', 'extract'], ['--json', '--version'], ['run']])
      expect(quickVersion(args)).toBeUndefined();
  });
});
