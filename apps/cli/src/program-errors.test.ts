import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CommandModule } from './command.js';
import { buildProgram } from './program.js';

function errno(code: string, syscall: string, path: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${syscall} '${path}'`), { code, syscall, path });
}

describe('the CLI reports a file-system refusal as the user’s environment', () => {
  it('exits 2 with the path for EACCES (it said "This is a bug in KalviMate", exit 1)', async () => {
    let text = '';
    const stderr = new PassThrough();
    stderr.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    const io = { stdout: new PassThrough(), stderr, stdin: new PassThrough(), env: {}, cwd: process.cwd() };
    const failing: CommandModule = {
      name: 'write',
      summary: 'writes',
      register: (command, execute) => {
        command.action(() =>
          execute(async () => {
            throw errno('EACCES', 'open', '/data/readonly/report.html');
          }),
        );
      },
    };
    let exit = -1;
    await buildProgram(
      io,
      (code) => {
        exit = code;
      },
      [failing],
    ).parseAsync(['write'], { from: 'user' });
    expect(exit).toBe(2);
    expect(text).toContain('error: cannot open /data/readonly/report.html: permission denied (EACCES)');
    expect(text).not.toContain('bug in KalviMate');
  });
});
