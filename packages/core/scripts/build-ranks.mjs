// Writes dist/ranks/<encoding>.bin: each encoding's merge ranks as a flat table that the tokenizer maps
// back in milliseconds (see src/rank-table.ts). Run by `build`, after tsc.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serializeRankTable } from '../dist/rank-table.js';
import { rankTableFromSource } from '../dist/tokens.js';

const dir = fileURLToPath(new URL('../dist/ranks/', import.meta.url));
mkdirSync(dir, { recursive: true });
for (const name of ['o200k_base', 'cl100k_base']) {
  writeFileSync(`${dir}${name}.bin.tmp`, serializeRankTable(rankTableFromSource(name)));
  // Renamed into place whole, so a reader never maps a half-written table.
  await import('node:fs/promises').then((fs) => fs.rename(`${dir}${name}.bin.tmp`, `${dir}${name}.bin`));
}
