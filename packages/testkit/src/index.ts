export * from './epub-builder.js';
export * from './fixtures.js';
export * from './generated-books.js';
export * from './temp-dir.js';
