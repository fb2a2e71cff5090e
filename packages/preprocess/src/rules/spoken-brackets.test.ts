import { describe, expect, it } from 'vitest';
import { spokenBrackets } from './spoken-brackets.js';
import { clean, editsOf } from './test-helpers.js';

describe('spoken-brackets', () => {
  it('turns a spoken pair into brackets', () => {
    expect(clean(spokenBrackets, 'K = open bracket F plus 460 close bracket into 5 by 9')).toBe(
      'K = (F plus 460) into 5 by 9',
    );
  });

  it('resolves nested pairs inside out', () => {
    const text = 'open bracket a plus open bracket b minus c close bracket close bracket';
    expect(clean(spokenBrackets, text)).toBe('(a plus (b minus c))');
    expect(editsOf(spokenBrackets, text)).toHaveLength(2);
  });

  it('leaves an unmatched "open bracket" and prose about brackets alone', () => {
    expect(clean(spokenBrackets, 'open bracket F plus 460')).toBe('open bracket F plus 460');
    expect(clean(spokenBrackets, 'Doors open. Brackets hold shelves.')).toBe(
      'Doors open. Brackets hold shelves.',
    );
  });
});
