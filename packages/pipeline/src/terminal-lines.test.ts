import { describe, expect, it } from 'vitest';
import { terminalWidth, wrapLine } from './terminal-lines.js';

describe('wrapLine', () => {
  it('keeps a line that fits, and breaks a longer one at spaces with a hanging indent', () => {
    expect(wrapLine('split      done', 40, 11)).toEqual(['split      done']);
    const line = 'publish    wrote 12 conversations (train 10, test 2) to data/dataset';
    const pieces = wrapLine(line, 30, 11);
    expect(pieces).toEqual([
      'publish    wrote 12',
      '           conversations',
      '           (train 10, test 2)',
      '           to data/dataset',
    ]);
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(30);
    expect(pieces.join(' ').split(/\s+/)).toEqual(line.split(/\s+/));
  });

  it('never breaks a word longer than the line (a path), and keeps the padding after a stage name', () => {
    const path = `/${'very-long-folder/'.repeat(4)}file.json`;
    expect(wrapLine(`generate   wrote ${path}`, 30, 11)).toEqual(['generate   wrote', `           ${path}`]);
  });
});

describe('terminalWidth', () => {
  it('is the columns of a terminal, and nothing for a pipe', () => {
    expect(terminalWidth({ isTTY: true, columns: 72 })).toBe(72);
    expect(terminalWidth({ columns: 72 })).toBeUndefined();
    expect(terminalWidth({ isTTY: true })).toBeUndefined();
  });
});
