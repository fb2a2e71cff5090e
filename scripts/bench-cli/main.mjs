#!/usr/bin/env node
// `pnpm bench:cli`: runs each command of issue #16 as a whole process on the fixture textbook
// (../shared/fixtures/kalvimate-science-9.epub) and the seed's real responses (../shared/fixtures/seed-batches),
// after one warm-up, and prints the median wall time, user+sys CPU and peak RSS of N runs as a table.
// Usage: pnpm bench:cli [--runs N] [--only name,name] [--baseline DIR] [--keep DIR] [--no-code-cache] [--json] [--help]
//   --runs N     measured runs per command (default 7)
//   --baseline DIR  also measure the CLI built in another checkout DIR (DIR/apps/cli/dist/bin.cjs or bin.js),
//                alternating run by run with this one, so that both see the same load
//   --only a,b   only these commands (ids: node, parse-floor, version, help, extract-preprocess, run-first, run-again, run-later, judge, publish)
//   --keep DIR   keep the workspace of each command's last run in DIR/<name>/<id>; with --baseline,
//                the two builds' outputs are then compared file by file (times and temp paths masked)
//   --no-code-cache  compile the program from source in every run (KALVIMATE_CODE_CACHE=0), as on the
//                very first command after an install; by default each build keeps its code cache from
//                run to run, as a user's does (the warm-up run writes it)
//   --warm N     also run the work of extract + preprocess, the first run and publish N times in ONE process
//                (warm.mjs) and print its first and warm rounds: the floor no new process can go under
//   --json       print the figures as JSON instead of a table
// Needs a build of the CLI (pnpm build). The machine may be shared: the load average is printed per command.

import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { compareTrees } from './compare.mjs';
import { hasGnuTime, measureProcess, median } from './measure.mjs';
import { SEED_SHAPES, WARM_CASES } from './warm.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(root, 'apps', 'cli', 'dist', 'bin.cjs');
const fixtures = join(root, '..', 'shared', 'fixtures');
const epub = join(fixtures, 'kalvimate-science-9.epub');
const seedDir = join(fixtures, 'seed-batches');

/** Each case: the processes one measurement runs (in order, in one fresh folder), and an optional set-up. */
const CASES = [
  // Node itself, for scale: no command can start faster than this on the same machine.
  { id: 'node', label: '`node -e 0` (the floor)', target: '—', bare: true, steps: [['0']] },
  {
    // Not a command: the least any extract process does (start Node, load the zip reader and htmlparser2,
    // inflate and parse the book's documents once, write nothing); a floor under extract's time.
    id: 'parse-floor',
    label: "parse only: Node + htmlparser2 on the book's documents (the floor)",
    target: '—',
    bare: true,
    script: join(root, 'scripts', 'bench-cli', 'parse-floor.mjs'),
    steps: [[epub]],
  },
  { id: 'version', label: '`kalvimate --version`', target: '< 80 ms', steps: [['--version']] },
  { id: 'help', label: '`kalvimate --help`', target: '< 80 ms', steps: [['--help']] },
  {
    id: 'extract-preprocess',
    label: '`kalvimate extract` + `kalvimate preprocess`',
    target: '≈ 0.4 s',
    steps: [['extract', epub], ['preprocess']],
  },
  { id: 'run-first', label: '`kalvimate run` offline, first run', target: '< 1.0 s', steps: [['run', epub]] },
  {
    id: 'run-again',
    label: '`kalvimate run` offline, nothing to do (right after the first run)',
    target: '< 150 ms',
    setup: [['run', epub]],
    steps: [['run', epub]],
  },
  {
    // Files written less than 2 s before they were hashed are hashed again on the next run (they may
    // change within the file system's time resolution): the run right after the first one reads the
    // first run's outputs once more, later ones read nothing. This case measures a later one.
    id: 'run-later',
    label: '`kalvimate run` offline, nothing to do (a later run)',
    target: '< 150 ms',
    setup: [['run', epub]],
    settle: { ms: 2_100, steps: [['run', epub]] },
    steps: [['run', epub]],
  },
  {
    // Not one of issue #16's targets: the deterministic checks of every conversation, measured for its own sake.
    id: 'judge',
    label: '`kalvimate judge --no-llm` (2,215 seed responses)',
    target: '—',
    needs: seedDir,
    steps: [['judge', '--in', seedDir, '--no-llm', ...SEED_SHAPES.flatMap((s) => ['--shape', s])]],
  },
  {
    id: 'publish',
    label: '`kalvimate publish` (2,215 seed responses)',
    target: '< 0.5 s',
    needs: seedDir,
    steps: [['publish', '--in', seedDir, '--no-upload', ...SEED_SHAPES.flatMap((s) => ['--shape', s])]],
  },
];

