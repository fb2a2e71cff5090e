import { describe, expect, it } from 'vitest';
import { displayPath } from './display-path.js';

describe('displayPath', () => {
  it('shows a path inside the current folder relative to it', () => {
    expect(displayPath('/home/u/book', '/home/u/book/data/report.html')).toBe('data/report.html');
  });

  it('shows a path outside the current folder as it is, never as ../..', () => {
    expect(displayPath('/work/repo', '/tmp/x/report.html')).toBe('/tmp/x/report.html');
    expect(displayPath('/work/repo/apps', '/work/repo/data')).toBe('/work/repo/data');
    expect(displayPath('/work/repo', '/work/repo')).toBe('/work/repo');
  });
});
