import { compareLabels, JudgmentSchema, type RequestsManifest, readJsonl } from '@kalvimate/core';
import { type Bar, barChart } from './charts.js';
import { escapeHtml } from './escape.js';

/** What the judge found, per template and per chapter (from `judgments/judgments.jsonl`). */
export interface QualitySection {
  conversations: number;
  setAside: number;
  /** Per template (or chapter): conversations, those with any flag, those set aside, and each flag's count. */
  byTemplate: Record<string, QualityGroup>;
  byChapter: Record<string, QualityGroup>;
  /** Conversations the LLM judge scored. */
  scored: number;
}

export interface QualityGroup {
  conversations: number;
  flagged: number;
  setAside: number;
  flags: Record<string, number>;
  /** Sum of each criterion's scores and how many were scored, for the means. */
  scoreSums: Record<string, number>;
  scored: number;
}

function group(record: Record<string, QualityGroup>, key: string): QualityGroup {
  let entry = record[key];
  if (!entry) {
    entry = { conversations: 0, flagged: 0, setAside: 0, flags: {}, scoreSums: {}, scored: 0 };
    record[key] = entry;
  }
  return entry;
}

/**
 * Reads the judgments (streamed) into counts per template and chapter; the request manifest names each
 * custom_id's template and chapter (without it they are `unknown`). Undefined when there are no judgments.
 */
export async function collectQuality(
  file: string,
  manifest: RequestsManifest | undefined,
): Promise<QualitySection | undefined> {
  const out: QualitySection = { conversations: 0, setAside: 0, byTemplate: {}, byChapter: {}, scored: 0 };
  try {
    for await (const { value } of readJsonl(file)) {
      const parsed = JudgmentSchema.safeParse(value);
      if (!parsed.success) continue;
      const j = parsed.data;
      const request = manifest?.requests[j.custom_id];
      const chapter = request ? `${request.chapter} ${request.chapterTitle}`.trim() : 'unknown';
      out.conversations += 1;
      if (j.verdict === 'set-aside') out.setAside += 1;
      if (j.scores) out.scored += 1;
      for (const g of [
        group(out.byTemplate, request?.template ?? 'unknown'),
        group(out.byChapter, chapter),
      ]) {
        g.conversations += 1;
        if (j.flags.length > 0) g.flagged += 1;
        if (j.verdict === 'set-aside') g.setAside += 1;
        for (const flag of j.flags) g.flags[flag] = (g.flags[flag] ?? 0) + 1;
        if (j.scores) {
          g.scored += 1;
          for (const [criterion, score] of Object.entries(j.scores))
            g.scoreSums[criterion] = (g.scoreSums[criterion] ?? 0) + score;
        }
      }
    }
  } catch {
    return undefined;
  }
  return out.conversations > 0 ? out : undefined;
}

const percent = (value: number) => `${value.toFixed(1)} %`;
const score = (value: number) => value.toFixed(2);

function byChapterNumber([a]: [string, unknown], [b]: [string, unknown]): number {
  return compareLabels(a, b);
}

function flaggedBars(groups: Record<string, QualityGroup>): Bar[] {
  return Object.entries(groups)
    .sort(byChapterNumber)
    .map(([label, g]) => ({ label, value: g.conversations > 0 ? (100 * g.flagged) / g.conversations : 0 }));
}

function scoreBars(groups: Record<string, QualityGroup>, perCriterion: boolean): Bar[] {
  return Object.entries(groups)
    .sort(byChapterNumber)
    .filter(([, g]) => g.scored > 0)
    .flatMap(([label, g]) => {
      const means = Object.entries(g.scoreSums).map(([c, sum]) => [c, sum / g.scored] as const);
      if (perCriterion) return means.map(([c, mean]) => ({ label: `${label} · ${c}`, value: mean }));
      const all = means.reduce((a, [, m]) => a + m, 0) / Math.max(1, means.length);
      return [{ label, value: all }];
    });
}

/** The report's quality section: flags and LLM scores per template and per chapter, as charts and a table. */
export function qualitySectionHtml(quality: QualitySection | undefined, fmt: (n: number) => string): string {
  if (!quality)
    return '<h2 id="quality">Quality</h2><p>Not judged yet: run <code>kalvimate judge</code> (or <code>kalvimate run</code>).</p>';
  const flags = [...new Set(Object.values(quality.byTemplate).flatMap((g) => Object.keys(g.flags)))].sort();
  const table = [
    '<table><caption>Flags per template (conversations with each flag)</caption>',
    `<thead><tr><th>template</th><th>judged</th><th>set aside</th>${flags.map((f) => `<th>${escapeHtml(f)}</th>`).join('')}</tr></thead><tbody>`,
    ...Object.entries(quality.byTemplate)
      .sort(byChapterNumber)
      .map(
        ([name, g]) =>
          `<tr><td>${escapeHtml(name)}</td><td>${fmt(g.conversations)}</td><td>${fmt(g.setAside)}</td>${flags.map((f) => `<td>${fmt(g.flags[f] ?? 0)}</td>`).join('')}</tr>`,
      ),
    '</tbody></table>',
  ].join('');
  const parts = [
    '<h2 id="quality">Quality</h2>',
    `<p>${fmt(quality.conversations)} conversations judged; ${fmt(quality.setAside)} set aside; ${fmt(quality.scored)} scored by the LLM judge. Each conversation is checked against the topic text its request gave the model; the judge's flags and scores are in <code>judgments/judgments.jsonl</code>.</p>`,
    barChart({
      id: 'chart-flags-template',
      title: 'Conversations with a flag, per template',
      description:
        'The share of each template’s conversations on which some deterministic check raised a flag.',
      bars: flaggedBars(quality.byTemplate),
      format: percent,
    }),
    barChart({
      id: 'chart-flags-chapter',
      title: 'Conversations with a flag, per chapter',
      description:
        'The share of each chapter’s conversations on which some deterministic check raised a flag.',
      bars: flaggedBars(quality.byChapter),
      format: percent,
    }),
    table,
  ];
  if (quality.scored > 0)
    parts.push(
      barChart({
        id: 'chart-scores-template',
        title: 'Mean LLM score per template and criterion (1–5)',
        description: 'For each template, the mean score the LLM judge gave on each criterion of the rubric.',
        bars: scoreBars(quality.byTemplate, true),
        format: score,
      }),
      barChart({
        id: 'chart-scores-chapter',
        title: 'Mean LLM score per chapter (1–5, all criteria)',
        description: 'For each chapter, the mean of the LLM judge’s scores over every criterion.',
        bars: scoreBars(quality.byChapter, false),
        format: score,
      }),
    );
  else parts.push('<p>No LLM judge scored these conversations (<code>--no-judge</code>, or no API key).</p>');
  return parts.join('');
}
