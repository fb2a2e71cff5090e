import { writeSync } from 'node:fs';

/**
 * A reader that stops early (`kalvimate --help | head`) closes the pipe: the next write fails with EPIPE.
 * That is not an error of ours or the user's, so the process ends quietly with the exit code it has,
 * instead of dying on an unhandled 'error' event with a stack trace. Any other stream error is rethrown.
 */
export function endQuietlyOnClosedPipe(
  stream: NodeJS.WritableStream,
  exit: (code: number) => void = (code) => process.exit(code),
): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  });
}

/** One write to stdout's descriptor, without the stream (and its modules); a closed pipe is no error. */
export function writeQuickly(text: string, fallback: (text: string) => void, write = writeStdout): void {
  try {
    write(text);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPIPE') fallback(text);
  }
}

const writeStdout = (text: string) => writeSync(1, text);
