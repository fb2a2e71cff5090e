import { Readable } from 'node:stream';
import { countChatTokens } from '@kalvimate/core';
import { describe, expect, it } from 'vitest';
import { type SplitEvent, splitRequests } from './split-stream.js';

const request = (id: string, text: string, model = 'gpt-4o-mini') =>
  JSON.stringify({
    custom_id: id,
    method: 'POST',
    url: '/v1/chat/completions',
    body: { model, messages: [{ role: 'user', content: text }] },
  });

async function run(
  source: Parameters<typeof splitRequests>[0],
  options: Parameters<typeof splitRequests>[1],
) {
  const events: SplitEvent[] = [];
  const generator = splitRequests(source, options);
  let step = await generator.next();
  for (; !step.done; step = await generator.next()) events.push(step.value);
  return { events, summary: step.value };
}

describe('splitRequests (streaming, no files)', () => {
  it('reads a readable stream in odd chunks and yields each line with its part, then each part as it closes', async () => {
    const text = `${['a', 'b', 'c'].map((id) => request(id, `text ${id}`)).join('\n')}\n`;
    const chunks =
      Buffer.from(text)
        .toString('latin1')
        .match(/[\s\S]{1,7}/g) ?? [];
    const stream = Readable.from(chunks.map((c) => Buffer.from(c, 'latin1')));
    const { events, summary } = await run(stream, { maxRequests: 2, workers: 0 });
    expect(
      events.map((e) =>
        e.type === 'line'
          ? `line ${e.customId} -> ${e.part}`
          : `${e.type} ${e.type === 'part' ? e.part.index : ''}`,
      ),
    ).toEqual(['line a -> 0', 'line b -> 0', 'part 0', 'line c -> 1', 'part 1']);
    const lines = events.flatMap((e) => (e.type === 'line' ? [e.bytes.toString('utf8')] : []));
    expect(`${lines.join('\n')}\n`).toBe(text);
    const firstPart = events.find((e) => e.type === 'part');
    expect(firstPart?.type === 'part' && firstPart.part).toMatchObject({
      requests: 2,
      firstCustomId: 'a',
      lastCustomId: 'b',
      tokens:
        countChatTokens([{ role: 'user', content: 'text a' }]) +
        countChatTokens([{ role: 'user', content: 'text b' }]),
    });
    expect(summary).toMatchObject({ model: 'gpt-4o-mini', parts: 2, requests: 3, rejected: 0 });
  });

  it('takes the model from the first request unless one is given', async () => {
    const { summary } = await run([Buffer.from(`\n${request('a', 'x', 'gpt-4.1-mini')}\n`)], { workers: 0 });
    expect(summary.model).toBe('gpt-4.1-mini');
    const forced = await run([Buffer.from(`${request('a', 'x', 'gpt-4.1-mini')}\n`)], {
      workers: 0,
      model: 'gpt-4o',
    });
    expect(forced.summary.model).toBe('gpt-4o');
  });

  it('throws on an invalid line, naming the label and the line, or yields it as rejected with skipInvalid', async () => {
    const input = [Buffer.from(`${request('a', 'x')}\n{oops\n${request('b', 'y')}\n`)];
    await expect(run(input, { workers: 0, file: 'stdin' })).rejects.toMatchObject({
      code: 'SPLIT_INVALID_LINE',
      message: expect.stringMatching(/^stdin:2: not valid JSON/),
    });
    const { events, summary } = await run(input, { workers: 0, skipInvalid: true });
    expect(
      events.filter((e) => e.type === 'rejected').map((e) => e.type === 'rejected' && e.lineNumber),
    ).toEqual([2]);
    expect(summary).toMatchObject({ requests: 2, rejected: 1 });
  });

  it('stops the counting threads when the consumer stops early', async () => {
    const lines = Array.from({ length: 600 }, (_, i) => request(`r${i}`, `topic ${i}`)).join('\n');
    const generator = splitRequests([Buffer.from(lines)], { workers: 1 });
    const first = await generator.next();
    expect(first.value).toMatchObject({ type: 'line', customId: 'r0' });
    await generator.return(undefined as never);
  });
});
