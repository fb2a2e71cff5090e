// Math benchmark: converts every MathML element of the real books (linear-algebra.epub: 10,281 formulas;
// the textbook fixture) to LaTeX and counts, per converter, the formulas whose LaTeX has (a) unbalanced
// braces, (b) an invalid \left/\right, (c) a number split into digits, (d) a non-ASCII symbol that has a
// standard LaTeX command; and the conversion time (wall and CPU: on a shared machine the CPU time is the
// steadier figure). "before" is the mathml-to-latex package on its own
// (the converter extract used until now), "after" is mathmlToLatex. The MathML is taken from each document
// the way extract's DOM walk reads it (cheerio, HTML mode, `$.xml(el)`).
// Usage: pnpm --filter @kalvimate/extract build && node bench/math-quality.mjs [--examples N]
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as cheerio from 'cheerio';
import { unzipSync } from 'fflate';
import { latexIssues } from '../dist/latex-check.js';
import { mathmlToLatex } from '../dist/math.js';
import { mathmlToText } from '../dist/math-text.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = process.env.KALVIMATE_FIXTURES ?? join(here, '..', '..', '..', '..', 'shared', 'fixtures');
const books = [
  join(fixtures, 'real-books', 'linear-algebra.epub'),
  join(fixtures, 'kalvimate-science-9.epub'),
];
const examplesArg = process.argv.indexOf('--examples');
const examples = examplesArg === -1 ? 0 : Number(process.argv[examplesArg + 1] ?? 5);

/** Every `<math>` of a book's (X)HTML documents: its markup as extract passes it on, and its text. */
function mathElements(file) {
  const entries = unzipSync(new Uint8Array(readFileSync(file)), {
    filter: (entry) => /\.(x?html?|xml)$/i.test(entry.name) && !/META-INF|\.opf$|\.ncx$/i.test(entry.name),
  });
  const out = [];
  for (const name of Object.keys(entries).sort()) {
    const html = new TextDecoder().decode(entries[name]);
    if (!/<(?:\w+:)?math\b/.test(html)) continue;
    const $ = cheerio.load(html, { xml: { xmlMode: false, decodeEntities: true, lowerCaseTags: true } });
    $('math').each((_, el) => {
      out.push({ mathml: $.xml(el), text: $(el).text() });
    });
  }
  return out;
}

async function loadBefore() {
  try {
    const { MathMLToLaTeX } = await import('mathml-to-latex');
    return (mathml, text) => {
      try {
        const latex = MathMLToLaTeX.convert(mathml).trim();
        return latex === '' ? text.trim() : latex;
      } catch {
        return text.trim();
      }
    };
  } catch {
    return undefined;
  }
}

function measure(label, formulas, convert) {
  // One untimed pass warms the JIT, as a long extraction would be.
  for (const f of formulas.slice(0, 200)) convert(f.mathml, f.text);
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  const outputs = formulas.map((f) => convert(f.mathml, f.text));
  const cpu = process.cpuUsage(cpuStart);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const counts = {
    unbalancedBraces: 0,
    invalidLeftRight: 0,
    splitNumbers: 0,
    unmappedSymbols: 0,
    otherNonAscii: 0,
  };
  const symbols = new Map();
  const bad = [];
  outputs.forEach((latex, index) => {
    const issues = latexIssues(latex);
    let any = false;
    for (const key of ['unbalancedBraces', 'invalidLeftRight', 'splitNumbers']) {
      if (issues[key]) {
        counts[key]++;
        any = true;
      }
    }
    if (issues.unmappedSymbols.length > 0) {
      counts.unmappedSymbols++;
      any = true;
    }
    if (issues.otherNonAscii.length > 0) counts.otherNonAscii++;
    for (const s of issues.unmappedSymbols) symbols.set(s, (symbols.get(s) ?? 0) + 1);
    if (any) bad.push(index);
  });
  return { label, ms, cpuMs, counts, symbols, bad, outputs };
}

function report(result, total) {
  const c = result.counts;
  const symbols = [...result.symbols]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 12)
    .map(([s, n]) => `${s}×${n}`)
    .join(' ');
  console.log(
    `  ${result.label.padEnd(6)} ${result.ms.toFixed(0).padStart(6)} ms wall, ${result.cpuMs.toFixed(0).padStart(5)} ms CPU  (a) braces ${c.unbalancedBraces}  ` +
      `(b) \\left/\\right ${c.invalidLeftRight}  (c) split numbers ${c.splitNumbers}  ` +
      `(d) symbols with a command ${c.unmappedSymbols}${symbols === '' ? '' : ` [${symbols}]`}  ` +
      `any of a–d ${result.bad.length}/${total}  (other non-ASCII, no command: ${c.otherNonAscii})`,
  );
}

const before = await loadBefore();
for (const book of books) {
  if (!existsSync(book)) {
    console.log(`skipped ${book}: not there (set KALVIMATE_FIXTURES)`);
    continue;
  }
  const formulas = mathElements(book);
  const megabytes = formulas.reduce((sum, f) => sum + f.mathml.length, 0) / 1e6;
  console.log(
    `${book.split('/').pop()}: ${formulas.length} MathML elements (${megabytes.toFixed(1)} MB of markup)`,
  );
  if (formulas.length === 0) continue;
  const beforeResult = before === undefined ? undefined : measure('before', formulas, before);
  if (beforeResult === undefined) console.log('  before: mathml-to-latex is not installed; skipped');
  else report(beforeResult, formulas.length);
  const afterResult = measure('after', formulas, mathmlToLatex);
  report(afterResult, formulas.length);
  const textStart = process.hrtime.bigint();
  const textCpuStart = process.cpuUsage();
  const texts = formulas.map((f) => mathmlToText(f.mathml));
  const textCpu = process.cpuUsage(textCpuStart);
  const textMs = Number(process.hrtime.bigint() - textStart) / 1e6;
  const textCpuMs = (textCpu.user + textCpu.system) / 1000;
  console.log(
    `  text   ${textMs.toFixed(0).padStart(6)} ms wall, ${textCpuMs.toFixed(0).padStart(5)} ms CPU  ` +
      `(mathmlToText; ${texts.filter((t) => t === '').length} empty)`,
  );
  for (const index of afterResult.bad.slice(0, examples)) {
    console.log(`  still flagged: ${afterResult.outputs[index].slice(0, 300)}`);
  }
  for (let i = 0; i < examples; i++) {
    const index = Math.floor((i * formulas.length) / examples);
    if (beforeResult !== undefined) console.log(`  before: ${beforeResult.outputs[index].slice(0, 300)}`);
    console.log(`  after:  ${afterResult.outputs[index].slice(0, 300)}`);
    console.log(`  text:   ${texts[index].slice(0, 300).replace(/\n/g, ' ⏎ ')}`);
  }
}
