// Extract benchmark: coverage, speed and peak memory on the fixture textbook; speed and peak memory on
// generated EPUBs of 25 and 100 MB (same largest document) to show that memory does not grow with
// the size of the book. Each timed extraction runs in a fresh process so its peak RSS is its own.
// Usage: pnpm --filter @kalvimate/extract bench   (BENCH_EPUB_MB=100 sets the large book's size)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';
import { buildEpub } from '@kalvimate/testkit/epub-builder';
import { peakRssKb } from '@kalvimate/testkit/peak-memory';
import { countWords } from '../dist/chapter-sink.js';
import { extractEpub } from '../dist/index.js';
import { readCentralDirectory } from '../dist/zip-inspect.js';

if (process.env.BENCH_BASELINE) {
  console.log(peakRssKb());
  process.exit(0);
}

if (process.env.BENCH_EXTRACT_FILE) {
  const input = process.env.BENCH_EXTRACT_FILE;
  const start = process.hrtime.bigint();
  const summary = await extractEpub(input, { outDir: `${input}.out` });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  // What the extraction still holds once garbage is collected (peak RSS also counts garbage that V8
  // had not yet collected).
  globalThis.gc?.();
  const retainedMb = process.memoryUsage().heapUsed / 1e6;
  console.log(JSON.stringify({ seconds, topics: summary.topics, peakKb: peakRssKb(), retainedMb }));
  process.exit(0);
}

/** Extracts `file` in a fresh Node process: wall time of extractEpub and the process's peak RSS. */
function extractInChild(file) {
  const child = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url)], {
    env: { ...process.env, BENCH_EXTRACT_FILE: file },
    encoding: 'utf8',
  });
  if (child.status !== 0) throw new Error(child.stderr);
  return JSON.parse(child.stdout);
}

/** Peak RSS of a Node process that only loads the extract package (the baseline under the figures). */
function baselineKb() {
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url)], {
    env: { ...process.env, BENCH_BASELINE: '1' },
    encoding: 'utf8',
  });
  return Number(child.stdout.trim());
}

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

/** An entry's compressed bytes, found from its local header (the offset is yauzl's entry's). */
function entryData(bytes, entry) {
  const header = entry.source.relativeOffsetOfLocalHeader;
  const nameLen = bytes.readUInt16LE(header + 26);
  const extraLen = bytes.readUInt16LE(header + 28);
  const start = header + 30 + nameLen + extraLen;
  return bytes.subarray(start, start + entry.compressedSize);
}

