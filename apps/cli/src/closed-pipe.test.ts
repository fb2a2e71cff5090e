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
  it('writes the whole text, in further writes when the descriptor takes only part of it', () => {
    const written: string[] = [];
    writeQuickly(
      'வணக்கம் 0.1.0\n',
      () => written.push('fallback'),
      (bytes, offset) => {
        const piece = bytes.subarray(offset, Math.min(offset + 4, bytes.length));
        written.push(Buffer.from(piece).toString('hex'));
        return piece.length;
      },
    );
    expect(written.length).toBeGreaterThan(1);
    expect(Buffer.from(written.join(''), 'hex').toString()).toBe('வணக்கம் 0.1.0\n');
  });

  it('stays quiet when the reader closed the pipe, and leaves the rest to the stream on any other failure', () => {
    for (const [code, expected] of [
      ['EPIPE', []],
      ['EAGAIN', ['cdef']],
    ] as const) {
      const fallbacks: string[] = [];
      writeQuickly(
        'abcdef',
        (rest) => fallbacks.push(Buffer.from(rest).toString()),
        (_bytes, offset) => {
          if (offset === 0) return 2;
          throw pipeError(code);
        },
      );
      expect(fallbacks, code).toEqual(expected);
    }
  });
});
