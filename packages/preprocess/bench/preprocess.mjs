// Preprocess benchmark: wall time and the measured targets on the fixture textbook (through extract).
// Usage: pnpm --filter @kalvimate/preprocess bench   (build first: pnpm turbo run build --filter=@kalvimate/preprocess...)
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readBookFolder } from '@kalvimate/core';
import { extractEpub } from '@kalvimate/extract';
import { textFields } from '../dist/book-fields.js';
import { preprocessBook, preprocessFolder } from '../dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixture = join(
  process.env.KALVIMATE_FIXTURES ?? join(here, '..', '..', '..', '..', 'shared', 'fixtures'),
  'kalvimate-science-9.epub',
);

const texts = (chapters) => textFields(chapters).map((f) => f.get());
const blockTexts = (chapters) => textFields(chapters).flatMap((f) => (f.inDictionary ? [f.get()] : []));

function counts(list, pattern) {
  const m = new Map();
  for (const t of list) for (const x of t.matchAll(pattern)) m.set(x[0], (m.get(x[0]) ?? 0) + 1);
  return m;
}
const total = (m) => [...m.values()].reduce((a, b) => a + b, 0);
function lost(before, after) {
  let n = 0;
  for (const [k, v] of before) n += Math.max(0, v - (after.get(k) ?? 0));
  return n;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

if (!existsSync(fixture)) {
  console.log('preprocess bench: ../shared/fixtures not found; skipped');
} else {
  const dir = await mkdtemp(join(tmpdir(), 'km-preprocess-bench-'));
  await extractEpub(fixture, { outDir: join(dir, 'structured') });
  const { book, chapters } = await readBookFolder(join(dir, 'structured'));
  const runs = Number(process.env.BENCH_RUNS ?? 7);

  await preprocessFolder(join(dir, 'structured'), join(dir, 'warm'));
  const cpuMs = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
  const folderMs = [];
  const folderCpu = [];
  for (let i = 0; i < runs; i += 1) {
    const start = process.hrtime.bigint();
    const cpu = cpuMs();
    await preprocessFolder(join(dir, 'structured'), join(dir, 'out'));
    folderCpu.push(cpuMs() - cpu);
    folderMs.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const coreMs = [];
  let result;
  for (let i = 0; i < runs; i += 1) {
    const start = process.hrtime.bigint();
    result = preprocessBook(book, chapters);
    coreMs.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const after = (await readBookFolder(join(dir, 'out'))).chapters;
  const changes = JSON.parse(readFileSync(join(dir, 'out', 'changes.json'), 'utf8'));

  const decimals = /\d+\.\d+/g;
  const compound = /[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)+/gu;
  const tamil = /[\u0b80-\u0bff]+(?:[\s\u200c\u200d]+[\u0b80-\u0bff]+)*/g;
  const decBefore = counts(texts(chapters), decimals);
  const compBefore = counts(texts(chapters), compound);
  const tamilBefore = texts(chapters).map((t) => t.match(tamil) ?? []);
  const tamilAfter = texts(after).map((t) => t.match(tamil) ?? []);
  let tamilChanged = 0;
  for (const [i, terms] of tamilBefore.entries())
    for (const [j, term] of terms.entries()) if (tamilAfter[i]?.[j] !== term) tamilChanged += 1;
  const numbers = (cs) => cs.flatMap((c) => c.topics.map((t) => t.number ?? ''));
  const numbersChanged = numbers(chapters).filter((n, i) => numbers(after)[i] !== n).length;
  const powerMinus = /power minus/gi;
  const again = preprocessBook(book, result.chapters);

  console.log('preprocess bench (fixture textbook, extracted):');
  console.log(`  texts: ${changes.fields}, changed: ${changes.fieldsChanged}, edits: ${changes.edits}`);
  console.log(
    `  decimals lost:              ${lost(decBefore, counts(texts(after), decimals))} of ${total(decBefore)}`,
  );
  console.log(
    `  topic numbers changed:      ${numbersChanged} of ${numbers(chapters).filter(Boolean).length}`,
  );
  console.log(
    `  "power minus" phrases left: ${total(counts(blockTexts(after), powerMinus))} of ${total(counts(blockTexts(chapters), powerMinus))}`,
  );
  console.log(`  Tamil terms changed:        ${tamilChanged} of ${tamilBefore.flat().length}`);
  console.log(
    `  hyphenated compounds lost:  ${lost(compBefore, counts(texts(after), compound))} of ${total(compBefore)}`,
  );
  console.log(`  second pass edits:          ${again.changes.edits}`);
  console.log(
    `  wall time, read + clean + write: median ${median(folderMs).toFixed(0)} ms, best ${Math.min(...folderMs).toFixed(0)} ms of ${runs} (CPU time median ${median(folderCpu).toFixed(0)} ms)`,
  );
  console.log(
    `  wall time, clean only:           median ${median(coreMs).toFixed(0)} ms, best ${Math.min(...coreMs).toFixed(0)} ms`,
  );
  console.log(`  (load average while measuring: ${loadavg()[0].toFixed(2)} on ${cpus().length} CPUs)`);
  console.log(`  edits per rule: ${changes.rules.map((r) => `${r.name} ${r.fired}`).join(', ')}`);
  await rm(dir, { recursive: true, force: true });
}
