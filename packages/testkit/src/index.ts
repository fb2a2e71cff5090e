export * from './epub-builder.js';
export * from './temp-dir.js';
