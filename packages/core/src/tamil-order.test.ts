import { describe, expect, it } from 'vitest';
import { inTamilDrawnOrder, tamilInLogicalOrder } from './tamil-order.js';

/** Tamil in the order a PDF draws it: each ெ, ே, ை before its consonant (ொ, ோ, ௌ split around it). */
const drawn = (text: string) => text.normalize('NFD').replace(/([\u0B95-\u0BB9])([\u0BC6-\u0BC8])/g, '$2$1');

describe('tamilInLogicalOrder', () => {
  it('puts drawn-order Tamil in Unicode order, and leaves Unicode order and other scripts as they are', () => {
    for (const text of ['செயல்பாடு', 'கலைச்சொற்கள்', 'கற்றல் நோக்கங்கள்', 'கௌரவம் மேலும் பெரிய']) {
      expect(inTamilDrawnOrder(drawn(text))).toBe(true);
      expect(tamilInLogicalOrder(drawn(text))).toBe(text);
      expect(inTamilDrawnOrder(text)).toBe(false);
      expect(tamilInLogicalOrder(text)).toBe(text);
    }
    for (const text of ['Exercises', 'அலகு 1', '第3章', '']) expect(tamilInLogicalOrder(text)).toBe(text);
  });
});
