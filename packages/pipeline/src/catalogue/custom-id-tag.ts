/** The tag that starts every custom_id of a catalogue's book (`b1a2b3c` of `b1a2b3c-c3-t012-mcq_quiz-p1`). */
export function customIdTag(customId: string): string {
  return customId.split('-', 1)[0] ?? customId;
}
