import { symlink, writeFile } from 'node:fs/promises';
import { createTempDir, type TempDir } from '@kalvimate/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './cli-harness.js';

let dir: TempDir;
beforeEach(async () => {
  dir = await createTempDir('km-data-dir-');
});
afterEach(async () => {
  await dir.remove();
});

describe('kalvimate with a bad --data-dir', () => {
  it('exits 2 naming a --data-dir that is a file (it was an internal error, EEXIST)', async () => {
    await writeFile(dir.join('afile'), 'x');
    const { code, stderr } = await runCli(['--data-dir', 'afile', 'extract'], { cwd: dir.path, env: {} });
    expect(code).toBe(2);
    expect(stderr).toContain(`error: the data folder ${dir.join('afile')} is a file, not a folder`);
    expect(stderr).toContain('hint:');
    expect(stderr).not.toContain('bug in KalviMate');
  });

  it('exits 2 for a --data-dir that is a symlink to /, writing nothing', async () => {
    await symlink('/', dir.join('root-link'));
    const { code, stderr } = await runCli(['--json', '--data-dir', 'root-link', 'extract'], {
      cwd: dir.path,
      env: {},
    });
    expect(code).toBe(2);
    expect(stderr).toContain('is a system folder');
  });
});
