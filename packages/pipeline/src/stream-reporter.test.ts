import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { StreamReporter } from './stream-reporter.js';

function capture() {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (c: Buffer) => {
    text += c.toString();
  });
  return { stream, read: () => text };
}

describe('StreamReporter', () => {
  it('prints plain, throttled progress lines when not on a terminal', () => {
    const out = capture();
    let now = 0;
    const reporter = new StreamReporter({
      stream: out.stream,
      interactive: false,
      label: 'split',
      now: () => now,
    });
    reporter.phase('counting tokens', 100, 'requests');
    for (let i = 1; i <= 100; i += 1) {
      now += 100;
      reporter.progress(i);
    }
    const lines = out.read().trim().split('\n');
    expect(lines[0]).toBe('[split] counting tokens (100 requests)');
    expect(lines.length).toBeLessThan(10);
    expect(lines.at(-1)).toBe('[split] counting tokens: 100/100 requests');
    expect(out.read()).not.toContain('\r');
  });

  it('writes sizes and progress counts with thousands separators', () => {
    const out = capture();
    const reporter = new StreamReporter({ stream: out.stream, interactive: false, now: () => 0 });
    reporter.phase('splitting requests.jsonl', 8_463_672, 'bytes');
    reporter.progress(8_463_672);
    expect(out.read().trim().split('\n')).toEqual([
      'splitting requests.jsonl (8,463,672 bytes)',
      'splitting requests.jsonl: 8,463,672/8,463,672 bytes',
    ]);
    const bar = capture();
    const onTerminal = new StreamReporter({ stream: bar.stream, interactive: true });
    onTerminal.phase('reading', 12_000, 'lines');
    onTerminal.progress(1500);
    expect(bar.read()).toContain('1,500/12,000 lines');
  });

  it('draws a progress bar on a terminal', () => {
    const out = capture();
    const reporter = new StreamReporter({ stream: out.stream, interactive: true });
    reporter.phase('uploading', 4);
    reporter.progress(2);
    reporter.close();
    expect(out.read()).toContain('[############------------] 2/4');
  });

  it('keeps warnings when quiet and drops the rest; shows debug only when verbose', () => {
    const out = capture();
    const reporter = new StreamReporter({ stream: out.stream, interactive: false, quiet: true });
    reporter.info('hello');
    reporter.debug('details');
    reporter.warn('careful with hf_abcdefghijklmnopqrstuvwx');
    expect(out.read()).toBe('warning: careful with [REDACTED]\n');
  });

  it('keeps one transient status line on a terminal, erased when the stage ends', () => {
    const out = capture();
    const reporter = new StreamReporter({ stream: out.stream, interactive: true, label: 'split' });
    reporter.phase('counting tokens', 4, 'requests');
    reporter.progress(4);
    reporter.close();
    const text = out.read();
    expect(text).not.toContain('\n');
    expect(text.endsWith('\r\x1b[2K')).toBe(true);
  });

  it('cuts the status line to the width of the terminal', () => {
    const out = capture();
    const stream = Object.assign(out.stream, { columns: 30 });
    const reporter = new StreamReporter({ stream, interactive: true, label: 'publish' });
    reporter.phase('uploading data/train-00000-of-00001.parquet to the Hub', 10, 'files');
    reporter.progress(3);
    const lines = out.read().split('\r\x1b[2K').filter(Boolean);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line.length).toBeLessThan(30);
  });
});
