// Reads ../shared/fixtures/seed-batches (the dialogue output and one MCQ run, with their requests), plants known
// defects into a copy and reports the share of each kind the judge catches and the share of untouched
// conversations it sets aside.

import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Judgment } from '@kalvimate/core';
import { topicSourceOf } from '@kalvimate/core';
import { SEED_BATCH_SHAPES, sharedFixture } from '@kalvimate/testkit/fixtures';
import { createTempDir, type TempDir } from '@kalvimate/testkit/temp-dir';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourceValues } from '../checks/numbers.js';
import { optionsOf } from '../checks/quiz-parse.js';
import { judgeResults } from '../judge.js';

const dialogues = sharedFixture('seed-batches', 'batch_3_output_no_mcq.jsonl');
const PAIRS = [
  ['batch_3_input_no_mcq.jsonl', 'batch_3_output_no_mcq.jsonl'],
  ['mcq_input_split_1.jsonl', 'iteration_2_mcq_response.jsonl'],
] as const;
const KINDS = ['number', 'language', 'meta', 'repetition'] as const;
type Kind = (typeof KINDS)[number];
const CAUGHT_BY: Record<Kind, string[]> = {
  number: ['number-changed', 'number-unsupported'],
  language: ['language-mismatch'],
  meta: ['meta-talk'],
  repetition: ['repetition'],
};

// Planted text written for this test.
const OTHER_LANGUAGE = [
  'விசை என்பது ஒரு பொருளின் மீது செயல்படும் தள்ளுதல் அல்லது இழுத்தல் ஆகும். இது பொருளின் இயக்கத்தை மாற்றுகிறது.',
  'La force est une poussée ou une traction qui agit sur un objet, et elle change son mouvement dans le temps.',
  'La fuerza es un empuje o una tracción que actúa sobre un objeto y que cambia su movimiento con el tiempo.',
];
const META = [
  'As an AI language model, I can only go by what I was given. ',
  'According to the passage you provided, ',
  'Based on the text provided above, ',
];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The assistant message objects of a parsed response, depth first. */
function assistantMessages(
  value: unknown,
  out: Array<Record<string, unknown>> = [],
): Array<Record<string, unknown>> {
  if (Array.isArray(value)) for (const item of value) assistantMessages(item, out);
  else if (isRecord(value)) {
    if (value.role === 'assistant' && typeof value.content === 'string') out.push(value);
    else for (const inner of Object.values(value)) assistantMessages(inner, out);
  }
  return out;
}

/**
 * Changes one number of `text` that the topic states (not a count, not in a quiz option: a distractor is wrong on
 * purpose, changing it plants no error) to a value the topic does not state; undefined if there is none.
 */
function changeNumber(text: string, topic: string): string | undefined {
  const values = sourceValues(topic);
  const options = optionsOf(text);
  for (const m of text.matchAll(/(?<![\p{L}\p{N}.])(\d+)(?:\.(\d+))?(?![\p{N}])/gu)) {
    const value = m[0];
    const at = m.index ?? 0;
    if (options.some((o) => at >= o.start && at < o.end)) continue;
    if (!values.has(value) || (!m[2] && Number(value) <= 10)) continue;
    const decimals = m[2]?.length ?? 0;
    let next = (Number(value) * 1.37 + 1).toFixed(decimals);
    while (values.has(next)) next = (Number(next) + 1).toFixed(decimals);
    return `${text.slice(0, m.index)}${next}${text.slice((m.index ?? 0) + value.length)}`;
  }
  return undefined;
}

function plant(kind: Kind, content: string, topic: string, n: number): string | undefined {
  if (kind === 'number') return changeNumber(content, topic);
  if (kind === 'language') return OTHER_LANGUAGE[n % OTHER_LANGUAGE.length];
  if (kind === 'meta') return `${META[n % META.length]}${content}`;
  const sentence = content
    .split(/(?<=[.!?])\s+/)
    .find((s) => s.split(/\s+/).length >= 6 && !s.endsWith('?') && !/\b[A-D]\)/.test(s));
  return sentence ? `${content} ${sentence} ${sentence} ${sentence}` : undefined;
}