const USAGE = `Usage: pnpm bench:cli [--runs N] [--only id,id] [--baseline DIR] [--keep DIR] [--no-code-cache] [--warm N] [--json]

Runs each command as a whole process (after a warm-up) and prints the median wall time, user+sys CPU and
peak RSS of N runs per command.
  --runs N          measured runs per command (default 7)
  --only id,id      only these commands: ${CASES.map((c) => c.id).join(', ')}
  --baseline DIR    also measure the CLI built in another checkout, alternating run by run
  --keep DIR        keep each command's last workspace in DIR; with --baseline, compare the two builds' outputs
  --no-code-cache   compile the program from source in every run, as the first command after an install
                    does (by default each build keeps its V8 code cache from run to run, as a user's does)
  --warm N          also repeat the work of ${WARM_CASES.join(', ')} N times in one
                    process (this checkout's packages) and print its first and warm rounds: in-process only
  --json            print the figures as JSON
  -h, --help        show this help
Needs a build of the CLI (pnpm build).`;

/** The command line, or a one-line refusal and the usage (exit 2) for one the script does not take. */
function readArgs() {
  try {
    return parseArgs({
      options: {
        runs: { type: 'string', default: '7' },
        only: { type: 'string' },
        keep: { type: 'string' },
        baseline: { type: 'string' },
        json: { type: 'boolean', default: false },
        'no-code-cache': { type: 'boolean', default: false },
        warm: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    console.error(`bench:cli: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    process.exit(2);
  }
}

const { values } = readArgs();
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`bench:cli: --runs must be a whole number of at least 1, not "${values.runs}"`);
  process.exit(2);
}
const warmRounds = values.warm === undefined ? 0 : Number(values.warm);
if (!Number.isInteger(warmRounds) || warmRounds < 0 || (values.warm !== undefined && warmRounds < 2)) {
  console.error(`bench:cli: --warm must be a whole number of at least 2, not "${values.warm}"`);
  process.exit(2);
}
const only = values.only?.split(',');
const unknown = only?.filter((id) => !CASES.some((c) => c.id === id)) ?? [];
if (unknown.length > 0) {
  console.error(
    `bench:cli: unknown command id(s) ${unknown.join(', ')}; known: ${CASES.map((c) => c.id).join(', ')}`,
  );
  process.exit(2);
}
if (!existsSync(bin)) {
  console.error(`bench:cli: ${bin} is missing; run \`pnpm build\` first`);
  process.exit(2);
}
// A checkout from before the CommonJS launcher has dist/bin.js instead.
const baselineBin =
  values.baseline &&
  ['bin.cjs', 'bin.js'].map((name) => join(values.baseline, 'apps', 'cli', 'dist', name)).find(existsSync);
if (values.baseline && !baselineBin) {
  console.error(
    `bench:cli: ${join(values.baseline, 'apps', 'cli', 'dist')} has no bin.cjs or bin.js; build that checkout first`,
  );
  process.exit(2);
}
if (!existsSync(epub)) {
  console.log(`bench:cli: notice: ${epub} is absent; nothing measured`);
  process.exit(0);
}

// A clean environment: no keys (the run stays offline), no pnpm INIT_CWD (the CLI would write there).
// Each measurement gets receipts of its own (KALVIMATE_CACHE_DIR), removed with it, not the user's cache.
// The program's V8 code cache (its `code/` folder) is kept per build for the whole bench, as a user's
// stays from one command to the next; with --no-code-cache there is none.
const baseEnv = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  CI: '1',
  LANG: 'C.UTF-8',
  ...(values['no-code-cache'] ? { KALVIMATE_CODE_CACHE: '0' } : {}),
};
const codeCaches = new Map();
/** The code cache folder kept for `cliBin` during the bench (removed at exit). */
function codeCacheOf(cliBin) {
  if (!codeCaches.has(cliBin)) codeCaches.set(cliBin, mkdtempSync(join(tmpdir(), 'km-bench-code-')));
  return codeCaches.get(cliBin);
}
process.on('exit', () => {
  for (const dir of codeCaches.values()) rmSync(dir, { recursive: true, force: true });
});

async function runSteps(cliBin, steps, cwd, env) {
  let wallSeconds = 0;
  let cpuSeconds = 0;
  let peakKiB = 0;
  for (const argv of steps) {
    const m = await measureProcess(cliBin, argv, { cwd, env });
    wallSeconds += m.wallSeconds;
    cpuSeconds += m.cpuSeconds;
    peakKiB = Math.max(peakKiB, m.peakKiB);
  }
  return { wallSeconds, cpuSeconds, peakKiB };
}

/** One measurement of `spec` with `cliBin`, in a fresh folder; `keepAs` keeps that folder. */
async function sampleOnce(spec, cliBin, keepAs) {
  const cwd = mkdtempSync(join(tmpdir(), `km-bench-${spec.id}-`));
  const cache = mkdtempSync(join(tmpdir(), 'km-bench-cache-'));
  if (!spec.bare) symlinkSync(codeCacheOf(cliBin), join(cache, 'code'), 'dir');
  const env = { ...baseEnv, KALVIMATE_CACHE_DIR: cache };
  try {
    if (spec.setup) await runSteps(cliBin, spec.setup, cwd, env);
    if (spec.settle) {
      await new Promise((resolve) => setTimeout(resolve, spec.settle.ms));
      await runSteps(cliBin, spec.settle.steps, cwd, env);
    }
    // A bare case runs `node -e <step>` (or its own script) instead of the CLI.
    const sample = await runSteps(spec.bare ? (spec.script ?? '-e') : cliBin, spec.steps, cwd, env);
    if (keepAs) cpSync(cwd, keepAs, { recursive: true });
    return sample;
  } finally {
    rmSync(cwd, { recursive: true, force: true });
    rmSync(cache, { recursive: true, force: true });
  }
}

function summarise(samples) {
  return {
    wallSeconds: median(samples.map((s) => s.wallSeconds)),
    // On a machine whose speed moves with its neighbours' load, the fastest run is the steadier figure of
    // what the command itself costs; the median is what a user meets.
    fastestWallSeconds: Math.min(...samples.map((s) => s.wallSeconds)),
    cpuSeconds: median(samples.map((s) => s.cpuSeconds)),
    peakMiB: median(samples.map((s) => s.peakKiB)) / 1024,
  };
}

async function measureCase(spec) {
  const bins = baselineBin ? { baseline: baselineBin, current: bin } : { current: bin };
  const samples = Object.fromEntries(Object.keys(bins).map((name) => [name, []]));
  const load = loadavg()[0];
  // The warm-up run (i = 0) fills the page cache and is not counted. With a baseline the two
  // builds take turns, so that a change in the machine's load falls on both.
  for (let i = 0; i <= runs; i += 1) {
    for (const [name, cliBin] of Object.entries(bins)) {
      const keepAs = i === runs && values.keep ? join(values.keep, name, spec.id) : undefined;
      const sample = await sampleOnce(spec, cliBin, keepAs);
      if (i > 0) samples[name].push(sample);
    }
  }
  return {
    id: spec.id,
    label: spec.label,
    target: spec.target,
    runs,
    ...Object.fromEntries(Object.entries(samples).map(([name, list]) => [name, summarise(list)])),
    load1m: [load, loadavg()[0]],
  };
}

function seconds(value) {
  return value < 1 ? `${Math.round(value * 1000)} ms` : `${value.toFixed(2)} s`;
}

const results = [];
for (const spec of CASES) {
  if (only && !only.includes(spec.id)) continue;
  if (spec.needs && !existsSync(spec.needs)) {
    console.log(`bench:cli: notice: ${spec.needs} is absent; ${spec.id} skipped`);
    continue;
  }
  if (!values.json) process.stderr.write(`bench:cli: ${spec.id}...\n`);
  results.push(await measureCase(spec));
}

/** Runs warm.mjs for case `id` in a child process; each round's wall time in seconds. */
function measureWarm(id) {
  const child = spawnSync(
    process.execPath,
    [join(root, 'scripts', 'bench-cli', 'warm.mjs'), id, String(warmRounds)],
    {
      env: baseEnv,
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    },
  );
  if (child.status !== 0) throw new Error(`warm.mjs ${id} exited ${child.status}:\n${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1)).ms.map((ms) => ms / 1000);
}

/** The warm figure: the median of the second half of the rounds (the first ones still load and optimise). */
function summariseWarm(id, rounds) {
  const warm = rounds.slice(Math.ceil(rounds.length / 2));
  return {
    id,
    firstSeconds: rounds[0],
    warmSeconds: median(warm),
    warmFrom: rounds.length - warm.length + 1,
    rounds,
  };
}

const warmResults = [];
if (warmRounds > 0) {
  for (const id of WARM_CASES) {
    if (only && !only.includes(id)) continue;
    if (id === 'publish' && !existsSync(seedDir)) continue;
    if (!values.json) process.stderr.write(`bench:cli: ${id} in one process, ${warmRounds} rounds...\n`);
    warmResults.push(summariseWarm(id, measureWarm(id)));
  }
}

const mib = (m) => `${m.peakMiB.toFixed(0)} MiB`;
const wall = (m) => `${seconds(m.wallSeconds)} (${seconds(m.fastestWallSeconds)})`;
const loads = (r) => r.load1m.map((l) => l.toFixed(1)).join(' → ');
if (values.json) {
  console.log(
    JSON.stringify(
      { node: process.version, cpus: cpus().length, gnuTime: hasGnuTime(), results, warm: warmResults },
      null,
      2,
    ),
  );
} else {
  const how = hasGnuTime() ? '/usr/bin/time -v' : 'process.resourceUsage()';
  console.log(
    `\nnode ${process.version}, ${cpus().length} cores; median of ${runs} runs after a warm-up (the fastest run in brackets); CPU and peak RSS from ${how}` +
      (baselineBin ? `; baseline ${values.baseline} measured alternately` : '') +
      (values['no-code-cache'] ? '; no code cache' : '; code cache kept per build from the warm-up on') +
      '\n',
  );
  if (baselineBin) {
    console.log(
      '| command | wall before → after | user+sys CPU before → after | peak RSS before → after | target (wall) | load avg 1 min |',
    );
    console.log('|---|---:|---:|---:|---|---|');
    for (const r of results) {
      const { baseline: b, current: c } = r;
      console.log(
        `| ${r.label} | ${wall(b)} → ${wall(c)} | ${seconds(b.cpuSeconds)} → ${seconds(c.cpuSeconds)} | ${mib(b)} → ${mib(c)} | ${r.target} | ${loads(r)} |`,
      );
    }
  } else {
    console.log(
      '| command | wall | user+sys CPU | peak RSS | target (wall) | load avg 1 min (start → end) |',
    );
    console.log('|---|---:|---:|---:|---|---|');
    for (const r of results) {
      const c = r.current;
      console.log(
        `| ${r.label} | ${wall(c)} | ${seconds(c.cpuSeconds)} | ${mib(c)} | ${r.target} | ${loads(r)} |`,
      );
    }
  }
}

if (warmResults.length > 0 && !values.json) {
  console.log(
    `\nthe same work repeated ${warmRounds} times in one process (this checkout's packages; in-process figures, not a user's):\n`,
  );
  console.log('| work | first round | warm rounds (median) | target of the whole process |');
  console.log('|---|---:|---:|---|');
  for (const w of warmResults) {
    const r = CASES.find((c) => c.id === w.id);
    console.log(
      `| ${r.label} | ${seconds(w.firstSeconds)} | ${seconds(w.warmSeconds)} (${w.warmFrom === warmRounds ? 'round' : `rounds ${w.warmFrom}–`}${warmRounds}) | ${r.target} |`,
    );
  }
}

if (baselineBin && values.keep && !values.json) {
  console.log('\noutputs of the two builds (last run of each command; times and temp folder names masked):');
  for (const r of results) {
    const { files, differing } = compareTrees(
      join(values.keep, 'baseline', r.id),
      join(values.keep, 'current', r.id),
    );
    console.log(
      `  ${r.id}: ${files} files, ${differing.length === 0 ? 'all identical' : `differ: ${differing.join(', ')}`}`,
    );
  }
}
