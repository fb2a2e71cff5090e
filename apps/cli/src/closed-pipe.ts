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

/**
 * Writes a short text straight to a file descriptor (the launcher's `--version`), without creating
 * Node's stdout stream, which loads the stream modules. A reader that closed the pipe is no error here
 * either. Any other failure (a non-blocking pipe that is full, say) goes to `fallback`, the stream.
 */
export function writeQuickly(
  fd: number,
  text: string,
  fallback: (text: string) => void,
  write: (fd: number, text: string) => number = writeSync,
): void {
  try {
    write(fd, text);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPIPE') fallback(text);
  }
}
