import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PARTS_MANIFEST_VERSION, type PartsManifest, sha256, writeJsonAtomic } from '@kalvimate/core';

/** The custom_id of request `r` of part `p` in the fixtures below. */
export const idOf = (p: number, r: number) => `book-ch${p}-t${r}-explain`;

/** One request line; its text names its custom_id so that emulator hooks can find it. */
export function requestLine(customId: string): string {
  return JSON.stringify({
    custom_id: customId,
    method: 'POST',
    url: '/v1/chat/completions',
    body: {
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'You are a patient science tutor.' },
        { role: 'user', content: `Explain the topic of ${customId} to a class IX student.` },
      ],
      max_completion_tokens: 200,
    },
  });
}

/** The custom_id a request body was built for (see `requestLine`). */
export function customIdOfBody(body: unknown): string | undefined {
  const text = JSON.stringify(body);
  return /Explain the topic of (\S+) to/.exec(text)?.[1];
}

/**
 * Writes `parts` part files of `perPart` requests and the splitter's manifest into
 * `<dataDir>/openai_inputs/parts/`. Returns the manifest path.
 */
export async function writeParts(dataDir: string, parts: number, perPart: number): Promise<string> {
  const dir = join(dataDir, 'openai_inputs', 'parts');
  const entries: PartsManifest['parts'] = [];
  for (let p = 1; p <= parts; p += 1) {
    const text = `${Array.from({ length: perPart }, (_, r) => requestLine(idOf(p, r + 1))).join('\n')}\n`;
    const file = `part-${String(p).padStart(3, '0')}.jsonl`;
    await writeFile(join(dir, file), text).catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
      const { mkdir } = await import('node:fs/promises');
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, file), text);
    });
    entries.push({
      file,
      sha256: sha256(text),
      requests: perPart,
      bytes: Buffer.byteLength(text),
      tokens: perPart * 40,
    });
  }
  const manifest: PartsManifest = {
    schemaVersion: PARTS_MANIFEST_VERSION,
    source: { file: 'requests.jsonl', sha256: 'x', requests: parts * perPart },
    model: 'gpt-4o-mini',
    url: '/v1/chat/completions',
    limits: { maxRequests: perPart, maxBytes: 1_000_000, maxTokens: 1_000_000, countOutputTokens: false },
    parts: entries,
  };
  const path = join(dir, 'manifest.json');
  await writeJsonAtomic(path, manifest);
  return path;
}
