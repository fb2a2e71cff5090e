import { mkdir, writeFile } from 'node:fs/promises';
import { isKalvimateError } from '@kalvimate/core';
import { createTempDir, type TempDir } from '@kalvimate/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONFIG_FILE_NAME, loadConfigFile } from './config-file.js';

let dir: TempDir;
beforeEach(async () => {
  dir = await createTempDir('km-config-');
});
afterEach(async () => dir.remove());

/** The error `run` throws, or a failure when it throws none. */
function errorOf(run: () => unknown): { code: string; message: string } {
  try {
    run();
  } catch (error) {
    if (isKalvimateError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected an error');
}

describe('loadConfigFile', () => {
  it('gives the defaults when the folder has no config file', () => {
    expect(loadConfigFile(dir.path)).toEqual({ config: {} });
  });

  it('reads kalvimate.config.json of the folder, and a file given by path', async () => {
    await writeFile(dir.join(CONFIG_FILE_NAME), JSON.stringify({ dataDir: 'work', model: 'gpt-4o' }));
    await writeFile(dir.join('other.json'), JSON.stringify({ generate: { limit: 5 } }));
    expect(loadConfigFile(dir.path)).toEqual({
      config: { dataDir: 'work', model: 'gpt-4o' },
      path: dir.join(CONFIG_FILE_NAME),
    });
    expect(loadConfigFile(dir.path, 'other.json').config.generate?.limit).toBe(5);
  });

  it('names the file and every unknown key, the file that is missing, and broken JSON', async () => {
    await writeFile(dir.join(CONFIG_FILE_NAME), JSON.stringify({ apiKey: 'x', generate: { modle: 'y' } }));
    const unknown = errorOf(() => loadConfigFile(dir.path));
    expect(unknown.code).toBe('CONFIG_INVALID');
    expect(unknown.message).toContain(dir.join(CONFIG_FILE_NAME));
    expect(unknown.message).toContain('unknown key "apiKey"');
    expect(unknown.message).toContain('unknown key "modle" in generate');
    expect(errorOf(() => loadConfigFile(dir.path, 'none.json')).code).toBe('CONFIG_NOT_FOUND');
    await writeFile(dir.join('broken.json'), '{ "model": ');
    expect(errorOf(() => loadConfigFile(dir.path, 'broken.json')).code).toBe('CONFIG_NOT_JSON');
  });

  it('refuses a folder given as the config file, and one in the place of kalvimate.config.json', async () => {
    await mkdir(dir.join('settings'));
    const folder = errorOf(() => loadConfigFile(dir.path, 'settings'));
    expect(folder.code).toBe('CONFIG_NOT_A_FILE');
    expect(folder.message).toBe(`config file is not a file: ${dir.join('settings')}`);
    await mkdir(dir.join(CONFIG_FILE_NAME));
    expect(errorOf(() => loadConfigFile(dir.path)).code).toBe('CONFIG_NOT_A_FILE');
  });
});
