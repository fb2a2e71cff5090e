import { conversationId } from '@kalvimate/conversations';
import { JUDGMENT_SCHEMA_VERSION, type Judgment } from '@kalvimate/core';
import type { Flag } from './checks/types.js';

/**
 * The judgment of one conversation from its flags: set aside when any flag's code is in `setAside`, kept
 * (and marked) otherwise. `where` is the result file and line, which tell apart runs of the same requests. Each flag gives one reason, `code: detail`; the codes are listed once each.
 */
export function judgmentOf(
  customId: string,
  index: number,
  flags: readonly Flag[],
  setAside: ReadonlySet<string>,
  where: { file: string; line: number },
): Judgment {
  const codes = [...new Set(flags.map((f) => f.code))];
  return {
    schemaVersion: JUDGMENT_SCHEMA_VERSION,
    id: conversationId(customId, index),
    custom_id: customId,
    file: where.file,
    line: where.line,
    flags: codes,
    scores: null,
    verdict: codes.some((c) => setAside.has(c)) ? 'set-aside' : 'keep',
    reasons: flags.map((f) => `${f.code}: ${f.detail}`),
  };
}
