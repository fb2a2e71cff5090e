import { describe, expect, it } from 'vitest';
import { hasOwnMarker, itemMarkers } from './list-markers.js';

const values = (n: number) => Array.from({ length: n }, () => undefined);

describe('itemMarkers', () => {
  it('numbers from start, in the style of type, as a reading system does', () => {
    expect(itemMarkers({ values: values(3) })).toEqual(['1.', '2.', '3.']);
    expect(itemMarkers({ start: '5', values: values(2) })).toEqual(['5.', '6.']);
    expect(itemMarkers({ type: 'a', values: values(3) })).toEqual(['a.', 'b.', 'c.']);
    expect(itemMarkers({ type: 'A', start: '26', values: values(3) })).toEqual(['Z.', 'AA.', 'AB.']);
    expect(itemMarkers({ type: 'i', start: '3', values: values(3) })).toEqual(['iii.', 'iv.', 'v.']);
    expect(itemMarkers({ type: 'I', start: '1994', values: values(1) })).toEqual(['MCMXCIV.']);
  });

  it("counts down when reversed, and from an item's value on", () => {
    expect(itemMarkers({ reversed: true, values: values(3) })).toEqual(['3.', '2.', '1.']);
    expect(itemMarkers({ values: [undefined, '10', undefined] })).toEqual(['1.', '10.', '11.']);
    expect(itemMarkers({ reversed: true, start: '10', values: [undefined, undefined] })).toEqual([
      '10.',
      '9.',
    ]);
  });

  it("takes the style attribute's list-style-type over type, and ignores what it cannot read", () => {
    expect(
      itemMarkers({ type: '1', style: 'color: red; list-style-type: lower-roman', values: values(2) }),
    ).toEqual(['i.', 'ii.']);
    expect(itemMarkers({ style: 'list-style: upper-latin inside', values: values(2) })).toEqual(['A.', 'B.']);
    expect(
      itemMarkers({ type: 'x', start: 'five', style: 'list-style-type: disc', values: values(2) }),
    ).toEqual(['1.', '2.']);
    // Letters and numerals stop where they have none: zero and below are numbers.
    expect(itemMarkers({ type: 'a', start: '0', values: values(2) })).toEqual(['0.', 'a.']);
  });
});

describe('hasOwnMarker', () => {
  it('knows the markers options and questions write themselves', () => {
    for (const text of [
      '(a) 5 N',
      'b) 10 N',
      '3. Why does it fall?',
      '(iv) None',
      'C. All of these',
      '( 2 ) Two',
    ])
      expect(hasOwnMarker(text), text).toBe(true);
    for (const text of ['Apple', 'a.m. is morning', '3.5 kg of rice', 'Force (F) is mass times acceleration'])
      expect(hasOwnMarker(text), text).toBe(false);
  });
});
