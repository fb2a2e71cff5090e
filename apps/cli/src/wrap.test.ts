import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createContext } from './context.js';

describe('printed lines', () => {
  it("wraps the context's printed lines to a terminal's width, and leaves a pipe's lines whole", () => {
    const run = (tty: boolean) => {
      let text = '';
      const stdout = Object.assign(new PassThrough(), { isTTY: tty, columns: 24 });
      stdout.on('data', (chunk: Buffer) => {
        text += chunk.toString();
      });
      const io = { stdout, stderr: new PassThrough(), stdin: new PassThrough(), env: {}, cwd: '/tmp' };
      createContext(io, {}, 'test').print('  one two three four five six seven eight');
      return text;
    };
    expect(run(true)).toBe('  one two three four\n    five six seven eight\n');
    expect(run(false)).toBe('  one two three four five six seven eight\n');
  });
});
