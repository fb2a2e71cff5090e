import { Readable, Writable } from 'node:stream';
import { type FileVersion, type ReceiptSession, recordReceipt } from '@kalvimate/core/receipt';
import { processIO } from './io.js';
import { main } from './program.js';

type Terminal = { isTTY?: boolean; columns?: number };

/** `stream`, standing for `like`: a terminal of the same width, or not a terminal. */
function standingFor<T extends Writable | Readable>(stream: T, like: Terminal): T & Terminal {
  return Object.assign(stream, { isTTY: like.isTTY, columns: like.columns });
}

/**
 * Rehearses a `run` that did work and offered it (ReceiptRecorder.offerRehearsal): runs the same command
 * line again at once, in this process, with its output kept from the terminal and the hashes the first
 * run took trusted, and keeps the receipt of that second run when it did nothing. The run right after a
 * first run is then replayed as later ones are. It answers no question (stdin is empty) and stops before
 * any stage would run, so it never does a stage's work or spends; true when it kept a receipt.
 */
export async function rehearseRun(
  args: readonly string[],
  session: ReceiptSession,
  files: Readonly<Record<string, FileVersion>>,
): Promise<boolean> {
  const io = processIO();
  const nowhere = () => new Writable({ write: (_chunk, _encoding, done) => done() });
  const stdout = standingFor(nowhere(), io.stdout);
  const stderr = standingFor(nowhere(), io.stderr);
  const stdin = standingFor(Readable.from([]), io.stdin);
  const recorder = recordReceipt(session, { stdout, stderr });
  if (!recorder) return false;
  try {
    const code = await main([...args], {
      ...io,
      stdout,
      stderr,
      stdin,
      receipt: recorder,
      rehearsal: { files },
    });
    return code === 0 && recorder.save();
  } catch {
    return false;
  }
}
