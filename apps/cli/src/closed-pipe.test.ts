import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { endQuietlyOnClosedPipe, writeQuickly } from './closed-pipe.js';

function pipeError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`write ${code}`), { code });
}

describe('endQuietlyOnClosedPipe', () => {
  it('ends the process quietly when the reader closed the pipe', () => {
    const stream = new PassThrough();
    const exits: number[] = [];
    endQuietlyOnClosedPipe(stream, (code) => exits.push(code));
    stream.emit('error', pipeError('EPIPE'));
    expect(exits).toEqual([0]);
  });

  it('lets any other stream error through', () => {
    const stream = new PassThrough();
    endQuietlyOnClosedPipe(stream, () => {
      throw new Error('must not exit');
    });
    expect(() => stream.emit('error', pipeError('ENOSPC'))).toThrow('write ENOSPC');
  });
});

describe('writeQuickly', () => {
  it('writes the text to the descriptor', () => {
    const written: string[] = [];
    writeQuickly(
      '0.1.0\n',
      () => written.push('fallback'),
      (text) => written.push(text),
    );
    expect(written).toEqual(['0.1.0\n']);
  });

  it('stays quiet when the reader closed the pipe, and leaves any other failure to the stream', () => {
    for (const [code, expected] of [
      ['EPIPE', []],
      ['EAGAIN', ['x']],
    ] as const) {
      const fallbacks: string[] = [];
      writeQuickly(
        'x',
        (text) => fallbacks.push(text),
        () => {
          throw pipeError(code);
        },
      );
      expect(fallbacks, code).toEqual(expected);
    }
  });
});
