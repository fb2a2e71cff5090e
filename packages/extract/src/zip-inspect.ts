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

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 of a buffer, as zip stores it. */
export function crc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * Writes a small zip in memory whose entries are stored (not compressed), for files built here (the
 * normalized package files handed to epub2).
 */
export function zipStored(files: ReadonlyArray<{ name: string; data: Buffer }>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, data } of files) {
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL_SIGNATURE, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x800, 6); // names are UTF-8
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(CENTRAL_SIGNATURE, 0);
    central.writeUInt16LE(20, 4); // version made by
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(EOCD_SIGNATURE, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
