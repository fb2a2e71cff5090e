import { describe, expect, it } from 'vitest';
import { conversationId } from './conversation-id.js';

describe('conversationId', () => {
  it('joins the custom_id and the index with #', () => {
    expect(conversationId('req_3_chap1_topic2_smart_assistant', 4)).toBe(
      'req_3_chap1_topic2_smart_assistant#4',
    );
  });
});
