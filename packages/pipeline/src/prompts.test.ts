import { existsSync } from 'node:fs';
import { cp, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createTempDir } from '@kalvimate/testkit';
import { describe, expect, it } from 'vitest';
import { defaultPromptsDir } from './prompts.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

describe('the prompt templates ship with the package', () => {
  it('are found in the package itself once built, not in the repository around it', () => {
    expect(defaultPromptsDir()).toBe(join(packageDir, 'prompts'));
    expect(existsSync(join(defaultPromptsDir(), 'mcq_quiz.md'))).toBe(true);
  });

  it('are published (package.json files) and found from an installed copy outside the repository', async () => {
    const manifest = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8')) as {
      files: string[];
    };
    expect(manifest.files).toContain('prompts');
    const installed = await createTempDir('km-installed-');
    try {
      const root = installed.join('node_modules', '@kalvimate', 'pipeline');
      for (const part of ['dist', 'prompts', 'package.json'])
        await cp(join(packageDir, part), join(root, part), { recursive: true });
      const module = (await import(
        pathToFileURL(join(root, 'dist', 'prompts.js')).href
      )) as typeof import('./prompts.js');
      expect(module.defaultPromptsDir()).toBe(join(root, 'prompts'));
      expect(existsSync(join(module.defaultPromptsDir(), 'mcq_quiz.md'))).toBe(true);
    } finally {
      await installed.remove();
    }
  });
});
