import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The build copies KalviMate's prompts/ into this package (see scripts/copy-prompts.mjs), so they ship
// with it; in the repository before a build, the repository's own folder serves.
const candidates = [new URL('../prompts/', import.meta.url), new URL('../../../prompts/', import.meta.url)];

/** The prompt templates that ship with KalviMate: this package's `prompts/` folder. */
export function defaultPromptsDir(): string {
  const found = candidates.find((url) => existsSync(fileURLToPath(url))) ?? candidates[0];
  return fileURLToPath(found as URL).replace(/[\\/]$/, '');
}
