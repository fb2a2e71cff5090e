import { sentencesOf, withoutOptions } from './degenerate.js';
import { type Check, type Flag, type JudgedConversation, quote } from './types.js';
import { wordsOf } from './words.js';

/** A number written in a text, with the unit family that follows it, if any. */
export interface NumberMention {
  /** Canonical value: no thousands separators, no trailing zeros after the point (`9.80` → `9.8`). */
  value: string;
  unit: string | undefined;
}

const NUMBER = /(?<![\p{L}\p{N}.^_])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?/gu;

// Unit spellings (symbols and the words the accessible edition uses) → one family name per quantity.
const UNITS: ReadonlyArray<[RegExp, string]> = [
  [/^(?:°\s?C|℃|degrees? (?:celsius|centigrade)|celsius)\b/i, 'celsius'],
  [/^(?:°\s?F|degrees? fahrenheit|fahrenheit)\b/i, 'fahrenheit'],
  [/^(?:K\b|kelvins?\b)/, 'kelvin'],
  [/^(?:%|per ?cent\b)/i, 'percent'],
  [
    /^(?:m\/s(?:²|2|\^2| ?-2)|metres? (?:per )?second (?:power minus two|squared)|meters? per second squared)/i,
    'acceleration',
  ],
  [/^(?:km\/h|kmph|m\/s|metres? per second|meters? per second|kilomet(?:re|er)s? per hour)/i, 'speed'],
  [/^(?:km|cm|mm|nm|µm|m)\b|^(?:kilo|centi|milli|nano|micro)?met(?:re|er)s?\b|^light ?years?\b/i, 'length'],
  [/^(?:kg|mg|g)\b|^(?:kilo|milli)?grams?\b|^tonnes?\b/i, 'mass'],
  [/^(?:ms|s|h|min|hrs?)\b|^(?:milli)?seconds?\b|^minutes?\b|^hours?\b|^days?\b|^years?\b/i, 'time'],
  [/^(?:kN|N)\b|^newtons?\b/, 'force'],
  [/^(?:kJ|J|cal|kcal)\b|^(?:kilo)?joules?\b|^(?:kilo)?calories?\b/, 'energy'],
  [/^(?:kW|W)\b|^(?:kilo)?watts?\b/, 'power'],
  [/^(?:Hz|kHz)\b|^hertz\b/, 'frequency'],
  [/^V\b|^volts?\b/, 'voltage'],
  [/^(?:A|mA)\b(?!\))|^amperes?\b|^amps?\b/, 'current'],
  [/^(?:Ω|ohms?)\b/i, 'resistance'],
  [/^(?:Pa|kPa|atm)\b|^pascals?\b|^atmospheres?\b/, 'pressure'],
  [/^(?:L|mL|ml|cc)\b|^(?:milli)?lit(?:re|er)s?\b/, 'volume'],
  [/^(?:mol|moles?)\b/i, 'amount'],
  [/^(?:dB|decibels?)\b/i, 'loudness'],
];

/** Number words (one word each) → the value they state. */
const NUMBER_WORDS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    zero: '0',
    one: '1',
    two: '2',
    three: '3',
    four: '4',
    five: '5',
    six: '6',
    seven: '7',
    eight: '8',
    nine: '9',
    ten: '10',
    eleven: '11',
    twelve: '12',
    thirteen: '13',
    fourteen: '14',
    fifteen: '15',
    sixteen: '16',
    seventeen: '17',
    eighteen: '18',
    nineteen: '19',
    twenty: '20',
    thirty: '30',
    forty: '40',
    fifty: '50',
    sixty: '60',
    seventy: '70',
    eighty: '80',
    ninety: '90',
    hundred: '100',
    thousand: '1000',
    million: '1000000',
    billion: '1000000000',
    half: '0.5',
    quarter: '0.25',
    double: '2',
    twice: '2',
    thrice: '3',
    first: '1',
    second: '2',
    third: '3',
  }),
);

/** Words that say a number belongs to a made-up example, not to a fact of the book. */
const EXAMPLE_CUE =
  /\b(?:for example|for instance|e\.g\.|suppose|imagine|let's say|let us say|say you|say a|if you|if a|if the|if we|let's take|let us take|consider|pretend|picture|think of|like when|assume|when you|let's calculate|let's find|we can calculate)\b/i;

