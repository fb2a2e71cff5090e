import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { createTempDir, type TempDir } from '@kalvimate/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkDataDir, isSystemFolder, realPathOf } from './data-dir.js';

let dir: TempDir;
beforeEach(async () => {
  dir = await createTempDir('km-data-dir-');
});
afterEach(async () => {
  await dir.remove();
});

describe('isSystemFolder', () => {
  it.each([
    '/',
    '/usr',
    '/etc',
    '/bin',
    '/proc',
    '/sys',
    '/dev',
    '/boot',
    '/lib',
    '/lib64',
    '/var',
    '/home/ravi',
  ])('refuses %s', (path) => {
    expect(isSystemFolder(path, '/home/ravi')).toBe(true);
  });

  it.each(['/etc/kalvimate', '/proc/self', '/sys/kernel', '/dev/shm/x', '/usr/'])(
    'refuses %s inside one',
    (path) => {
      expect(isSystemFolder(path, '/home/ravi')).toBe(true);
    },
  );

  it.each(['/home/ravi/data', '/tmp/run', '/srv/books/data', '/usr/local/kalvimate/data'])(
    'accepts %s',
    (path) => {
      expect(isSystemFolder(path, '/home/ravi')).toBe(false);
    },
  );
});

describe('checkDataDir', () => {
  it('refuses a symlink that leads to /', async () => {
    await symlink('/', dir.join('root-link'));
    expect(realPathOf(dir.join('root-link'))).toBe('/');
    expect(() => checkDataDir(dir.join('root-link'))).toThrow(
      expect.objectContaining({ code: 'DATA_DIR_SYSTEM_FOLDER', exitCode: 2 }),
    );
  });

  it('refuses the home folder itself', () => {
    expect(() => checkDataDir(dir.path, dir.path)).toThrow(
      expect.objectContaining({ code: 'DATA_DIR_SYSTEM_FOLDER' }),
    );
  });

  it('refuses a file, and a path through a file', async () => {
    await writeFile(dir.join('afile'), 'x');
    for (const path of [dir.join('afile'), dir.join('afile', 'data')])
      expect(() => checkDataDir(path, '/nowhere')).toThrow(
        expect.objectContaining({ code: 'DATA_DIR_NOT_A_FOLDER', exitCode: 2 }),
      );
  });

  it('accepts a folder, or one that does not exist yet (through a symlink to a folder too)', async () => {
    await mkdir(dir.join('data'));
    await symlink(dir.join('data'), dir.join('data-link'));
    for (const path of [dir.join('data'), dir.join('new', 'data'), dir.join('data-link', 'sub')])
      expect(() => checkDataDir(path, '/nowhere')).not.toThrow();
  });
});
