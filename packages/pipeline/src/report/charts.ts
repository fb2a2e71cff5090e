import { formatCount } from '@kalvimate/core';
import { escapeHtml } from './escape.js';

/** One bar of a chart. */
export interface Bar {
  label: string;
  value: number;
}

/** One group of a paired chart: the same label measured twice (e.g. estimated and actual). */
export interface PairedBar {
  label: string;
  values: readonly [number, number];
}

interface ChartFrame {
  /** Unique within the page; used for the aria references. */
  id: string;
  title: string;
  /** One sentence that says what the chart shows, read by screen readers. */
  description: string;
  /** Formats a value for the labels (default: whole numbers with thousands separators). */
  format?: (value: number) => string;
}

const WIDTH = 760;
const LABEL_WIDTH = 260;
const VALUE_WIDTH = 90;
const ROW = 24;
const BAR = 16;
const PAD = 8;
const COLORS = ['#1f5fa8', '#c2570c'] as const;
const MAX_LABEL_CHARS = 30;

const defaultFormat = (value: number) => formatCount(Math.round(value));

function shortLabel(label: string): string {
  return label.length > MAX_LABEL_CHARS ? `${label.slice(0, MAX_LABEL_CHARS - 1)}…` : label;
}

function open(frame: ChartFrame, height: number): string {
  const id = escapeHtml(frame.id);
  return [
    `<svg class="chart" role="img" aria-labelledby="${id}-title ${id}-desc" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" xmlns="http://www.w3.org/2000/svg">`,
    `<title id="${id}-title">${escapeHtml(frame.title)}</title>`,
    `<desc id="${id}-desc">${escapeHtml(frame.description)}</desc>`,
  ].join('');
}

function barWidth(value: number, max: number): number {
  const area = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  if (max <= 0 || value <= 0) return 0;
  // A tiny value still shows as a sliver so that it reads as "some", not "none".
  return Math.max(2, Math.round((value / max) * area));
}

function labelText(y: number, label: string): string {
  return `<text class="label" x="${LABEL_WIDTH - PAD}" y="${y}" text-anchor="end" dominant-baseline="middle">${escapeHtml(shortLabel(label))}</text>`;
}

/** A horizontal bar chart, one row per bar, as an inline SVG with a title and description. */
export function barChart(frame: ChartFrame & { bars: readonly Bar[] }): string {
  const format = frame.format ?? defaultFormat;
  const max = Math.max(0, ...frame.bars.map((b) => b.value));
  const height = frame.bars.length * ROW + PAD * 2;
  const rows = frame.bars.map((bar, i) => {
    const top = PAD + i * ROW;
    const mid = top + ROW / 2;
    const w = barWidth(bar.value, max);
    const text = `${bar.label}: ${format(bar.value)}`;
    return [
      `<g class="row">`,
      labelText(mid, bar.label),
      `<rect class="bar" x="${LABEL_WIDTH}" y="${top + (ROW - BAR) / 2}" width="${w}" height="${BAR}" fill="${COLORS[0]}"><title>${escapeHtml(text)}</title></rect>`,
      `<text class="value" x="${LABEL_WIDTH + w + 6}" y="${mid}" dominant-baseline="middle">${escapeHtml(format(bar.value))}</text>`,
      `</g>`,
    ].join('');
  });
  return `${open(frame, height)}${rows.join('')}</svg>`;
}

/**
 * Two bars per group (e.g. estimated and actual, or topics and requests), with a legend naming the
 * two series.
 */
export function pairedBarChart(
  frame: ChartFrame & { series: readonly [string, string]; groups: readonly PairedBar[] },
): string {
  const format = frame.format ?? defaultFormat;
  const max = Math.max(0, ...frame.groups.flatMap((g) => g.values));
  const legend = 22;
  const groupHeight = BAR * 2 + 10;
  const height = legend + frame.groups.length * groupHeight + PAD * 2;
  const legendItems = frame.series
    .map((name, s) => {
      const x = LABEL_WIDTH + s * 180;
      return `<rect x="${x}" y="4" width="12" height="12" fill="${COLORS[s]}"/><text class="legend" x="${x + 18}" y="10" dominant-baseline="middle">${escapeHtml(name)}</text>`;
    })
    .join('');
  const groups = frame.groups.map((group, i) => {
    const top = legend + PAD + i * groupHeight;
    const bars = group.values.map((value, s) => {
      const y = top + s * (BAR + 2);
      const w = barWidth(value, max);
      const text = `${group.label}, ${frame.series[s]}: ${format(value)}`;
      return [
        `<rect class="bar" x="${LABEL_WIDTH}" y="${y}" width="${w}" height="${BAR}" fill="${COLORS[s]}"><title>${escapeHtml(text)}</title></rect>`,
        `<text class="value" x="${LABEL_WIDTH + w + 6}" y="${y + BAR / 2}" dominant-baseline="middle">${escapeHtml(format(value))}</text>`,
      ].join('');
    });
    return `<g class="row">${labelText(top + BAR + 1, group.label)}${bars.join('')}</g>`;
  });
  return `${open(frame, height)}<g class="legend">${legendItems}</g>${groups.join('')}</svg>`;
}

/** Counts values into `binCount` equal-width bins labelled "a–b". */
export function histogram(values: readonly number[], binCount = 10, unit = ''): Bar[] {
  if (values.length === 0) return [];
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const span = max - min;
  const rawWidth = span / binCount;
  // Round bin widths to a readable step (1, 2, 5 × 10^n).
  const magnitude = 10 ** Math.floor(Math.log10(Math.max(1, rawWidth)));
  const width = [1, 2, 5, 10].map((m) => m * magnitude).find((w) => w >= rawWidth) ?? 10 * magnitude;
  const start = Math.floor(min / width) * width;
  const bins = Math.max(1, Math.floor((max - start) / width) + 1);
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) {
    const i = Math.min(bins - 1, Math.floor((v - start) / width));
    counts[i] = (counts[i] ?? 0) + 1;
  }
  const suffix = unit ? ` ${unit}` : '';
  return counts.map((value, i) => {
    const low = start + i * width;
    const high = low + width - 1;
    return { label: `${formatCount(low)}–${formatCount(high)}${suffix}`, value };
  });
}
