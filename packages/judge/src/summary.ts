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
  /**
   * The LLM judge round: its model (null when it did not run), `minScore`, the judge requests this pass wrote
   * (conversations kept by the checks that no earlier round asked about), the conversations with scores, those
   * kept by the checks but without scores, and those set aside for a low score.
   */
  llm: {
    model: string | null;
    minScore: number;
    requestsWritten: number;
    scored: number;
    unscored: number;
    setAside: number;
  };
  /** Per template and criterion, how many conversations got each score (`"1"` … `"5"`). */
  scores: Record<string, Record<string, Record<string, number>>>;
}

export function emptySummary(
  language: string,
  setAside: readonly string[],
  llm: { model: string | null; minScore: number } = { model: null, minScore: 0 },
): JudgeSummary {
  return {
    schemaVersion: 1,
    language,
    setAside: [...setAside],
    responses: { in: 0, withoutConversations: 0, withoutRequest: 0 },
    conversations: { judged: 0, kept: 0, setAside: 0, flagged: 0 },
    byFlag: {},
    byTemplate: {},
    llm: { ...llm, requestsWritten: 0, scored: 0, unscored: 0, setAside: 0 },
    scores: {},
  };
}
