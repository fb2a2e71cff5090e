export { buildEpub, type EpubDocument, type EpubGuideReference, type EpubSpec } from './epub-builder.js';
export { REPO_ROOT, SEED_BATCH_SHAPES, sharedFixture, sharedFixturesDir } from './fixtures.js';
export {
  type GeneratedCatalogueBook,
  type GeneratedLanguage,
  type GeneratedTextbookSpec,
  generatedCatalogue,
  generatedTextbook,
} from './generated-books.js';
export { createTempDir, type TempDir } from './temp-dir.js';
