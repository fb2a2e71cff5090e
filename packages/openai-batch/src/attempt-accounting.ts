import { join } from 'node:path';
import { metadataKey } from './attempts.js';
import type { Attempt, BatchRecord } from './ledger.js';
import { accountAttempt, readRequestIds, scanResultFiles } from './results.js';
import { inputPathOf, type RunContext } from './run-context.js';

/**
 * Counts an attempt's requests against its result files on disk and remembers, for the rest of the
 * run, which ones still have no good result: the retry part and the summary need that list again,
 * and a finished attempt's files do not change, so its input and results are read once, not three times.
 */
export class AttemptAccounting {
  private readonly missingByAttempt = new Map<string, Map<string, string>>();

  constructor(private readonly ctx: RunContext) {}

  /** The requests of a finished attempt without a good result, with reasons. */
  async missingOf(part: string, attempt: Attempt): Promise<Map<string, string>> {
    const known = this.missingByAttempt.get(metadataKey(part, attempt.number));
    if (known) return known;
    const batch = attempt.mode === 'batch' ? attempt.batches.at(-1) : undefined;
    return (await this.account(attempt, batch)).account.missing;
  }

  /** Counts the attempt's results, records it as finished, and says how it went. */
  async finish(part: string, number: number, batch: BatchRecord | undefined): Promise<void> {
    const attempt = this.ctx.store.part(part).attempts.find((a) => a.number === number) as Attempt;
    const { ids, scan, account } = await this.account(attempt, batch);
    await this.ctx.store.apply({
      type: 'attempt-finished',
      part,
      attempt: number,
      result: {
        good: account.good,
        missing: account.missing.size,
        reasons: account.reasons,
        usage: scan.usage,
      },
    });
    this.missingByAttempt.set(metadataKey(part, number), account.missing);
    const why = Object.entries(account.reasons)
      .map(([reason, n]) => `${n} × ${reason}`)
      .join('; ');
    this.ctx.log(
      account.missing.size > 0 ? 'warn' : 'info',
      `${attempt.file}: ${account.good}/${ids.length} request(s) answered${why ? `; without result: ${why}` : ''}`,
    );
  }

  private async account(attempt: Attempt, batch: BatchRecord | undefined) {
    const ids = await readRequestIds(inputPathOf(this.ctx, attempt));
    const scan = await scanResultFiles(attempt.resultFiles.map((f) => join(this.ctx.outDir, f)));
    return { ids, scan, account: accountAttempt(ids, scan, batch) };
  }
}
