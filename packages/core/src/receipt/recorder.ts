import type { ReceiptKey } from './key.js';
import { type OutputChunk, writeReceipt } from './store.js';
import { type FileVersion, watchPaths } from './watch.js';

/**
 * Records one command: what it writes to stdout and stderr and, when the command asks for a receipt
 * (`watch`), the paths its output depends on. `save` then writes the receipt.
 */
export class ReceiptRecorder {
  readonly output: OutputChunk[] = [];
  private paths: string[] | undefined;
  private readonly known: Record<string, FileVersion> = {};
  private rehearsalFiles: Record<string, FileVersion> | undefined;

  constructor(
    private readonly dir: string,
    private readonly key: ReceiptKey,
  ) {}

  /** From now on, keeps a copy of every chunk written to `stream` (the process's descriptor `fd`). */
  capture(stream: NodeJS.WritableStream, fd: 1 | 2): void {
    const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
    const output = this.output;
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      output.push([fd, typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')]);
      return write(chunk, ...rest);
    }) as typeof stream.write;
  }

  /**
   * Asks for a receipt: the command's output depends on these paths (files, folders walked to the end,
   * paths that must stay missing) besides its key. `known` holds hashes the command already took.
   */
  watch(paths: readonly string[], known: Readonly<Record<string, FileVersion>> = {}): void {
    this.paths = [...(this.paths ?? []), ...paths];
    Object.assign(this.known, known);
  }

  /**
   * Says that the command did work and that, run again at once, it should do nothing; `files` are the
   * hashes it took. The launcher may then rehearse it: run it again in the same process, its output kept
   * from the terminal, trusting these hashes, with a recorder of its own for the receipt of that run.
   */
  offerRehearsal(files: Readonly<Record<string, FileVersion>>): void {
    this.rehearsalFiles = { ...files };
  }

  /** The hashes of a command that offered a rehearsal (see `offerRehearsal`), else undefined. */
  get rehearsal(): Readonly<Record<string, FileVersion>> | undefined {
    return this.rehearsalFiles;
  }

  /**
   * Writes the receipt when the command asked for one. A receipt is a cache: when it cannot be written
   * (no room, a read-only folder) the command has still done its work, so this returns false, not throws.
   */
  save(): boolean {
    if (this.paths === undefined) return false;
    try {
      const watched = watchPaths(this.paths, this.known);
      writeReceipt(this.dir, { version: 1, key: this.key, watched, output: this.output });
      return true;
    } catch {
      return false;
    }
  }
}
