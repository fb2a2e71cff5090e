// Extract benchmark: coverage and speed on the fixture textbook, memory on a generated large EPUB.
// Usage: pnpm --filter @kalvimate/extract bench
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';
import { buildEpub } from '@kalvimate/testkit/epub-builder';
import { countWords, extractEpub } from '../dist/index.js';
import { readCentralDirectory } from '../dist/zip-inspect.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixture = join(
  process.env.KALVIMATE_FIXTURES ?? join(here, '..', '..', '..', '..', 'shared', 'fixtures'),
  'kalvimate-science-9.epub',
);

function decode(s) {
  return s
    .replace(/&nbsp;/g, '\u00a0')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n)));
}

/** Words of the source: body text and alt text, counted per distinct word with multiplicity. */
function sourceWords(file) {
  const bytes = readFileSync(file);
  const entries = [];
  return readCentralDirectory(file).then((list) => {
    for (const e of list) {
      if (!e.name.endsWith('.xhtml') || e.name.endsWith('nav.xhtml')) continue;
      const nameLen = bytes.readUInt16LE(e.localHeaderOffset + 26);
      const extraLen = bytes.readUInt16LE(e.localHeaderOffset + 28);
      const start = e.localHeaderOffset + 30 + nameLen + extraLen;
      const data = bytes.subarray(start, start + e.compressedSize);
      const html = (e.method === 8 ? inflateRawSync(data) : data).toString('utf8');
      const body = html.replace(/<head[\s\S]*?<\/head>/, '');
      const alts = [...body.matchAll(/alt="([^"]*)"/g)].map((m) => decode(m[1])).join(' ');
      const text = decode(body.replace(/<[^>]+>/g, ' '));
      entries.push({ text, alts });
    }
    return entries;
  });
}

function bag(text) {
  const m = new Map();
  for (const w of text.toLowerCase().match(/[\p{L}\p{M}\p{N}]+/gu) ?? []) m.set(w, (m.get(w) ?? 0) + 1);
  return m;
}
function covered(inBag, outBag) {
  let total = 0;
  let found = 0;
  for (const [w, n] of inBag) {
    total += n;
    found += Math.min(n, outBag.get(w) ?? 0);
  }
  return found / Math.max(1, total);
}

async function fixtureBench() {
  if (!existsSync(fixture)) {
    console.log('extract bench: ../shared/fixtures not found; fixture figures skipped');
    return;
  }
  const out = await mkdtemp(join(tmpdir(), 'km-bench-'));
  await extractEpub(fixture, { outDir: join(out, 'warm') });
  const runs = 5;
  const start = process.hrtime.bigint();
  for (let i = 0; i < runs; i += 1) await extractEpub(fixture, { outDir: join(out, 'x') });
  const ms = Number(process.hrtime.bigint() - start) / 1e6 / runs;
  const book = JSON.parse(readFileSync(join(out, 'x', 'book.json'), 'utf8'));
  let outText = '';
  let outAlt = '';
  for (const c of book.chapters) {
    const chapter = JSON.parse(readFileSync(join(out, 'x', c.file), 'utf8'));
    outText += ` ${chapter.title}`;
    for (const t of chapter.topics) {
      outText += ` ${t.number ?? ''} ${t.title}`;
      for (const b of t.blocks) {
        if (b.type === 'figure') outAlt += ` ${b.alt} ${b.caption ?? ''}`;
        else outText += ` ${b.text}`;
      }
    }
  }
  const src = await sourceWords(fixture);
  const inText = src.map((s) => s.text).join(' ');
  const inAlt = src.map((s) => s.alts).join(' ');
  const numberedIn = new Set();
  const numberedHeadings = (await sourceHeadings(fixture)).filter((h) =>
    /^\d{1,3}(\.\d{1,3}){1,4}(?!\d)/.test(h),
  );
  for (const h of numberedHeadings) numberedIn.add(h.match(/^[\d.]+/)[0].replace(/\.$/, ''));
  const numberedOut = new Set();
  for (const c of book.chapters) {
    const chapter = JSON.parse(readFileSync(join(out, 'x', c.file), 'utf8'));
    for (const t of chapter.topics) if (t.number) numberedOut.add(t.number);
  }
  const wordsIn = countWords(inText) + countWords(inAlt);
  const wordsOut = countWords(outText) + countWords(outAlt);
  console.log('extract bench (fixture textbook):');
  console.log(`  text words kept:        ${(covered(bag(inText), bag(outText)) * 100).toFixed(2)} %`);
  console.log(`  alt-text words kept:    ${(covered(bag(inAlt), bag(outAlt)) * 100).toFixed(2)} %`);
  console.log(
    `  numbered headings kept: ${[...numberedIn].filter((n) => numberedOut.has(n)).length}/${numberedIn.size}`,
  );
  console.log(`  words out per word in:  ${(wordsOut / wordsIn).toFixed(3)}`);
  console.log(`  wall time (warm, mean of ${runs}): ${ms.toFixed(0)} ms`);
  await rm(out, { recursive: true, force: true });
}