describe.skipIf(!dialogues)('planting defects into the seed outputs', () => {
  let dir: TempDir;
  const planted = new Map<string, Kind>();
  let judgments: Judgment[] = [];

  beforeAll(async () => {
    dir = await createTempDir();
    for (const [input, output] of PAIRS) {
      const inPath = sharedFixture('seed-batches', input) ?? '';
      await copyFile(inPath, dir.join(input));
      const topics = new Map<string, string>();
      for (const line of (await readFile(inPath, 'utf8')).split('\n')) {
        if (!line.trim()) continue;
        const request = JSON.parse(line) as { custom_id: string; body: unknown };
        topics.set(request.custom_id, topicSourceOf(request.body)?.text ?? '');
      }
      const lines = (await readFile(sharedFixture('seed-batches', output) ?? '', 'utf8')).split('\n');
      const out: string[] = [];
      for (const [i, line] of lines.entries()) {
        // Numbers are planted in three slots of eight, as most responses have no number the topic states.
        const kind = (['number', 'language', 'meta', 'repetition', 'number', 'number'] as const)[i % 8];
        if (!line.trim() || !kind) {
          out.push(line);
          continue;
        }
        const result = JSON.parse(line);
        const message = result.response?.body?.choices?.[0]?.message;
        let parsed: unknown;
        try {
          parsed = JSON.parse(message?.content ?? '');
        } catch {
          out.push(line);
          continue;
        }
        // A session is conversation #0 whole; of a dialogues response only the first reply is in #0.
        const candidates = assistantMessages(parsed).slice(0, output.startsWith('iteration') ? undefined : 1);
        let target: Record<string, unknown> | undefined;
        let changed: string | undefined;
        for (const candidate of candidates) {
          changed = plant(kind, String(candidate.content), topics.get(result.custom_id) ?? '', i);
          if (changed !== undefined) {
            target = candidate;
            break;
          }
        }
        if (!target || changed === undefined) {
          out.push(line);
          continue;
        }
        target.content = changed;
        message.content = JSON.stringify(parsed);
        planted.set(`${output}:${i + 1}:${result.custom_id}#0`, kind);
        out.push(JSON.stringify(result));
      }
      await writeFile(dir.join(output), out.join('\n'));
    }
    await judgeResults({
      inDir: dir.path,
      outDir: dir.join('judgments'),
      shapes: [...SEED_BATCH_SHAPES],
      language: 'en',
    });
    judgments = (await readFile(dir.join('judgments', 'judgments.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Judgment);
  });
  afterAll(async () => {
    await dir?.remove();
  });

  it('catches most planted defects of each kind and sets aside few untouched conversations', () => {
    const plantedLines = new Set([...planted.keys()].map((k) => k.split(':').slice(0, 2).join(':')));
    const byKind = Object.fromEntries(KINDS.map((k) => [k, { planted: 0, flagged: 0, setAside: 0 }]));
    let untouched = 0;
    let untouchedAside = 0;
    for (const j of judgments) {
      const key = `${basename(j.file)}:${j.line}:${j.id}`;
      const kind = planted.get(key);
      if (kind) {
        const entry = byKind[kind] ?? { planted: 0, flagged: 0, setAside: 0 };
        entry.planted += 1;
        if (j.flags.some((f) => CAUGHT_BY[kind].includes(f))) entry.flagged += 1;
        if (j.verdict === 'set-aside') entry.setAside += 1;
      } else if (!plantedLines.has(`${basename(j.file)}:${j.line}`)) {
        untouched += 1;
        if (j.verdict === 'set-aside') untouchedAside += 1;
      }
    }
    const share = (a: number, b: number) => (b === 0 ? 0 : a / b);
    const rows = KINDS.map((k) => {
      const e = byKind[k] ?? { planted: 0, flagged: 0, setAside: 0 };
      return `${k}: planted ${e.planted}, flagged ${(100 * share(e.flagged, e.planted)).toFixed(1)}%, set aside ${(100 * share(e.setAside, e.planted)).toFixed(1)}%`;
    });
    process.stderr.write(
      `planted defects:\n  ${rows.join('\n  ')}\n  untouched: ${untouched} conversations, ${untouchedAside} set aside (${(100 * share(untouchedAside, untouched)).toFixed(2)}%)\n`,
    );
    for (const k of ['language', 'meta', 'repetition'] as const)
      expect(share(byKind[k]?.flagged ?? 0, byKind[k]?.planted ?? 0)).toBeGreaterThan(0.9);
    // Every changed number is flagged; telling a changed fact (set aside) from an invented example (marked) is the
    // hard part: about half are told (the figure in the README).
    expect(share(byKind.number?.flagged ?? 0, byKind.number?.planted ?? 0)).toBeGreaterThan(0.9);
    expect(share(byKind.number?.setAside ?? 0, byKind.number?.planted ?? 0)).toBeGreaterThan(0.3);
    expect(share(untouchedAside, untouched)).toBeLessThan(0.05);
  });
});
