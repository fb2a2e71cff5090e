import { type FileHandle, open } from 'node:fs/promises';
import { inflateRawSync } from 'node:zlib';
import { UserInputError } from '@kalvimate/core';
import type { ExtractLimits } from './options.js';

/** One entry of a zip's central directory. */
export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
  /** The entry's central-directory record as stored (to copy it into a smaller archive). */
  centralRecord: Buffer;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const MAX_COMMENT = 0xffff;

function fail(code: string, file: string, problem: string, hint: string): UserInputError {
  return new UserInputError(code, `${file}: ${problem}`, { file, hint });
}

/** Reads a zip's central directory without inflating anything (reads only the file's tail). */
export async function readCentralDirectory(file: string): Promise<ZipEntry[]> {
  const handle = await open(file, 'r').catch((cause: unknown) => {
    throw new UserInputError('EPUB_NOT_FOUND', `EPUB not found: ${file}`, {
      file,
      cause,
      hint: 'Check the path, or put the book in data/raw/.',
    });
  });
  try {
    const { size } = await handle.stat();
    const tailSize = Math.min(size, MAX_COMMENT + 22);
    if (tailSize < 22)
      throw fail('EPUB_NOT_A_ZIP', file, 'not a zip file (too short to be an EPUB)', 'Give an .epub file.');
    const tail = Buffer.alloc(tailSize);
    await handle.read(tail, 0, tailSize, size - tailSize);
    let eocd = -1;
    for (let i = tailSize - 22; i >= 0; i -= 1) {
      if (tail.readUInt32LE(i) === EOCD_SIGNATURE) {
        eocd = i;
        break;
      }
    }
    if (eocd === -1) {
      const head = Buffer.alloc(4);
      await handle.read(head, 0, 4, 0);
      const looksZip = head.readUInt32LE(0) === LOCAL_SIGNATURE;
      throw looksZip
        ? fail(
            'EPUB_TRUNCATED',
            file,
            'the zip is truncated (no end of central directory)',
            'The file is incomplete: download or copy it again.',
          )
        : fail(
            'EPUB_NOT_A_ZIP',
            file,
            'not a zip file, so not an EPUB',
            'Give an .epub file (an EPUB is a zip archive).',
          );
    }
    const entries = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    if (cdOffset === 0xffffffff || entries === 0xffff) {
      throw fail(
        'EPUB_ZIP64',
        file,
        'zip64 archives are not supported',
        'Repack the EPUB as an ordinary zip.',
      );
    }
    if (cdOffset + cdSize > size) {
      throw fail(
        'EPUB_TRUNCATED',
        file,
        'the zip is truncated (central directory past the end)',
        'The file is incomplete: download or copy it again.',
      );
    }
    const cd = Buffer.alloc(cdSize);
    await handle.read(cd, 0, cdSize, cdOffset);
    const out: ZipEntry[] = [];
    let at = 0;
    for (let i = 0; i < entries; i += 1) {
      if (at + 46 > cd.length || cd.readUInt32LE(at) !== CENTRAL_SIGNATURE) {
        throw fail(
          'EPUB_CORRUPT',
          file,
          'the zip central directory is corrupt',
          'The file is damaged: get a fresh copy.',
        );
      }
      const nameLength = cd.readUInt16LE(at + 28);
      const extraLength = cd.readUInt16LE(at + 30);
      const commentLength = cd.readUInt16LE(at + 32);
      out.push({
        flags: cd.readUInt16LE(at + 8),
        method: cd.readUInt16LE(at + 10),
        compressedSize: cd.readUInt32LE(at + 20),
        uncompressedSize: cd.readUInt32LE(at + 24),
        localHeaderOffset: cd.readUInt32LE(at + 42),
        name: cd.toString('utf8', at + 46, at + 46 + nameLength),
        centralRecord: cd.subarray(at, at + 46 + nameLength + extraLength + commentLength),
      });
      at += 46 + nameLength + extraLength + commentLength;
    }
    return out;
  } finally {
    await handle.close();
  }
}

