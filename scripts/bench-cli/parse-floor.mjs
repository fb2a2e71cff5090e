#!/usr/bin/env node
// The least any `kalvimate extract` process does, as a process of its own: start Node, load the zip reader
// and the XHTML parser extract uses (yauzl, Node's zlib, htmlparser2: the parser under cheerio), inflate
// the book's (X)HTML documents and parse each once, then exit, with nothing extracted, checked or written.
// `pnpm bench:cli` times it beside the commands (its `parse-floor` row) as a floor under extract's time.
//
// Usage: node scripts/bench-cli/parse-floor.mjs BOOK.epub   (prints the documents and characters parsed)

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// The versions extract itself resolves.
const require = createRequire(join(root, 'packages', 'extract', 'package.json'));
const yauzl = require('yauzl');
const { parseDocument } = require('htmlparser2');

const DOCUMENT = /\.x?html?$/i;

/** The text of every (X)HTML entry of the zip at `file`, in the zip's order, inflated as extract does. */
function readDocuments(file) {
  const bytes = readFileSync(file);
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (error, zip) => {
      if (error) return reject(error);
      const texts = [];
      zip.on('error', reject);
      zip.on('end', () => resolve(texts));
      zip.on('entry', (entry) => {
        if (DOCUMENT.test(entry.fileName)) {
          // The local header: 30 bytes, then the name and the extra field, then the data.
          const at = entry.relativeOffsetOfLocalHeader;
          const start = at + 30 + bytes.readUInt16LE(at + 26) + bytes.readUInt16LE(at + 28);
          const data = bytes.subarray(start, start + entry.compressedSize);
          texts.push((entry.compressionMethod === 8 ? inflateRawSync(data) : data).toString('utf8'));
        }
        zip.readEntry();
      });
      zip.readEntry();
    });
  });
}

const file = process.argv[2];
if (!file) {
  console.error('usage: parse-floor.mjs BOOK.epub');
  process.exit(2);
}
const texts = await readDocuments(file);
let nodes = 0;
for (const text of texts) nodes += parseDocument(text, { xmlMode: true }).children.length;
console.log(
  `${texts.length} documents, ${texts.reduce((sum, t) => sum + t.length, 0)} characters, ${nodes} top nodes`,
);
