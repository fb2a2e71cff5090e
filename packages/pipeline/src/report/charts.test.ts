import { describe, expect, it } from 'vitest';
import { barChart, histogram, pairedBarChart } from './charts.js';

const widths = (svg: string) =>
  [...svg.matchAll(/<rect class="bar"[^>]* width="(\d+)"/g)].map((m) => Number(m[1]));

describe('barChart', () => {
  it('draws one bar per value, proportional to the largest, with an accessible title and description', () => {
    const svg = barChart({
      id: 'c1',
      title: 'Requests per template',
      description: 'How many requests each template made.',
      bars: [
        { label: 'mcq_quiz', value: 40 },
        { label: 'lesson_openers', value: 10 },
        { label: 'none', value: 0 },
      ],
    });
    expect(svg).toContain('role="img"');
    expect(svg).toContain('aria-labelledby="c1-title c1-desc"');
    expect(svg).toContain('<title id="c1-title">Requests per template</title>');
    const [big, small, zero] = widths(svg);
    expect(big).toBeGreaterThan(0);
    expect(small).toBe(Math.round((big ?? 0) / 4));
    expect(zero).toBe(0);
  });

  it('escapes labels and shortens long ones, keeping the full text in the tooltip', () => {
    const long = `<script>alert(1)</script> ${'a very long chapter title '.repeat(3)}`;
    const svg = barChart({ id: 'x', title: 't', description: 'd', bars: [{ label: long, value: 1 }] });
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;');
    expect(svg).toMatch(/…<\/text>/);
  });
});

describe('pairedBarChart', () => {
  it('draws two bars per group on one scale, with a legend', () => {
    const svg = pairedBarChart({
      id: 'p',
      title: 'Estimated and actual',
      description: 'd',
      series: ['estimated', 'actual'],
      groups: [{ label: 'output tokens', values: [100, 50] }],
    });
    const [estimated, actual] = widths(svg);
    expect(actual).toBe(Math.round((estimated ?? 0) / 2));
    expect(svg).toContain('>estimated</text>');
    expect(svg).toContain('>actual</text>');
  });
});

describe('histogram', () => {
  it('counts every value into readable, equal-width bins', () => {
    const bins = histogram([0, 5, 12, 99, 100, 250], 5, 'tokens');
    expect(bins.reduce((n, b) => n + b.value, 0)).toBe(6);
    expect(bins[0]?.label).toBe('0–49 tokens');
    expect(bins.at(-1)?.label).toBe('250–299 tokens');
  });

  it('is empty for no values and one bin for equal values', () => {
    expect(histogram([])).toEqual([]);
    expect(histogram([7, 7, 7])).toEqual([{ label: '7–7', value: 3 }]);
  });
});
