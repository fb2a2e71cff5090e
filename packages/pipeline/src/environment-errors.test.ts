import { UserInputError } from '@kalvimate/core';
import { describe, expect, it } from 'vitest';
import { describeError, environmentError } from './environment-errors.js';

function errno(code: string, syscall: string, path: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${syscall} '${path}'`), { code, syscall, path });
}

describe('environmentError', () => {
  it.each([
    ['EEXIST', 'mkdir', 'PATH_NOT_A_FOLDER', 'a file is where a folder should be'],
    ['ENOTDIR', 'open', 'PATH_NOT_A_FOLDER', 'a file is where a folder should be'],
    ['EISDIR', 'open', 'PATH_IS_A_FOLDER', 'it is a folder, not a file'],
    ['EACCES', 'open', 'PATH_NOT_WRITABLE', 'permission denied'],
    ['EPERM', 'rename', 'PATH_NOT_WRITABLE', 'permission denied'],
    ['EROFS', 'mkdir', 'PATH_NOT_WRITABLE', 'the file system is read-only'],
  ])('maps %s from %s to %s, naming the path', (code, syscall, expected, why) => {
    const error = environmentError(errno(code, syscall, '/data/run/dataset'));
    expect(error).toBeInstanceOf(UserInputError);
    expect(error).toMatchObject({ code: expected, exitCode: 2, file: '/data/run/dataset' });
    expect(error?.message).toContain('/data/run/dataset');
    expect(error?.message).toContain(why);
    expect(error?.hint).toContain('/data/run/dataset');
  });

  it('names the destination of a rename, not the temp file it moves', () => {
    const error = Object.assign(errno('EISDIR', 'rename', '/out/.report.html.tmp-1-ab'), {
      dest: '/out/report.html',
    });
    expect(environmentError(error)).toMatchObject({
      code: 'PATH_IS_A_FOLDER',
      file: '/out/report.html',
      message: 'cannot replace /out/report.html: it is a folder, not a file (EISDIR)',
    });
  });

  it('finds the file-system error among the causes', () => {
    const wrapped = new Error('could not write the dataset', { cause: errno('EROFS', 'open', '/ro/x') });
    expect(environmentError(wrapped)).toMatchObject({ code: 'PATH_NOT_WRITABLE', file: '/ro/x' });
  });

  it('leaves other errors alone (an EEXIST that is not mkdir, a missing path, a plain bug)', () => {
    expect(environmentError(errno('EEXIST', 'open', '/x/lock'))).toBeUndefined();
    expect(environmentError(errno('ENOENT', 'open', '/x'))).toBeUndefined();
    expect(environmentError(new TypeError('x is undefined'))).toBeUndefined();
  });
});

describe('describeError', () => {
  it('keeps a user error’s code, hint, file and line, with secrets removed', () => {
    const key = 'sk-proj-Leak0123456789abcdefXYZ';
    const report = describeError(
      new UserInputError('JSONL_BAD_LINE', `/in/${key}.jsonl:7: not valid JSON`, {
        file: `/in/${key}.jsonl`,
        line: 7,
        hint: 'Fix that line.',
      }),
    );
    expect(report).toMatchObject({ code: 'JSONL_BAD_LINE', hint: 'Fix that line.', line: 7, exitCode: 2 });
    expect(report.internal).toBe(false);
    expect(report.file).toMatch(/^\/in\/.+\.jsonl$/);
    expect(JSON.stringify(report)).not.toContain(key);
  });

  it('calls anything else internal, with no file', () => {
    const report = describeError(new TypeError('x is undefined'));
    expect(report).toMatchObject({ code: 'INTERNAL', exitCode: 1, internal: true });
    expect(report.file).toBeUndefined();
  });
});
