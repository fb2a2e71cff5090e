import { describe, expect, it } from 'vitest';
import { TextField } from './book-fields.js';
import { FORMULA, maskFormulas, showFormulas, unmaskFormulas } from './formula-mask.js';

describe('formula masks', () => {
  it('takes each inline formula out and puts it back in its place', () => {
    const text = 'Let \\(T : U \\to V\\) map \\(x\\)\nand \\(\\frac{a}{b}\\) , done.';
    const masked = maskFormulas(text);
    expect(masked).toEqual({
      text: `Let ${FORMULA} map ${FORMULA}\nand ${FORMULA} , done.`,
      formulas: ['\\(T : U \\to V\\)', '\\(x\\)', '\\(\\frac{a}{b}\\)'],
    });
    const cleaned = (masked?.text ?? '').replace(' ,', ',');
    expect(unmaskFormulas(cleaned, masked?.formulas ?? [])).toBe(
      'Let \\(T : U \\to V\\) map \\(x\\)\nand \\(\\frac{a}{b}\\), done.',
    );
  });

  it('leaves a text without formulas, or one that holds the stand-in itself, as it is', () => {
    expect(maskFormulas('No formula here, only (brackets) and \\ a backslash.')).toBeUndefined();
    expect(maskFormulas(`An object ${FORMULA} and \\(x\\)`)).toBeUndefined();
    expect(maskFormulas('An unclosed \\(x + y')).toBeUndefined();
  });

  it('refuses to put formulas back when a stand-in went missing or came extra', () => {
    expect(unmaskFormulas(`a ${FORMULA}`, ['\\(x\\)', '\\(y\\)'])).toBeUndefined();
    expect(unmaskFormulas(`a ${FORMULA}${FORMULA}`, ['\\(x\\)'])).toBeUndefined();
  });

  it('shows a stand-in as an elided formula for people to read', () => {
    expect(showFormulas(`map ${FORMULA}, done`)).toBe('map \\(…\\), done');
    expect(showFormulas('plain')).toBe('plain');
  });

  it('gives the rules a field with its formulas out, and commits it cleaned with them back, or not at all', () => {
    const block = { text: 'Map \\(T : U\\) , now' };
    const field = new TextField({ chapter: 1, field: 'blocks[0].text' }, true, block, 'text');
    expect(field.get()).toBe(`Map ${FORMULA} , now`);
    field.set(`Map ${FORMULA}, now`);
    field.commit();
    expect(block.text).toBe('Map \\(T : U\\), now');
    // Were a stand-in lost, the field keeps the text it had rather than lose a formula.
    field.set('Map , now');
    field.commit();
    expect(block.text).toBe('Map \\(T : U\\), now');
  });
});