async function sourceHeadings(file) {
  const bytes = readFileSync(file);
  const out = [];
  for (const e of await readCentralDirectory(file)) {
    if (!e.name.endsWith('.xhtml') || e.name.endsWith('nav.xhtml')) continue;
    const nameLen = bytes.readUInt16LE(e.localHeaderOffset + 26);
    const extraLen = bytes.readUInt16LE(e.localHeaderOffset + 28);
    const start = e.localHeaderOffset + 30 + nameLen + extraLen;
    const html = inflateRawSync(bytes.subarray(start, start + e.compressedSize)).toString('utf8');
    for (const m of html.matchAll(/<h[1-6][^>]*>([\s\S]*?)<\/h[1-6]>/g))
      out.push(
        decode(m[1].replace(/<[^>]+>/g, ''))
          .replace(/\s+/g, ' ')
          .trim(),
      );
  }
  return out;
}

async function largeBench() {
  const dir = await mkdtemp(join(tmpdir(), 'km-bench-large-'));
  const paragraph = (u, t, i) =>
    `<p>Paragraph ${i} of topic ${u}.${t}: ${'The quick brown fox measures 9.8 m s⁻² while the slow dog rests. '.repeat(12)}</p>`;
  const documents = [];
  const units = Number(process.env.BENCH_UNITS ?? 60);
  for (let u = 1; u <= units; u += 1) {
    let body = `<h1>UNIT ${u} Generated Unit</h1>`;
    for (let t = 1; t <= 20; t += 1) {
      body += `<h2>${u}.${t} Generated Topic</h2>`;
      for (let i = 0; i < 20; i += 1) body += paragraph(u, t, i);
    }
    documents.push({ body });
  }
  const file = join(dir, 'large.epub');
  const bytes = buildEpub({ documents });
  writeFileSync(file, bytes);
  const uncompressed = documents.reduce((s, d) => s + Buffer.byteLength(d.body), 0);
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const start = process.hrtime.bigint();
  const summary = await extractEpub(file, { outDir: join(dir, 'out') });
  const s = Number(process.hrtime.bigint() - start) / 1e9;
  clearInterval(timer);
  console.log(
    `extract bench (generated EPUB, ${(bytes.length / 1e6).toFixed(1)} MB zipped, ${(uncompressed / 1e6).toFixed(0)} MB of XHTML, largest document ${(Math.max(...documents.map((d) => d.body.length)) / 1e6).toFixed(1)} MB):`,
  );
  console.log(
    `  ${summary.topics} topics in ${s.toFixed(1)} s; peak RSS ${(peak / 1e6).toFixed(0)} MB (start ${(before / 1e6).toFixed(0)} MB)`,
  );
  await rm(dir, { recursive: true, force: true });
}

await fixtureBench();
await largeBench();
