// Measures one command line of the CLI as a whole process: wall time, user+sys CPU and peak RSS.
// With /usr/bin/time (GNU time) the figures come from the kernel's rusage of the child; without it a
// preloaded module writes the child's own process.resourceUsage() when it exits.

import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const GNU_TIME = '/usr/bin/time';

/** Whether GNU time is there to measure the children. */
export function hasGnuTime() {
  return existsSync(GNU_TIME);
}

/** Reads user, system seconds and peak RSS (KiB) from the report of `/usr/bin/time -v`. */
export function parseGnuTime(text) {
  const field = (label) => {
    const match = text.match(new RegExp(`^\\s*${label}: (.+)$`, 'm'));
    if (!match) throw new Error(`/usr/bin/time -v printed no "${label}" line`);
    return Number(match[1]);
  };
  return {
    cpuSeconds: field('User time \\(seconds\\)') + field('System time \\(seconds\\)'),
    peakKiB: field('Maximum resident set size \\(kbytes\\)'),
  };
}

/** Reads the same figures from a JSON dump of process.resourceUsage() (times in µs, maxRSS in KiB). */
export function parseResourceUsage(text) {
  const usage = JSON.parse(text);
  return { cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6, peakKiB: usage.maxRSS };
}

const PRELOAD = `import { writeFileSync } from 'node:fs';
process.on('exit', () => writeFileSync(process.env.KM_BENCH_USAGE, JSON.stringify(process.resourceUsage())));
`;

let sequence = 0;

/**
 * Runs `node <bin> ...argv` in `cwd` and resolves with { wallSeconds, cpuSeconds, peakKiB }.
 * Rejects (with the child's stderr) when the command exits non-zero.
 */
export function measureProcess(bin, argv, { cwd, env }) {
  sequence += 1;
  const report = join(tmpdir(), `km-bench-${process.pid}-${sequence}.txt`);
  const gnu = hasGnuTime();
  let command = process.execPath;
  let args = [bin, ...argv];
  let childEnv = env;
  if (gnu) {
    command = GNU_TIME;
    args = ['-v', '-o', report, process.execPath, ...args];
  } else {
    const preload = join(tmpdir(), `km-bench-preload-${process.pid}.mjs`);
    if (!existsSync(preload)) writeFileSync(preload, PRELOAD);
    args = ['--import', preload, ...args];
    childEnv = { ...env, KM_BENCH_USAGE: report };
  }
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { cwd, env: childEnv, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
      try {
        if (code !== 0) throw new Error(`kalvimate ${argv.join(' ')} exited ${code}:\n${stderr}`);
        const text = readFileSync(report, 'utf8');
        resolve({ wallSeconds, ...(gnu ? parseGnuTime(text) : parseResourceUsage(text)) });
      } catch (error) {
        reject(error);
      } finally {
        rmSync(report, { force: true });
      }
    });
  });
}

/** The median of a list of numbers (the mean of the middle two for an even count). */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
