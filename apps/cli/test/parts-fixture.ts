import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256 } from '@kalvimate/core';

/** A chat request whose text names its custom_id ("Explain <id>."), so the emulator's `customIdOf` finds it. */
export function explainRequestLine(id: string): string {
  return JSON.stringify({
    custom_id: id,
    method: 'POST',
    url: '/v1/chat/completions',
    body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: `Explain ${id}.` }] },
  });
}

/**
 * Writes one part file per list of custom_ids (`part-001.jsonl`, …) and the splitter's manifest into
 * `<dataDir>/openai_inputs/parts`, as `kalvimate split` would. Returns every custom_id, in order.
 */
export async function writePartsFixture(
  dataDir: string,
  parts: readonly (readonly string[])[],
  tokensPerRequest = 10,
): Promise<string[]> {
  const folder = join(dataDir, 'openai_inputs', 'parts');
  await mkdir(folder, { recursive: true });
  const entries = [];
  for (const [index, ids] of parts.entries()) {
    const text = ids.map((id) => `${explainRequestLine(id)}\n`).join('');
    const file = `part-${String(index + 1).padStart(3, '0')}.jsonl`;
    await writeFile(join(folder, file), text);
    const requests = ids.length;
    entries.push({
      file,
      sha256: sha256(text),
      requests,
      bytes: text.length,
      tokens: requests * tokensPerRequest,
    });
  }
  const total = parts.reduce((n, ids) => n + ids.length, 0);
  const largest = Math.max(...parts.map((ids) => ids.length));
  await writeFile(
    join(folder, 'manifest.json'),
    JSON.stringify({
      schemaVersion: 1,
      source: { file: 'requests.jsonl', sha256: 'x', requests: total },
      model: 'gpt-4o-mini',
      url: '/v1/chat/completions',
      limits: { maxRequests: largest, maxBytes: 1000000, maxTokens: 1000000, countOutputTokens: false },
      parts: entries,
    }),
  );
  return parts.flat();
}
