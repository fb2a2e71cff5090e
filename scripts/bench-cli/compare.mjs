// Compares the workspaces two builds left (bench:cli --baseline DIR --keep DIR): every file byte for
// byte, but for the run's own record (run-state.json, report.html), whose times, durations and temp
// folder names differ from run to run and are masked first.

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const VOLATILE_FILES = new Set(['run-state.json', 'report.html']);

/** The text with the temp folder names, timestamps and durations of one run masked. */
export function maskVolatile(text) {
  return text
    .replace(/\/tmp\/km-bench-[a-z-]+-[A-Za-z0-9]+/g, 'TMP')
    .replace(/\d{4}-\d{2}-\d{2}[T ][\d:.]+Z?( UTC)?/g, 'DATE')
    .replace(/"durationMs": \d+/g, '"durationMs": N')
    .replace(/<td class="num">[\d.]+ s<\/td>/g, '<td class="num">N s</td>');
}

function files(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath ?? e.path, e.name)))
    .sort();
}

function digest(path) {
  const name = path.split('/').pop();
  const bytes = readFileSync(path);
  const content = VOLATILE_FILES.has(name) ? maskVolatile(bytes.toString('utf8')) : bytes;
  return createHash('sha256').update(content).digest('hex');
}

/** { files, differing: [relative paths] } for two workspace folders. */
export function compareTrees(a, b) {
  const left = files(a);
  const right = files(b);
  const all = [...new Set([...left, ...right])].sort();
  const differing = all.filter(
    (f) => !left.includes(f) || !right.includes(f) || digest(join(a, f)) !== digest(join(b, f)),
  );
  return { files: all.length, differing };
}
