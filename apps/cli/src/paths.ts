import { fileURLToPath } from 'node:url';

/** The bundled sample book (in the repository's samples/; `run --sample` and the quick start use it). */
export const SAMPLE_EPUB = fileURLToPath(new URL('../../../samples/sample-science.epub', import.meta.url));
