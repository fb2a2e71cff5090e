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
 * Writes to stdout's descriptor, without the stream (and its modules), to the end of a partial write: a
 * closed pipe is no error; on any other failure (EAGAIN) `fallback`, the stream, gets what is left.
 */
export function writeQuickly(text: string, fallback: (rest: Uint8Array) => void, write = writeStdout): void {
  const bytes = Buffer.from(text, 'utf8');
  let offset = 0;
  try {
    while (offset < bytes.length) offset += write(bytes, offset);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPIPE') fallback(bytes.subarray(offset));
  }
}

const writeStdout = (bytes: Uint8Array, offset: number) => writeSync(1, bytes, offset);
