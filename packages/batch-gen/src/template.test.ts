import { describe, expect, it } from 'vitest';
import { parseTemplate } from './template.js';

const front = (extra = '') => `---
name: quiz
shape: session
count: 1
turns: 5
kinds: [topic]
min_chars: 100
max_output_tokens: 1000
temperature: 0.5${extra}
---
`;
const body = 'Instruction for {{book_title}}.\n<!-- topic -->\nTopic: {{topic_title}}\n{{topic_text}}';

describe('parseTemplate', () => {
  it('splits the static instruction from the topic message', () => {
    const t = parseTemplate('prompts/quiz.md', front() + body);
    expect(t).toMatchObject({
      name: 'quiz',
      shape: 'session',
      system: 'Instruction for {{book_title}}.',
      user: 'Topic: {{topic_title}}\n{{topic_text}}',
    });
  });

  it('names the file and the field for bad front matter', () => {
    expect(() =>
      parseTemplate('prompts/quiz.md', front().replace('shape: session', 'shape: essay') + body),
    ).toThrow(/prompts\/quiz\.md: shape:/);
    expect(() => parseTemplate('prompts/quiz.md', front('\nextra_key: 1') + body)).toThrow(
      /prompts\/quiz\.md/,
    );
    expect(() => parseTemplate('prompts/quiz.md', body)).toThrow(/no YAML front matter/);
    expect(() => parseTemplate('prompts/other.md', front() + body)).toThrow(/differs from the file name/);
  });

  it('refuses unknown placeholders, and topic placeholders in the cached instruction', () => {
    expect(() =>
      parseTemplate('prompts/quiz.md', `${front()}x\n<!-- topic -->\n{{topic_text}} {{grade}}`),
    ).toThrow(/unknown placeholder \{\{grade\}\}/);
    expect(() =>
      parseTemplate('prompts/quiz.md', `${front()}About {{topic_title}}\n<!-- topic -->\n{{topic_text}}`),
    ).toThrow(/prompt cache/);
  });

  it('refuses an odd turns for dialogues (turns count messages), naming the file', () => {
    const dialogues = (turns: number) =>
      front().replace('shape: session', 'shape: dialogues').replace('turns: 5', `turns: ${turns}`) + body;
    expect(parseTemplate('prompts/quiz.md', dialogues(2))).toMatchObject({ shape: 'dialogues', turns: 2 });
    expect(() => parseTemplate('prompts/quiz.md', dialogues(1))).toThrow(
      expect.objectContaining({
        code: 'TEMPLATE_INVALID',
        exitCode: 2,
        file: 'prompts/quiz.md',
        message: expect.stringMatching(/^prompts\/quiz\.md: turns: 1 is odd; it counts messages/),
      }),
    );
    // A session's turns is its expected length and may be odd.
    expect(parseTemplate('prompts/quiz.md', front() + body)).toMatchObject({ shape: 'session', turns: 5 });
  });

  it('refuses a template without the topic marker', () => {
    expect(() => parseTemplate('prompts/quiz.md', `${front()}Only an instruction {{topic_text}}`)).toThrow(
      /TEMPLATE_INVALID|topic marker|<!-- topic -->/,
    );
  });
});
