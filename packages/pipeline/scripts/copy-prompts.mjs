// Ships the prompt templates with the package: KalviMate's prompts/ (the repository's, the one source)
// is copied into this package's prompts/, which `files` publishes and `defaultPromptsDir()` finds.
import { cp, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const from = fileURLToPath(new URL('../../../prompts/', import.meta.url));
const to = fileURLToPath(new URL('../prompts/', import.meta.url));
await rm(to, { recursive: true, force: true });
await cp(from, to, { recursive: true });
