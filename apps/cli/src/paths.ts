import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The bundled sample book (`run --sample` and the quick start use it): the build copies the repository's
// samples/sample-science.epub beside the bundle (dist/), so an installed CLI has it; from the sources (tests)
// the repository's own file serves.
const candidates = [
  new URL('./sample-science.epub', import.meta.url),
  new URL('../../../samples/sample-science.epub', import.meta.url),
];

/** The bundled sample book. */
export const SAMPLE_EPUB = fileURLToPath(candidates.find((url) => existsSync(url)) ?? (candidates[1] as URL));