/** Words of the source: body text and alt text, counted per distinct word with multiplicity. */
function sourceWords(file) {
  const bytes = readFileSync(file);
  const entries = [];
  return readCentralDirectory(file).then((list) => {
    for (const e of list) {
      if (!e.name.endsWith('.xhtml') || e.name.endsWith('nav.xhtml')) continue;
      const data = entryData(bytes, e);
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
  console.log(`  wall time (warm, mean of ${runs} in one process): ${ms.toFixed(0)} ms`);
  const cold = extractInChild(fixture);
  console.log(
    `  fresh process: extractEpub ${(cold.seconds * 1000).toFixed(0)} ms, peak RSS ${(cold.peakKb / 1024).toFixed(0)} MiB (Node + the package alone: ${(baselineKb() / 1024).toFixed(0)} MiB)`,
  );
  await rm(`${fixture}.out`, { recursive: true, force: true }).catch(() => {});
  await rm(out, { recursive: true, force: true });
}

async function sourceHeadings(file) {
  const bytes = readFileSync(file);
  const out = [];
  for (const e of await readCentralDirectory(file)) {
    if (!e.name.endsWith('.xhtml') || e.name.endsWith('nav.xhtml')) continue;
    const html = inflateRawSync(entryData(bytes, e)).toString('utf8');
    for (const m of html.matchAll(/<h[1-6][^>]*>([\s\S]*?)<\/h[1-6]>/g))
      out.push(
        decode(m[1].replace(/<[^>]+>/g, ''))
          .replace(/\s+/g, ' ')
          .trim(),
      );
  }
  return out;
}

/** Deterministic pseudo-random numbers, so the generated books are the same on every run. */
function random(seed) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

/**
 * Writes a textbook-like EPUB of about `targetMb` MB: one XHTML document per unit (~0.45 MB of varied
 * text, 20 numbered topics) and, as in real textbooks, incompressible figures (1.2 MB per unit).
 */
function generateBook(file, targetMb) {
  const rand = random(7);
  const vocabulary = Array.from({ length: 3000 }, () =>
    Array.from({ length: 2 + Math.floor(rand() * 9) }, () =>
      String.fromCharCode(97 + Math.floor(rand() * 26)),
    ).join(''),
  );
  const sentence = () =>
    `${Array.from({ length: 8 + Math.floor(rand() * 12) }, () => vocabulary[Math.floor(rand() * vocabulary.length)]).join(' ')}.`;
  const documents = [];
  const extraFiles = {};
  let largest = 0;
  let xhtml = 0;
  const perUnitMb = 1.13; // measured: ~0.07 MB of deflated text + 1.2 MiB of figures
  const units = Math.max(1, Math.round(targetMb / perUnitMb));
  for (let u = 1; u <= units; u += 1) {
    let body = `<h1>UNIT ${u} Generated Unit</h1>`;
    for (let t = 1; t <= 20; t += 1) {
      body += `<h2>${u}.${t} Generated Topic</h2>`;
      for (let i = 0; i < 12; i += 1)
        body += `<p>${Array.from({ length: 6 }, sentence).join(' ')} 9.8 m s<sup>-2</sup></p>`;
      body += `<figure><img src="../images/u${u}.png" alt="Figure ${u}.${t}: ${sentence()}"/></figure>`;
    }
    documents.push({ body });
    largest = Math.max(largest, body.length);
    xhtml += body.length;
    const image = new Uint8Array(1.2 * 1024 * 1024);
    for (let i = 0; i < image.length; i += 4) {
      const v = Math.floor(rand() * 4294967296);
      image[i] = v & 255;
      image[i + 1] = (v >>> 8) & 255;
      image[i + 2] = (v >>> 16) & 255;
      image[i + 3] = v >>> 24;
    }
    extraFiles[`OEBPS/images/u${u}.png`] = image;
  }
  writeFileSync(file, buildEpub({ documents, extraFiles }));
  return { units, xhtmlMb: xhtml / 1e6, largestMb: largest / 1e6 };
}

async function largeBench() {
  const dir = await mkdtemp(join(tmpdir(), 'km-bench-large-'));
  const targetMb = Number(process.env.BENCH_EPUB_MB ?? 100);
  console.log('extract bench (generated EPUBs, each extraction in a fresh process):');
  for (const mb of [targetMb / 4, targetMb]) {
    const file = join(dir, `book-${mb}.epub`);
    const shape = generateBook(file, mb);
    const run = extractInChild(file);
    const size = statSync(file).size / 1e6;
    console.log(
      `  ${size.toFixed(0)} MB EPUB (${shape.units} units, ${shape.xhtmlMb.toFixed(0)} MB of XHTML, largest document ${shape.largestMb.toFixed(2)} MB): ${run.topics} topics in ${run.seconds.toFixed(1)} s, ${(shape.xhtmlMb / run.seconds).toFixed(1)} MB/s of XHTML, peak RSS ${(run.peakKb / 1024).toFixed(0)} MiB, heap still held after GC ${run.retainedMb.toFixed(0)} MB`,
    );
    await rm(file, { force: true });
    await rm(`${file}.out`, { recursive: true, force: true });
  }
  await rm(dir, { recursive: true, force: true });
}

await fixtureBench();
await largeBench();