/** Refuses zip bombs and oversized books from the declared sizes, before anything is inflated. */
export function checkZipLimits(file: string, entries: readonly ZipEntry[], limits: ExtractLimits): void {
  if (entries.length > limits.maxEntries) {
    throw fail(
      'EPUB_TOO_MANY_ENTRIES',
      file,
      `${entries.length} zip entries (limit ${limits.maxEntries})`,
      'Raise extract.limits.maxEntries in the config if the book is genuine.',
    );
  }
  let total = 0;
  for (const entry of entries) {
    total += entry.uncompressedSize;
    if (entry.uncompressedSize > limits.maxEntryBytes) {
      throw fail(
        'EPUB_ENTRY_TOO_LARGE',
        file,
        `entry ${entry.name} inflates to ${entry.uncompressedSize} bytes (limit ${limits.maxEntryBytes})`,
        'Raise extract.limits.maxEntryBytes in the config if the book is genuine.',
      );
    }
    const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
    if (entry.uncompressedSize > 1024 * 1024 && ratio > limits.maxRatio) {
      throw fail(
        'EPUB_ZIP_BOMB',
        file,
        `entry ${entry.name} has a compression ratio of ${Math.round(ratio)}:1 (limit ${limits.maxRatio}:1), a zip bomb`,
        'Refusing to inflate it; raise extract.limits.maxRatio only if you trust the file.',
      );
    }
  }
  if (total > limits.maxTotalBytes) {
    throw fail(
      'EPUB_TOO_LARGE',
      file,
      `the book inflates to ${total} bytes (limit ${limits.maxTotalBytes})`,
      'Raise extract.limits.maxTotalBytes in the config if the book is genuine.',
    );
  }
}

/** Checks an entry's local header and returns its length (the entry's data starts right after it). */
async function localHeaderLength(handle: FileHandle, file: string, entry: ZipEntry): Promise<number> {
  const header = Buffer.alloc(30);
  await handle.read(header, 0, 30, entry.localHeaderOffset);
  if (header.readUInt32LE(0) !== LOCAL_SIGNATURE) {
    throw fail(
      'EPUB_CORRUPT',
      file,
      `entry ${entry.name} is damaged`,
      'The file is damaged: get a fresh copy.',
    );
  }
  return 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
}

/** Inflates one small entry (container.xml, the OPF) by itself. */
export async function readEntry(file: string, entry: ZipEntry): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const start = entry.localHeaderOffset + (await localHeaderLength(handle, file, entry));
    const data = Buffer.alloc(entry.compressedSize);
    await handle.read(data, 0, entry.compressedSize, start);
    if (entry.method === 0) return data;
    if (entry.method === 8) {
      try {
        // Never trust the data over the directory: inflate at most what the entry declared.
        return inflateRawSync(data, { maxOutputLength: Math.max(1, entry.uncompressedSize) });
      } catch (cause) {
        throw new UserInputError(
          'EPUB_CORRUPT',
          `${file}: entry ${entry.name} does not inflate to its declared ${entry.uncompressedSize} bytes`,
          { file, cause, hint: 'The file is damaged or crafted: get a fresh copy.' },
        );
      }
    }
    throw fail(
      'EPUB_UNSUPPORTED_COMPRESSION',
      file,
      `entry ${entry.name} uses zip method ${entry.method}`,
      'Repack the EPUB with ordinary deflate compression.',
    );
  } finally {
    await handle.close();
  }
}

const DESCRIPTOR_SIGNATURE = 0x08074b50;

/**
 * Copies some entries of a zip, compressed bytes untouched, into a new small zip in memory. Used to
 * give the package parser only the package files (container, OPF, TOC) instead of the whole book.
 */
export async function copyEntries(file: string, entries: readonly ZipEntry[]): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const locals: Buffer[] = [];
    const centrals: Buffer[] = [];
    let offset = 0;
    for (const entry of entries) {
      let length = (await localHeaderLength(handle, file, entry)) + entry.compressedSize;
      if (entry.flags & 8) {
        // A data descriptor follows the data: 12 bytes, or 16 with its optional signature.
        const probe = Buffer.alloc(4);
        await handle.read(probe, 0, 4, entry.localHeaderOffset + length);
        length += probe.readUInt32LE(0) === DESCRIPTOR_SIGNATURE ? 16 : 12;
      }
      const local = Buffer.alloc(length);
      await handle.read(local, 0, length, entry.localHeaderOffset);
      const central = Buffer.from(entry.centralRecord);
      central.writeUInt32LE(offset, 42);
      locals.push(local);
      centrals.push(central);
      offset += length;
    }
    const directory = Buffer.concat(centrals);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(EOCD_SIGNATURE, 0);
    end.writeUInt16LE(entries.length, 8);
    end.writeUInt16LE(entries.length, 10);
    end.writeUInt32LE(directory.length, 12);
    end.writeUInt32LE(offset, 16);
    return Buffer.concat([...locals, directory, end]);
  } finally {
    await handle.close();
  }
}
