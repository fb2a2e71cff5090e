import { describe, expect, it } from 'vitest';
import { parseFrontMatter } from './front-matter.js';

const error = { code: 'TEMPLATE_INVALID', hint: 'See prompts/README.md.' };

describe('parseFrontMatter', () => {
  it('splits the YAML front matter from the body', () => {
    const text = '---\nname: explain\nturns: 4\n---\nYou are a tutor.\n';
    expect(parseFrontMatter('explain.md', text, error)).toEqual({
      data: { name: 'explain', turns: 4 },
      body: 'You are a tutor.\n',
    });
  });

  it('reads Windows line ends and a file that ends with the front matter', () => {
    expect(parseFrontMatter('a.md', '---\r\nname: a\r\n---', error)).toEqual({
      data: { name: 'a' },
      body: '',
    });
  });

  it('gives nothing for a file without front matter', () => {
    expect(parseFrontMatter('a.md', '# A title\n', error)).toBeUndefined();
  });

  it('refuses YAML that does not parse, naming the file', () => {
    expect(() => parseFrontMatter('prompts/bad.md', '---\nname: [unclosed\n---\nbody', error)).toThrow(
      expect.objectContaining({
        code: 'TEMPLATE_INVALID',
        file: 'prompts/bad.md',
        message: expect.stringMatching(/^prompts\/bad\.md: front matter is not valid YAML \(/),
        hint: 'See prompts/README.md.',
      }),
    );
  });
});
