import { describe, expect, it } from 'vitest';
import { DEFAULT_SYSTEM_MESSAGE, systemMessageFor } from './options.js';

describe('systemMessageFor', () => {
  it("tells the tutor to talk in the book's language, named in English and in itself", () => {
    expect(systemMessageFor(DEFAULT_SYSTEM_MESSAGE, 'ta')).toMatch(
      /Talk with the student in Tamil \(தமிழ்\)\.$/,
    );
    expect(systemMessageFor(DEFAULT_SYSTEM_MESSAGE, 'en-IN')).toMatch(/Talk with the student in English\.$/);
  });

  it('leaves out the sentence that names the language when the book names none', () => {
    const message = systemMessageFor(DEFAULT_SYSTEM_MESSAGE, undefined);
    expect(message).not.toContain('{{');
    expect(message.endsWith('say so when a question goes beyond it.')).toBe(true);
  });

  it("fills the user's own message, and leaves one without the placeholder as it is", () => {
    expect(systemMessageFor('Teach in {{ book_language }}!', 'ja')).toBe('Teach in Japanese (日本語)!');
    expect(systemMessageFor('Teach gently.', 'ta')).toBe('Teach gently.');
  });
});
