import { createHash, type Hash, randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { toJsonlLine } from './jsonl.js';
import { assertReplaceableFolder } from './output-folder.js';
import { mightHoldSecret, redactionKeeps, secretReplacer } from './redact.js';
import { redactJsonTextLines, redactTextLines, SecretLineFilter } from './secret-lines.js';
import { removeStaleTemps } from './stale-temps.js';

function tempSibling(path: string, tag: string): string {
  return join(dirname(path), `.${basename(path)}.${tag}-${process.pid}-${randomBytes(4).toString('hex')}`);
}

/** Puts `data` at `path` through a temp file in the same folder and a rename, exactly as given. */
async function replaceFile(path: string, data: string | Uint8Array): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  const temp = tempSibling(path, 'tmp');
  try {
    writeFileSync(temp, data, { flag: 'wx' });
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/**
 * Writes `data` to `path` atomically: a temp file in the same folder, then a rename. Text has its secrets
 * removed first, line by line (see `redactTextLines`); bytes are written as given (binary).
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await replaceFile(path, typeof data === 'string' ? redactTextLines(Buffer.from(data, 'utf8')) : data);
}

/** Writes `value` as pretty JSON (2 spaces, trailing newline) atomically, every string's secrets removed. */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  // Every string of the value appears in its JSON text, escaped only where a secret's shape has no
  // character to escape: when the whole text shows no sign of a secret, no string holds one, the
  // replacer would change nothing and the text is written as it is. This spares a book's chapters
  // a replacer call per value and a second scan of their text.
  const plain = `${JSON.stringify(value, null, 2)}\n`;
  if (!mightHoldSecret(plain)) return replaceFile(path, plain);
  // A link in a book's text shows the signs without being a secret: when no string of the value changes
  // under redaction, the replacer would write `plain` again, so only its lines that show signs are looked at.
  const text = redactionKeeps(value) ? plain : `${JSON.stringify(value, secretReplacer, 2)}\n`;
  await replaceFile(path, redactJsonTextLines(text));
}

/**
 * How much a writer gathers before it writes. The writes are synchronous: a writer of thousands of lines
 * then never waits for a round trip through the thread pool (on a textbook's first run, 0.1 s less wall
 * time), and 64 KiB at a time keeps each one short (a page-cache copy) and the writer's memory bounded.
 */
const WRITE_BUFFER_BYTES = 64 * 1024;

export interface AtomicWriterOptions {
  /** Hash the bytes as they are written: `sha256` after `commit()`. */
  sha256?: boolean;
}

/**
 * A text file being written (JSONL as a rule): it appears at its final path only on `commit()`, and
 * `abort()` removes every trace. It holds at most 64 KiB, so it can write files of any size. Every
 * line has its secrets removed on the way to disk (`SecretLineFilter`): a JSON line stays valid JSON and
 * byte for byte the same but for the secret, so even "verbatim" copies never store a key.
 */
export class AtomicFileWriter {
  readonly path: string;
  private readonly temp: string;
  private fd: number | undefined;
  private readonly gathered: Buffer[] = [];
  private gatheredBytes = 0;
  private bytesWritten = 0;
  private done = false;
  private readonly secrets = new SecretLineFilter();
  private readonly hash: Hash | undefined;
  private digest: string | undefined;

  private constructor(path: string, options: AtomicWriterOptions) {
    this.path = path;
    if (options.sha256) this.hash = createHash('sha256');
    this.temp = tempSibling(path, 'tmp');
    this.fd = openSync(this.temp, 'wx');
  }

  /** Opens a writer for `path`, creating its folder. */
  static async open(path: string, options: AtomicWriterOptions = {}): Promise<AtomicFileWriter> {
    mkdirSync(dirname(path), { recursive: true });
    return new AtomicFileWriter(path, options);
  }

  /** Bytes written so far (a line not finished yet counts as it was given). */
  get size(): number {
    return this.bytesWritten + this.secrets.heldBytes;
  }

  /** True once a secret was removed from what was written: the file then differs from what was given. */
  get redacted(): boolean {
    return this.secrets.redacted;
  }

  /** Appends text or bytes (cut anywhere). */
  async write(data: string | Uint8Array): Promise<void> {
    this.emit(typeof data === 'string' ? this.secrets.pushText(data) : this.secrets.push(toBuffer(data)));
  }

  private emit(bytes: Buffer): void {
    if (bytes.length === 0) return;
    if (this.fd === undefined) throw new Error(`${this.path}: written after commit() or abort()`);
    this.bytesWritten += bytes.length;
    this.hash?.update(bytes);
    this.gathered.push(bytes);
    this.gatheredBytes += bytes.length;
    if (this.gatheredBytes >= WRITE_BUFFER_BYTES) this.flush();
  }

  private flush(): void {
    if (this.fd === undefined || this.gatheredBytes === 0) return;
    const bytes = Buffer.concat(this.gathered, this.gatheredBytes);
    this.gathered.length = 0;
    this.gatheredBytes = 0;
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(this.fd, bytes, offset);
  }

  /** Appends one value as a JSONL line. */
  async writeJsonLine(value: unknown): Promise<void> {
    await this.write(toJsonlLine(value));
  }

  /** Flushes, closes and moves the file to its final path. */
  async commit(): Promise<void> {
    if (this.done) return;
    this.emit(this.secrets.end());
    this.flush();
    this.done = true;
    closeSync(this.fd as number);
    this.fd = undefined;
    try {
      renameSync(this.temp, this.path);
    } catch (error) {
      rmSync(this.temp, { force: true });
      throw error;
    }
    this.digest = this.hash?.digest('hex');
  }

  /**
   * The hex sha256 of the committed file, hashed as it was written (opened with `sha256: true`), so the
   * writer of a large file need not read it back to name it.
   */
  get sha256(): string {
    if (this.digest === undefined)
      throw new Error(`${this.path}: sha256 is known after commit() of a writer opened with sha256`);
    return this.digest;
  }

  /** Closes and deletes the temp file; the final path is untouched. */
  async abort(): Promise<void> {
    if (this.done) return;
    this.done = true;
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    rmSync(this.temp, { force: true });
  }
}

/** Writes values (sync or async iterable) as JSONL to `path` atomically. Returns the line count. */
export async function writeJsonlAtomic(
  path: string,
  values: Iterable<unknown> | AsyncIterable<unknown>,
): Promise<number> {
  const writer = await AtomicFileWriter.open(path);
  let count = 0;
  try {
    for await (const value of values) {
      await writer.writeJsonLine(value);
      count += 1;
    }
    await writer.commit();
    return count;
  } catch (error) {
    await writer.abort();
    throw error;
  }
}

function toBuffer(data: Uint8Array): Buffer {
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

export interface CommitDirectoryOptions {
  /**
   * True for each top-level name the stage writes into its folder. A `finalDir` holding anything else (or
   * a file at `finalDir`) is refused before `build` runs, as replacing it would destroy what the stage did
   * not write (`assertReplaceableFolder`).
   */
  owns: (name: string) => boolean;
}

/**
 * Builds a stage's output folder as a whole: `build` fills a fresh temp folder beside `finalDir`;
 * only when it resolves does the temp folder replace `finalDir`. When `build` throws, the temp
 * folder is removed and `finalDir` is left as it was (absent, or the previous complete run). A
 * `finalDir` that holds entries `owns` does not claim is refused first, and nothing is built.
 * @example await commitDirectory('data/structured_chapters', { owns: (name) => name === 'book.json' }, async (dir) => writeJsonAtomic(join(dir, 'book.json'), book));
 */
export async function commitDirectory<T>(
  finalDir: string,
  options: CommitDirectoryOptions,
  build: (tempDir: string) => Promise<T>,
): Promise<T> {
  await assertReplaceableFolder(finalDir, options.owns);
  await mkdir(dirname(finalDir), { recursive: true });
  // Temp folders an earlier, killed run left beside `finalDir`.
  await removeStaleTemps(dirname(finalDir), { prefix: `.${basename(finalDir)}.` });
  const temp = tempSibling(finalDir, 'tmp');
  await mkdir(temp);
  let result: T;
  try {
    result = await build(temp);
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
  await swapIntoPlace(temp, finalDir);
  return result;
}

/** Tries at most this many times to put a built folder in place while other processes do the same. */
const SWAP_ATTEMPTS = 3;

/**
 * Puts the complete folder `temp` at `finalDir`: the folder there (if any) is moved aside, `temp` is
 * renamed into its place, and the old one is removed. Another process committing the same folder at
 * the same moment can put its own there between the two renames (ENOTEMPTY, EEXIST): both folders are
 * complete, so this one moves that one aside too and tries again. On any other failure the old folder
 * is put back, `temp` is removed and the error thrown: `finalDir` is left as it was.
 * @internal `renameDir` is for tests.
 */
export async function swapIntoPlace(
  temp: string,
  finalDir: string,
  renameDir: (from: string, to: string) => Promise<void> = rename,
): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    const old = tempSibling(finalDir, 'old');
    let hadOld = false;
    try {
      await stat(finalDir);
      await renameDir(finalDir, old);
      hadOld = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        await rm(temp, { recursive: true, force: true });
        throw error;
      }
    }
    try {
      await renameDir(temp, finalDir);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const collided = code === 'ENOTEMPTY' || code === 'EEXIST';
      if (collided && attempt < SWAP_ATTEMPTS) {
        if (hadOld) await rm(old, { recursive: true, force: true });
        continue;
      }
      if (hadOld && !collided) await rename(old, finalDir).catch(() => undefined);
      else if (hadOld) await rm(old, { recursive: true, force: true });
      await rm(temp, { recursive: true, force: true });
      throw error;
    }
    if (hadOld) await rm(old, { recursive: true, force: true });
    return;
  }
}
