/**
 * The stable id of a conversation: the request's `custom_id` and the conversation's 0-based index
 * among those cut from its response (valid or not), so judge and publish name it alike.
 * @example conversationId('req_0_chap1_topic1_1_MCQ_based', 0) // 'req_0_chap1_topic1_1_MCQ_based#0'
 */
export function conversationId(customId: string, index: number): string {
  return `${customId}#${index}`;
}
