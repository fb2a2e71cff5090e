import { mightHoldSecret, mightHoldSecretBytes, redactJsonText, secretSignOffsets } from './redact.js';

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const EMPTY = Buffer.alloc(0);

/**
 * Removes secrets from text made of lines (JSONL, Markdown, HTML): each line goes through
 * `redactJsonText`, so a JSON line stays valid JSON and is kept byte for byte but for the secret.
 * Returns `text` itself when there was nothing to remove.
 */
export function redactTextLines(text: Buffer): Buffer {
  if (!mightHoldSecretBytes(text)) return text;
  const pieces: Buffer[] = [];
  let changed = false;
  let start = 0;
  while (start < text.length) {
    const newline = text.indexOf(NEWLINE, start);
    const next = newline === -1 ? text.length : newline + 1;
    let end = newline === -1 ? text.length : newline;
    if (end > start && text[end - 1] === CARRIAGE_RETURN) end -= 1;
    // Only a line that shows a sign is decoded and looked at; `clean` is set when it changed.
    let clean: string | undefined;
    if (mightHoldSecretBytes(text.subarray(start, end))) {
      const line = text.toString('utf8', start, end);
      const redacted = redactJsonText(line);
      if (redacted !== line) clean = redacted;
    }
    if (clean === undefined) pieces.push(text.subarray(start, next));
    else {
      changed = true;
      pieces.push(Buffer.from(clean, 'utf8'), text.subarray(end, next));
    }
    start = next;
  }
  return changed ? Buffer.concat(pieces) : text;
}

/**
 * `redactTextLines` for the text `JSON.stringify` writes (well-formed UTF-16, no carriage returns), as a
 * string: only the lines that show a sign of a secret are looked at, not every line of a large file.
 * Gives the same bytes as `redactTextLines(Buffer.from(text))`.
 */
export function redactJsonTextLines(text: string): string | Buffer {
  if (!mightHoldSecret(text)) return text;
  const offsets = secretSignOffsets(text);
  if (offsets === undefined) return redactTextLines(Buffer.from(text, 'utf8'));
  const starts = new Set<number>();
  for (const offset of offsets) starts.add(text.lastIndexOf('\n', offset - 1) + 1);
  let out = '';
  let copied = 0;
  let changed = false;
  for (const start of [...starts].sort((a, b) => a - b)) {
    const newline = text.indexOf('\n', start);
    let end = newline === -1 ? text.length : newline;
    if (end > start && text.charCodeAt(end - 1) === CARRIAGE_RETURN) end -= 1;
    const line = text.slice(start, end);
    const clean = mightHoldSecret(line) ? redactJsonText(line) : line;
    if (clean === line) continue;
    out += text.slice(copied, start) + clean;
    copied = end;
    changed = true;
  }
  return changed ? out + text.slice(copied) : text;
}

/**
 * The secret filter of a text stream: takes chunks cut anywhere, hands back complete lines with their
 * secrets removed (a secret split across two chunks is still found), and keeps the unfinished last line
 * until more comes or `end()`.
 */
export class SecretLineFilter {
  private pending: Buffer[] = [];
  private pendingSize = 0;
  private changed = false;

  /** True once a secret was removed from what went through. */
  get redacted(): boolean {
    return this.changed;
  }

  /** Bytes held back: the start of a line whose end has not come yet. */
  get heldBytes(): number {
    return this.pendingSize;
  }

  /** Takes a chunk; returns the cleaned complete lines it finished (possibly empty). */
  push(chunk: Buffer): Buffer {
    const lastNewline = chunk.lastIndexOf(NEWLINE);
    if (lastNewline === -1) {
      if (chunk.length > 0) {
        this.pending.push(chunk);
        this.pendingSize += chunk.length;
      }
      return EMPTY;
    }
    const head = chunk.subarray(0, lastNewline + 1);
    const lines =
      this.pending.length === 0
        ? head
        : Buffer.concat([...this.pending, head], this.pendingSize + head.length);
    const rest = chunk.subarray(lastNewline + 1);
    this.pending = rest.length > 0 ? [rest] : [];
    this.pendingSize = rest.length;
    return this.clean(lines);
  }

  /**
   * `push` for text: whole lines that show no sign of a secret (nearly every JSONL line) are encoded and
   * handed back as they are, without turning their bytes back into text to look for one.
   */
  pushText(text: string): Buffer {
    if (this.pendingSize === 0 && text.endsWith('\n') && !mightHoldSecret(text))
      return Buffer.from(text, 'utf8');
    return this.push(Buffer.from(text, 'utf8'));
  }

  /** The cleaned unfinished last line (empty when the text ended with a newline). */
  end(): Buffer {
    const rest = Buffer.concat(this.pending, this.pendingSize);
    this.pending = [];
    this.pendingSize = 0;
    return rest.length > 0 ? this.clean(rest) : EMPTY;
  }

  private clean(lines: Buffer): Buffer {
    const out = redactTextLines(lines);
    if (out !== lines) this.changed = true;
    return out;
  }
}
