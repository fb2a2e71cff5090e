import { createHash } from 'node:crypto';
import {
  AtomicFileWriter,
  countChatTokens,
  type EncodingName,
  RequestLineSchema,
  readFileChunksSync,
  splitLines,
  UserInputError,
} from '@kalvimate/core';

/** The name of retry part `n` of a part: `<stem>.retry-<n>.jsonl`. */
export function retryPartName(stem: string, retry: number): string {
  return `${stem}.retry-${retry}.jsonl`;
}

/** What a written retry part holds. */
export interface RetryPartInfo {
  requests: number;
  tokens: number;
  sha256: string;
}

/** Prompt tokens of one request line as OpenAI counts them (0 when the body has no messages). */
export function requestTokens(body: Record<string, unknown>, encoding: EncodingName): number {
  const messages = body.messages;
  if (!Array.isArray(messages)) return 0;
  return countChatTokens(messages as Parameters<typeof countChatTokens>[0], encoding);
}

/**
 * Writes the lines of `inputPath` whose custom_id is in `wanted` to `outPath`, byte for byte and in
 * order, atomically (streamed: constant memory beyond the id set). Returns its size and sha256.
 */
export async function writeRetryPart(
  inputPath: string,
  outPath: string,
  wanted: ReadonlySet<string>,
  encoding: EncodingName = 'o200k_base',
): Promise<RetryPartInfo> {
  const writer = await AtomicFileWriter.open(outPath);
  const hash = createHash('sha256');
  let requests = 0;
  let tokens = 0;
  try {
    for await (const { bytes, lineNumber } of splitLines(readFileChunksSync(inputPath, 1 << 20), {
      file: inputPath,
    })) {
      const text = bytes.toString('utf8').trim();
      if (text === '') continue;
      let line: ReturnType<typeof RequestLineSchema.parse>;
      try {
        line = RequestLineSchema.parse(JSON.parse(text));
      } catch (cause) {
        throw new UserInputError(
          'PART_BAD_LINE',
          `${inputPath}:${lineNumber}: not a Batch API request line`,
          {
            file: inputPath,
            line: lineNumber,
            cause,
            hint: 'The part changed since it was submitted; run kalvimate split again.',
          },
        );
      }
      if (!wanted.has(line.custom_id)) continue;
      const out = Buffer.concat([bytes, Buffer.from('\n')]);
      hash.update(out);
      await writer.write(out);
      requests += 1;
      tokens += requestTokens(line.body, encoding);
    }
    await writer.commit();
  } catch (error) {
    await writer.abort();
    throw error;
  }
  return { requests, tokens, sha256: hash.digest('hex') };
}
