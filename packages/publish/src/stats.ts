/** Counts per template in stats.json and the dataset card. */
export interface TemplateStats {
  /** `session` or `dialogues:K`. */
  shape: string;
  /** Responses read for this template. */
  responses: number;
  /** Of those, set aside whole (see rejects.jsonl). */
  rejected: number;
  /** Conversations written to the dataset. */
  conversations: number;
}

/**
 * `stats.json`: every count of a publish run. The sums hold:
 * `responses.in = responses.accepted + responses.rejected`, and
 * `conversations.found = conversations.invalid + conversations.setAside + duplicates.exact + duplicates.near + conversations.written`,
 * and `conversations.written = splits.train + splits.test`.
 */
export interface PublishStats {
  schemaVersion: 1;
  book: { title: string; language: string | null };
  input: Array<{ file: string; kind: 'results' | 'requests'; lines: number }>;
  responses: { in: number; accepted: number; rejected: number };
  /** Responses set aside whole, by reason (`runaway`, `truncated`, `unparseable`, `invalid-shape`, `error-line`, …). */
  rejectsByReason: Record<string, number>;
  conversations: {
    /** Conversations cut from accepted responses. */
    found: number;
    /** Set aside one by one (rejects.jsonl, scope `conversation`). */
    invalid: number;
    invalidByReason: Record<string, number>;
    /** Set aside by the judge (rejects.jsonl, reason `judge`). */
    setAside: number;
    duplicates: { exact: number; near: number };
    written: number;
  };
  splits: { train: number; test: number };
  /** What the judge found: whether judgments were read, flags of the set-aside and of the kept conversations. */
  quality: {
    judged: boolean;
    setAsideByFlag: Record<string, number>;
    keptWithFlag: Record<string, number>;
    /** Rows with LLM scores. */
    scored: number;
  };
  files: { train: string[]; test: string[] };
  byTemplate: Record<string, TemplateStats>;
  /** Conversations written per template (the same as `byTemplate[name].conversations`). */
  perTemplate: Record<string, number>;
  /** `duplicates.exact + duplicates.near`. */
  duplicatesRemoved: number;
  /** The Hub dataset repo this folder is meant for, when one was given. */
  repoId: string | null;
  byChapter: Record<string, number>;
  /** Accepted responses per generating model. */
  models: Record<string, number>;
  /** How often each repair was needed (code fences, runaway tails, merged messages, …). */
  repairs: Record<string, number>;
  retry: { rejectedRequests: number; written: number; requestFileKnown: boolean };
  testSplit: number;
  seed: string;
  systemMessage: string;
}

/** Stats with every count at zero. */
export function emptyStats(): PublishStats {
  return {
    schemaVersion: 1,
    book: { title: '', language: null },
    input: [],
    responses: { in: 0, accepted: 0, rejected: 0 },
    rejectsByReason: {},
    conversations: {
      found: 0,
      invalid: 0,
      invalidByReason: {},
      setAside: 0,
      duplicates: { exact: 0, near: 0 },
      written: 0,
    },
    splits: { train: 0, test: 0 },
    quality: { judged: false, setAsideByFlag: {}, keptWithFlag: {}, scored: 0 },
    files: { train: [], test: [] },
    byTemplate: {},
    perTemplate: {},
    duplicatesRemoved: 0,
    repoId: null,
    byChapter: {},
    models: {},
    repairs: {},
    retry: { rejectedRequests: 0, written: 0, requestFileKnown: false },
    testSplit: 0,
    seed: '',
    systemMessage: '',
  };
}
