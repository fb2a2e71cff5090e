import { randomBytes } from 'node:crypto';

/** A file held by the emulator, with the fields `files.retrieve` returns. */
export interface EmulatedFile {
  id: string;
  object: 'file';
  bytes: number;
  created_at: number;
  filename: string;
  purpose: string;
  status: 'processed';
  expires_at: number | null;
  status_details: null;
}

/** Unix seconds, as every timestamp of the API. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** An id in the API's style: `prefix` + 24 random hex digits. */
export function newId(prefix: string): string {
  return `${prefix}${randomBytes(12).toString('hex')}`;
}

/** In-memory file storage with the API's list order (newest first) and cursor pagination. */
export class FileStore {
  private readonly files = new Map<string, { meta: EmulatedFile; content: Buffer }>();

  add(filename: string, purpose: string, content: Buffer): EmulatedFile {
    const meta: EmulatedFile = {
      id: newId('file-'),
      object: 'file',
      bytes: content.length,
      created_at: nowSeconds(),
      filename,
      purpose,
      status: 'processed',
      expires_at: null,
      status_details: null,
    };
    this.files.set(meta.id, { meta, content });
    return meta;
  }

  get(id: string): EmulatedFile | undefined {
    return this.files.get(id)?.meta;
  }

  content(id: string): Buffer | undefined {
    return this.files.get(id)?.content;
  }

  delete(id: string): boolean {
    return this.files.delete(id);
  }

  /** Newest first (or oldest first with order 'asc'), optionally of one purpose. */
  list(purpose: string | undefined, order: 'asc' | 'desc'): EmulatedFile[] {
    const all = [...this.files.values()].map((file) => file.meta);
    const chosen = purpose ? all.filter((file) => file.purpose === purpose) : all;
    return order === 'asc' ? chosen : chosen.reverse();
  }
}

/** One page of a cursor-paginated list: items after the `after` id, up to `limit`. */
export function pageOf<T extends { id: string }>(items: T[], limit: number, after: string | undefined) {
  let start = 0;
  if (after) {
    const position = items.findIndex((item) => item.id === after);
    start = position === -1 ? items.length : position + 1;
  }
  const data = items.slice(start, start + limit);
  return {
    object: 'list' as const,
    data,
    first_id: data[0]?.id ?? null,
    last_id: data[data.length - 1]?.id ?? null,
    has_more: start + limit < items.length,
  };
}
