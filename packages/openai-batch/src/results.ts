import { RequestLineSchema, type ResultLine, ResultLineSchema, readJsonl } from '@kalvimate/core';
import type { BatchRecord, UsageTotals } from './ledger.js';

/** What one result line says about its request. */
export interface ResultVerdict {
  customId: string;
  /** A good result: `response.status_code` 200 and no `error`. */
  ok: boolean;
  /** Why it is not good (error code and message, or the HTTP status). */
  reason?: string;
  usage?: UsageTotals;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function usageOf(body: unknown): UsageTotals | undefined {
  const usage = asRecord(asRecord(body)?.usage);
  if (!usage) return undefined;
  const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  return {
    inputTokens: n(usage.prompt_tokens),
    cachedInputTokens: n(asRecord(usage.prompt_tokens_details)?.cached_tokens),
    outputTokens: n(usage.completion_tokens),
  };
}

/**
 * Judges one Batch API output or error line. Pure.
 * @example judgeResultLine({ id: 'r', custom_id: 'a', response: { status_code: 200, body: {} }, error: null }).ok // true
 */
export function judgeResultLine(line: ResultLine): ResultVerdict {
  const usage = usageOf(line.response?.body);
  const base = { customId: line.custom_id, ...(usage ? { usage } : {}) };
  if (line.error) {
    const code = line.error.code ?? 'error';
    return { ...base, ok: false, reason: line.error.message ? `${code}: ${line.error.message}` : code };
  }
  const status = line.response?.status_code;
  if (status === 200) return { ...base, ok: true };
  const apiError = asRecord(asRecord(line.response?.body)?.error);
  const message = typeof apiError?.message === 'string' ? `: ${apiError.message}` : '';
  return { ...base, ok: false, reason: `HTTP ${status ?? 'no response'}${message}` };
}

/** The custom_ids with a good result, the failed ones with their reason, and the tokens used. */
export interface ResultScan {
  good: Set<string>;
  failed: Map<string, string>;
  usage: UsageTotals;
  lines: number;
}

/** An empty scan. */
export function emptyScan(): ResultScan {
  return {
    good: new Set(),
    failed: new Map(),
    usage: { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0 },
    lines: 0,
  };
}

/** Adds one verdict to a scan (a good result wins over an earlier failure of the same request). */
export function addVerdict(scan: ResultScan, verdict: ResultVerdict): void {
  scan.lines += 1;
  if (verdict.usage) {
    scan.usage.inputTokens += verdict.usage.inputTokens;
    scan.usage.cachedInputTokens += verdict.usage.cachedInputTokens;
    scan.usage.outputTokens += verdict.usage.outputTokens;
  }
  if (verdict.ok) {
    scan.good.add(verdict.customId);
    scan.failed.delete(verdict.customId);
  } else if (!scan.good.has(verdict.customId)) {
    scan.failed.set(verdict.customId, verdict.reason ?? 'failed');
  }
}

/** Streams result files (Batch output or error format) and judges every line. */
export async function scanResultFiles(paths: readonly string[]): Promise<ResultScan> {
  const scan = emptyScan();
  for (const path of paths) {
    for await (const { value } of readJsonl(path, { parse: (v) => ResultLineSchema.parse(v) }))
      addVerdict(scan, judgeResultLine(value));
  }
  return scan;
}

/** The custom_ids of a request file, in order (streamed). */
export async function readRequestIds(path: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const { value } of readJsonl(path, { parse: (v) => RequestLineSchema.parse(v) }))
    ids.push(value.custom_id);
  return ids;
}

/** Why a request has no line at all, from the state its batch ended in. */
export function reasonWithoutLine(batch: Pick<BatchRecord, 'status' | 'errors'> | undefined): string {
  switch (batch?.status) {
    case 'expired':
      return 'batch expired before this request ran';
    case 'cancelled':
    case 'cancelling':
      return 'batch was cancelled before this request ran';
    case 'failed': {
      const first = batch.errors?.[0];
      return `batch failed${first ? ` (${[first.code, first.message].filter(Boolean).join(': ')})` : ''}`;
    }
    case undefined:
      return 'not sent';
    default:
      return 'no line in the output or error file';
  }
}

/** The outcome of one attempt: which of its requests still lack a good result, and why. Pure. */
export interface AttemptAccount {
  good: number;
  missing: Map<string, string>;
  reasons: Record<string, number>;
}

/** Accounts an attempt's requests against the scan of its result files. Pure. */
export function accountAttempt(
  inputIds: readonly string[],
  scan: ResultScan,
  batch: Pick<BatchRecord, 'status' | 'errors'> | undefined,
): AttemptAccount {
  const missing = new Map<string, string>();
  const reasons: Record<string, number> = {};
  let good = 0;
  for (const id of inputIds) {
    if (scan.good.has(id)) {
      good += 1;
      continue;
    }
    const reason = scan.failed.get(id) ?? reasonWithoutLine(batch);
    missing.set(id, reason);
    reasons[reason] = (reasons[reason] ?? 0) + 1;
  }
  return { good, missing, reasons };
}
