import { describe, expect, it } from 'vitest';
import { spokenPowers } from './spoken-powers.js';
import { clean } from './test-helpers.js';

describe('spoken-powers', () => {
  it.each([
    ['metre second power minus two', 'm s⁻²'],
    ['1 kilogram metre second power minus one', '1 kg m s⁻¹'],
    ['gram centi metre second power minus two', 'g cm s⁻²'],
    ['9.8 m s power minus 2', '9.8 m s⁻²'],
    ['1.625 m s power minus-2', '1.625 m s⁻²'],
    ['331 m s power –1', '331 m s⁻¹'],
    ['Kelvin power minus one', 'K⁻¹'],
    ['8.31 joule mole power minus one kelvin power minus one', '8.31 J mol⁻¹ K⁻¹'],
    ['10 power 8', '10⁸'],
    ['3 times 10 power 8', '3 times 10⁸'],
    ['7 × ten power minus five', '7 × 10⁻⁵'],
    ['6.023 × 10 power twenty three', '6.023 × 10²³'],
    ['10 power of 7 to 10 power of 9', '10⁷ to 10⁹'],
    ['10 to the power minus 23', '10⁻²³'],
    ['10 m power2', '10 m²'],
    ['F is proportional to 1 by R power 2', 'F is proportional to 1 by R²'],
    ['H = I power 2Rt', 'H = I²Rt'],
    ['(a + b) power 2', '(a + b)²'],
    ['1D = 1metre power minus1.', '1D = 1m⁻¹.'],
    ['r equal to sin power minus one into 0.333', 'r equal to sin⁻¹ into 0.333'],
  ])('%s → %s', (spoken, written) => {
    expect(clean(spokenPowers, spoken)).toBe(written);
  });

  it.each([
    'power plants',
    'the power of a lens',
    'the fourth power of its wavelength',
    'a power 5 lens',
    'electric power 100 watt',
    'magnification power than',
    'empowered 2 people',
    'the sine power 2',
  ])('leaves "%s" as it is', (prose) => {
    expect(clean(spokenPowers, prose)).toBe(prose);
  });

  it('keeps decimals whole and does not take a decimal as an exponent', () => {
    expect(clean(spokenPowers, '10 power 2.5')).toBe('10 power 2.5');
    expect(clean(spokenPowers, '5.972 × 10 power 24 kg')).toBe('5.972 × 10²⁴ kg');
  });
});
