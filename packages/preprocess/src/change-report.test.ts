import { describe, expect, it } from 'vitest';
import { snippetOf } from './change-report.js';

describe('snippetOf', () => {
  it('shows the edit with a few words around it', () => {
    const text = `${'word '.repeat(20)}10 power 8 ${'more '.repeat(20)}`;
    const index = text.indexOf('10 power 8');
    const { before, after } = snippetOf({ text, index, before: '10 power 8', after: '10⁸' });
    expect(before).toMatch(/^…(word )+10 power 8( more)+…$/);
    expect(after).toMatch(/^…(word )+10⁸( more)+…$/);
    expect(before.length).toBeLessThan(90);
  });

  it('shows a short text whole', () => {
    expect(snippetOf({ text: 'G ravity', index: 0, before: 'G ravity', after: 'Gravity' })).toEqual({
      before: 'G ravity',
      after: 'Gravity',
    });
  });
});
