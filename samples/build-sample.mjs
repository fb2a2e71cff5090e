#!/usr/bin/env node
// Builds samples/sample-science.epub from the XHTML bodies in samples/sample-book/.
// Deterministic: the same sources give the same bytes (a test rebuilds and compares).
// Usage: node samples/build-sample.mjs [--check]
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildEpub } from '../packages/testkit/dist/epub-builder.js';

const here = dirname(fileURLToPath(import.meta.url));
const target = join(here, 'sample-science.epub');

export function buildSample() {
  const units = [
    ['unit1', 'Unit 1 Measurement and Motion'],
    ['unit2', 'Unit 2 Heat and Temperature'],
    ['unit3', 'Unit 3 Matter and Mixtures'],
  ];
  return buildEpub({
    title: 'KalviMate Sample Science (Class IX, English)',
    language: 'en',
    identifier: 'urn:uuid:6a1f3c2e-kalvimate-sample-science-0001',
    creator: 'The KalviMate authors',
    documents: units.map(([id, title]) => ({
      id,
      tocTitle: title,
      body: readFileSync(join(here, 'sample-book', `${id}.xhtml`), 'utf8'),
    })),
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const bytes = buildSample();
  if (process.argv.includes('--check')) {
    const same = Buffer.compare(Buffer.from(bytes), readFileSync(target)) === 0;
    console.log(
      same
        ? 'sample-science.epub is up to date'
        : 'sample-science.epub is stale: run node samples/build-sample.mjs',
    );
    process.exit(same ? 0 : 1);
  }
  writeFileSync(target, bytes);
  console.log(`wrote ${target} (${bytes.length} bytes)`);
}