/** Integers up to this are counting words ("3 steps", "2 examples") unless a unit follows them. */
export const SMALL_INTEGER = 10;

function canonical(whole: string, fraction: string | undefined): string {
  const int = whole.replace(/,/g, '').replace(/^0+(?=\d)/, '');
  const frac = (fraction ?? '').replace(/0+$/, '');
  return frac ? `${int}.${frac}` : int;
}

function unitAfter(text: string): string | undefined {
  const rest = text.replace(/^\s?/, '');
  for (const [re, family] of UNITS) if (re.test(rest)) return family;
  return undefined;
}

/** The numbers written in digits in `text`, with their unit families. */
export function numbersIn(text: string): Array<NumberMention & { index: number; raw: string }> {
  const out: Array<NumberMention & { index: number; raw: string }> = [];
  for (const m of text.matchAll(NUMBER)) {
    const index = m.index ?? 0;
    const raw = m[0];
    out.push({
      value: canonical(m[1] ?? '', m[2]),
      unit: unitAfter(text.slice(index + raw.length, index + raw.length + 40)),
      index,
      raw,
    });
  }
  return out;
}

/** Every value the topic text states, in digits or in words ("Kelvin ^ - one" states 1). */
export function sourceValues(text: string): Set<string> {
  // Lenient on the source side: "plutonium239" and "C O2" state 239 and 2.
  const values = new Set<string>();
  for (const m of text.matchAll(/(?<![\p{N}.])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?/gu))
    values.add(canonical(m[1] ?? '', m[2]));
  // The accessible edition breaks decimals with a space ("3. 2 MeV"); read them both ways.
  for (const m of text.matchAll(/(?<![\p{N}.])(\d+)\.\s(\d+)(?![\p{N}])/gu))
    values.add(canonical(m[1] ?? '', m[2]));
  for (const word of wordsOf(text)) {
    const value = NUMBER_WORDS.get(word);
    if (value !== undefined) values.add(value);
  }
  return values;
}

/** Topic texts whose values are remembered: a topic's text is judged once per conversation of each template. */
const REMEMBERED_SOURCES = 4096;
const valuesBySource = new Map<string, ReadonlySet<string>>();

/**
 * `sourceValues` of a topic text, remembered for the last `REMEMBERED_SOURCES` texts: every conversation of
 * every template of a topic is checked against the same text, which is long beside the tutor's turns.
 */
function topicValues(text: string): ReadonlySet<string> {
  let values = valuesBySource.get(text);
  if (values === undefined) {
    values = sourceValues(text);
    if (valuesBySource.size >= REMEMBERED_SOURCES) {
      const oldest = valuesBySource.keys().next();
      if (!oldest.done) valuesBySource.delete(oldest.value);
    }
    valuesBySource.set(text, values);
  }
  return values;
}

const STOP = new Set(
  'about above after again also because been before being between both could does doing down during each from further have having here into itself just more most other over same should some such than that their them then there these they this those through under until very what when where which while will with would your the and for are but not you all can has had its was how why who'.split(
    ' ',
  ),
);

function contentWords(text: string): Set<string> {
  return new Set(wordsOf(text).filter((w) => w.length >= 4 && !STOP.has(w) && !/^\d/.test(w)));
}

/** A small integer without a unit: a count, a list or an equation number, not a stated quantity. */
function isCount(n: NumberMention): boolean {
  return !n.unit && !n.value.includes('.') && Number(n.value) <= SMALL_INTEGER;
}

/**
 * Whether a value of the topic text and one of the tutor's can be two versions of one fact: with a unit, both in
 * that unit; without, neither a count and both of one kind (decimals, or integers of as many digits: 1942 and 1956).
 */
function comparable(source: NumberMention, tutor: NumberMention): boolean {
  if (isCount(source) || Number(source.value) === 0) return false;
  if (tutor.unit) return true;
  const decimal = (v: string) => v.includes('.');
  if (decimal(source.value) !== decimal(tutor.value)) return false;
  return decimal(source.value) || source.value.length === tutor.value.length;
}

