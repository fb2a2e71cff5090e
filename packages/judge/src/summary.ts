/** `judgments/summary.json`: what the judge read and decided, per flag and per template. */
export interface JudgeSummary {
  schemaVersion: 1;
  language: string;
  setAside: string[];
  responses: { in: number; withoutConversations: number; withoutRequest: number };
  conversations: { judged: number; kept: number; setAside: number; flagged: number };
  /** Conversations each flag was raised on, and how many of those it set aside (its code is in `setAside`). */
  byFlag: Record<string, { flagged: number; setAside: number }>;
  byTemplate: Record<string, { judged: number; flagged: number; setAside: number }>;
}

export function emptySummary(language: string, setAside: readonly string[]): JudgeSummary {
  return {
    schemaVersion: 1,
    language,
    setAside: [...setAside],
    responses: { in: 0, withoutConversations: 0, withoutRequest: 0 },
    conversations: { judged: 0, kept: 0, setAside: 0, flagged: 0 },
    byFlag: {},
    byTemplate: {},
  };
}
