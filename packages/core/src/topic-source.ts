/** What a chat request gave the model: the topic text, and the instruction around it. */
export interface TopicSource {
  /** The topic text the request gave the model (the part after the instruction). */
  text: string;
  /** The instruction part of the request (for the counts a template asks for). */
  instruction: string;
}

// The seed's prompts put the topic after this heading in their one user message.
const TOPIC_HEADING = /#{2,}\s*TOPIC CONTENT\s*#{2,}|\bTOPIC CONTENT\s*:/i;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content))
    return content.map((p) => (isRecord(p) && typeof p.text === 'string' ? p.text : '')).join('');
  return '';
}

/**
 * The topic text a chat completions request gave the model, and its instruction. KalviMate's own requests
 * put the instruction in the system message and the topic in the last user message; a single user message
 * with a "TOPIC CONTENT" heading (the seed's prompts) is cut at the heading; otherwise the whole last user
 * message is the topic. Undefined when the body has no user message.
 */
export function topicSourceOf(body: unknown): TopicSource | undefined {
  if (!isRecord(body) || !Array.isArray(body.messages)) return undefined;
  const messages = body.messages
    .filter(isRecord)
    .map((m) => ({ role: String(m.role), text: textOf(m.content) }));
  const lastUser = messages.map((m) => m.role).lastIndexOf('user');
  const user = messages[lastUser];
  if (!user) return undefined;
  const others = messages.filter((_, i) => i !== lastUser).map((m) => m.text);
  const heading = TOPIC_HEADING.exec(user.text);
  if (heading) {
    const at = heading.index ?? 0;
    return {
      text: user.text.slice(at + heading[0].length).trim(),
      instruction: [...others, user.text.slice(0, at)].join('\n').trim(),
    };
  }
  return { text: user.text.trim(), instruction: others.join('\n').trim() };
}
