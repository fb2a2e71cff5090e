import { fileURLToPath } from 'node:url';

// This file is apps/cli/{src,dist}/paths.*: the repository root is three levels up.
const root = (relative: string) => fileURLToPath(new URL(`../../../${relative}`, import.meta.url));

/** The prompt templates that ship with KalviMate. */
export const REPO_PROMPTS_DIR = root('prompts');
/** The bundled sample book. */
export const SAMPLE_EPUB = root('samples/sample-science.epub');
