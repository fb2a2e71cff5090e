import { AWAITING_BATCH, IN_FLIGHT } from './attempts.js';
import { attemptRef, type PartAttempt, type RunContext } from './run-context.js';
import { pickStartable } from './scheduler.js';

/** When a batch refused for the queue limit may be tried again. */
interface CapacityGate {
  /** Not before this time (ms)... */
  notBefore: number;
  /** ...unless fewer of our tokens are in flight than when it was refused. */
  inFlightAtLimit: number;
}

/** Input tokens our running batches hold in the organisation's queue. */
export function inFlightTokens(current: readonly PartAttempt[]): number {
  let tokens = 0;
  for (const { attempt } of current) {
    const status = attempt.batches.at(-1)?.status;
    if (attempt.state === 'submitted' && status && IN_FLIGHT.has(status)) tokens += attempt.tokens;
  }
  return tokens;
}

/**
 * The enqueued-token budget of a run: which batch attempts may be created now, and the gates that
 * hold back an attempt the API refused with `token_limit_exceeded` (the organisation's queue was full).
 */
export class QueueCapacity {
  private readonly gates = new Map<string, CapacityGate>();

  constructor(
    private readonly budget: number,
    private readonly now: () => number,
    /** First wait after a refusal; it doubles with each refusal of the same attempt, up to 16 times. */
    private readonly capacityWaitMs: number,
  ) {}

  /** Batch attempts that may be created now, under the token budget and the capacity gates. */
  startable(current: readonly PartAttempt[]): PartAttempt[] {
    const inFlight = inFlightTokens(current);
    const candidates = current.filter(({ record, attempt }) => {
      if (attempt.mode !== 'batch') return false;
      if (attempt.state === 'waiting-capacity') {
        const gate = this.gates.get(record.sha256);
        return !gate || this.now() >= gate.notBefore || inFlight < gate.inFlightAtLimit;
      }
      return AWAITING_BATCH.has(attempt.state);
    });
    const picked = new Set(
      pickStartable(
        candidates.map(({ record, attempt }) => ({ key: record.sha256, tokens: attempt.tokens })),
        inFlight,
        this.budget,
      ),
    );
    return candidates.filter(({ record }) => picked.has(record.sha256));
  }

  /**
   * Puts an attempt whose batch hit the queue limit in the ledger's `waiting-capacity` state and
   * gates its resubmission: after a doubling wait, or sooner once one of ours ends.
   * `currentAfter` gives the run's current attempts once the ledger has the change.
   */
  async hold(
    ctx: RunContext,
    target: PartAttempt,
    currentAfter: () => readonly PartAttempt[],
  ): Promise<void> {
    const { record, attempt } = target;
    await ctx.store.apply({ type: 'capacity-wait', ...attemptRef(target) });
    const waits = ctx.store.part(record.sha256).attempts.find((a) => a.number === attempt.number)
      ?.capacityRetries as number;
    const waitMs = this.capacityWaitMs * 2 ** Math.min(waits - 1, 4);
    this.gates.set(record.sha256, {
      notBefore: this.now() + waitMs,
      inFlightAtLimit: inFlightTokens(currentAfter()),
    });
    ctx.log(
      'info',
      `${attempt.file}: the organisation's batch queue is full (token_limit_exceeded); resubmitting when capacity frees`,
    );
  }
}