/** Words the tutor wrote within this many words of a number describe what the number is. */
export const CONTEXT_WORDS = 6;
/** Share of those words the topic's sentence must hold for the two numbers to be one fact. */
export const SAME_FACT_SHARE = 0.5;

/** Content words within `CONTEXT_WORDS` words of the number at `index` in `sentence`. */
function contextOf(sentence: string, index: number): Set<string> {
  const before = wordsOf(sentence.slice(0, index)).slice(-CONTEXT_WORDS);
  const after = wordsOf(sentence.slice(index)).slice(1, CONTEXT_WORDS + 1);
  return contentWords([...before, ...after].join(' '));
}

/**
 * A sentence of the topic text that states a different value for the same thing, if there is one: a comparable
 * value, and most of the words around the tutor's number (what it is a number of) are in that sentence. A number
 * about another thing ("radium has atomic number 88" beside the book's "more than 83") is not a changed fact.
 */
function contradictedBy(
  sentence: string,
  mention: NumberMention & { index: number },
  sourceSentences: ReadonlyArray<{ text: string; words: Set<string>; numbers: NumberMention[] }>,
): string | undefined {
  const context = contextOf(sentence, mention.index);
  if (context.size < 2) return undefined;
  const said = new Set(numbersIn(sentence).map((n) => n.value));
  for (const source of sourceSentences) {
    const rival = source.numbers.find(
      (n) =>
        n.value !== mention.value && n.unit === mention.unit && !said.has(n.value) && comparable(n, mention),
    );
    if (!rival) continue;
    let shared = 0;
    for (const w of context) if (source.words.has(w)) shared += 1;
    if (shared >= 2 && shared / context.size >= SAME_FACT_SHARE)
      return `${rival.value}${rival.unit ? ` (${rival.unit})` : ''} in ${quote(source.text, 70)}`;
  }
  return undefined;
}

/**
 * `number-changed` and `number-unsupported`: a number (with its unit) in a tutor turn that the topic text does not
 * state. It is `number-changed` when a sentence of the topic text shares the tutor sentence's words and states a
 * different value in the same unit (a changed fact) and the sentence has no example cue; otherwise
 * `number-unsupported` (most often an invented example). Numbers the student said just before, quiz options and
 * small counting integers without a unit are not judged.
 */
export const checkNumbers: Check = (conversation: JudgedConversation) => {
  const source = conversation.source;
  if (!source) return [];
  const values = topicValues(source.text);
  let sourceSentences: Array<{ text: string; words: Set<string>; numbers: NumberMention[] }> | undefined;
  const changed: Flag[] = [];
  const unsupported: Flag[] = [];
  let previousUser = '';
  for (const [i, m] of conversation.messages.entries()) {
    if (m.role === 'user') {
      previousUser = m.content;
      continue;
    }
    if (m.role !== 'assistant') continue;
    // The student's values, read only when the tutor says a number the topic text does not.
    let studentSaid: Set<string> | undefined;
    for (const sentence of sentencesOf(withoutOptions(m.content))) {
      for (const mention of numbersIn(sentence)) {
        if (values.has(mention.value)) continue;
        studentSaid ??= sourceValues(previousUser);
        if (studentSaid.has(mention.value)) continue;
        if (isCount(mention)) continue;
        const where = `turn ${i + 1} says ${mention.raw}${mention.unit ? ` (${mention.unit})` : ''}`;
        if (!EXAMPLE_CUE.test(sentence)) {
          sourceSentences ??= sentencesOf(source.text).map((text) => ({
            text,
            words: contentWords(text),
            numbers: numbersIn(text),
          }));
          const rival = contradictedBy(sentence, mention, sourceSentences);
          if (rival) {
            changed.push({ code: 'number-changed', detail: `${where}; the topic text states ${rival}` });
            continue;
          }
        }
        unsupported.push({
          code: 'number-unsupported',
          detail: `${where}, not in the topic text: ${quote(sentence, 70)}`,
        });
      }
    }
  }
  return [...changed.slice(0, 1), ...unsupported.slice(0, 1)];
};
