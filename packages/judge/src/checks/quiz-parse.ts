import { wordsOf } from './words.js';

/** One option of a multiple-choice question as the tutor wrote it. */
export interface QuizOption {
  letter: string;
  text: string;
  /** Where the option (marker included) starts and ends in the turn. */
  start: number;
  end: number;
}

// "A) Rest", "(B) Rest", "C. Rest", "D: Rest" after a start, a space or a separator.
const MARKER = /(?:^|(?<=[\s(,;:]))\(?([A-Ha-h])([).:])\s+/g;

/**
 * The options of the first question in `text`: the longest run of markers A, B, C, … in order. Each
 * option's text runs to the next marker; the last one to the end of its line or sentence.
 * @example optionsOf('Which? A) Rest, B) Motion').map((o) => o.text) // ['Rest', 'Motion']
 */
export function optionsOf(text: string): QuizOption[] {
  const markers: Array<{ letter: string; raw: string; style: string; start: number; textStart: number }> = [];
  for (const m of text.matchAll(MARKER)) {
    markers.push({
      letter: (m[1] ?? '').toUpperCase(),
      raw: m[1] ?? '',
      style: m[2] ?? '',
      start: m.index ?? 0,
      textStart: (m.index ?? 0) + m[0].length,
    });
  }
  let best: typeof markers = [];
  for (let i = 0; i < markers.length; i += 1) {
    if (markers[i]?.letter !== 'A') continue;
    const run = [markers[i]] as typeof markers;
    for (let j = i + 1; j < markers.length; j += 1) {
      const expected = String.fromCharCode(65 + run.length);
      // One question marks its options alike: "Dr. C. Subramaniam" inside "B) …" is not option C.
      if (markers[j]?.letter === expected && markers[j]?.style === run[0]?.style)
        run.push(markers[j] as (typeof markers)[number]);
      // A new question's "A)" ends this one; "(a)" inside an option ("Both (a) and (b)") does not.
      else if (markers[j]?.raw === run[0]?.raw && markers[j]?.style === run[0]?.style) break;
    }
    if (run.length > best.length) best = run;
    if (best.length >= 2) break;
  }
  if (best.length < 2) return [];
  return best.map((marker, i) => {
    const next = best[i + 1];
    let end = next ? next.start : text.length;
    if (!next) {
      const rest = text.slice(marker.textStart);
      const stop = /\n|[?!](?=\s+[A-Z]|\s*$)|(?<!\b(?:Dr|Mr|Mrs|Ms|St|Prof|[A-Z]))\.(?=\s+[A-Z]|\s*$)/.exec(
        rest,
      );
      end = marker.textStart + (stop ? stop.index : rest.length);
    }
    const raw = text.slice(marker.textStart, end);
    return { letter: marker.letter, text: raw.replace(/[\s,;.]+$/, '').trim(), start: marker.start, end };
  });
}

const LETTER_ONLY = /^\s*(?:option\s+)?\(?([A-H])\)?\s*[.!]?\s*$/i;
const LETTER_MARKED =
  /^\s*(?:(?:i think|i guess|i'd say|i would say|i choose|i'll go with|i will go with|my answer is|the answer is|it's|it is|is it|maybe|hmm,?|i pick)\s+)*(?:(?:it's|it is|the answer is)\s+)?(?:option\s+([A-Ha-h])\b|\(?([A-H])[).:](?:\s|$))/i;

/**
 * The option a student's answer chose: a bare letter ("C"), a marked letter ("C) Inertia", "option c"),
 * or the text of exactly one option ("I think it is inertia"). Undefined when it cannot be told.
 */
export function chosenOption(answer: string, options: readonly QuizOption[]): string | undefined {
  const letters = new Set(options.map((o) => o.letter));
  const only = LETTER_ONLY.exec(answer);
  if (only?.[1] && letters.has(only[1].toUpperCase())) return only[1].toUpperCase();
  const marked = LETTER_MARKED.exec(answer);
  const letter = (marked?.[1] ?? marked?.[2])?.toUpperCase();
  if (letter && letters.has(letter)) return letter;
  const said = ` ${wordsOf(answer).join(' ')} `;
  const contained = options.filter((o) => {
    const words = wordsOf(o.text).join(' ');
    return words !== '' && said.includes(` ${words} `);
  });
  if (contained.length === 0) return undefined;
  // "Inertia" and "Law of inertia": the longest option named wins, unless two of one length tie.
  contained.sort((a, b) => b.text.length - a.text.length);
  const [first, second] = contained;
  if (second && wordsOf(second.text).length === wordsOf(first?.text ?? '').length) return undefined;
  return first?.letter;
}

/** Whether feedback calls the student's answer right or wrong, from its first sentence and its wording. */
export type FeedbackVerdict = 'right' | 'wrong' | 'unknown';

const WRONG =
  /\b(?:not quite|not correct|incorrect|not (?:the )?(?:right|correct)|that's not it|good try|nice try|great try|good attempt|nice attempt|good effort|great effort|close,? but|almost|oops|not exactly|unfortunately|mix-?up|mistake|wrong|however,? the (?:correct|right) (?:answer|option)|actually,? the (?:correct|right) (?:answer|option)|the (?:correct|right) (?:answer|option) is actually|not the (?:best|correct) (?:answer|choice))\b/i;
const RIGHT =
  /^(?:[\p{Emoji_Presentation}\s]*)(?:(?:wow|oh|yes|yay|great|excellent|fantastic|awesome|brilliant|wonderful|superb|amazing|perfect|fabulous)[,!.]*\s+)?(?:absolutely |totally )?(?:yes\b|correct\b|exactly\b|right\b|perfect\b|spot on\b|bingo\b|well done\b|(?:good|great|nice) (?:job|work)\b|you got it\b|you've got it\b|you nailed it\b|you(?:'re| are) (?:absolutely |exactly |completely )?(?:right|correct|spot on|on target|right on target)\b|that(?:'s| is) (?:absolutely |exactly |totally |completely |the )?(?:right|correct)\b)/iu;
/^(?:[\p{Emoji_Presentation}\s]*)(?:absolutely |totally )?(?:yes\b|correct\b|exactly\b|right\b|perfect\b|excellent\b|great\b|brilliant\b|fantastic\b|awesome\b|well done\b|spot on\b|bingo\b|wonderful\b|superb\b|absolutely\b|good job\b|nice (?:job|work)\b|great (?:job|work)\b|good work\b|you got it\b|you(?:'re| are) (?:right|correct|absolutely right|spot on|on target|right on target)\b|that(?:'s| is) (?:absolutely |exactly |totally |completely )?(?:right|correct)\b|you nailed it\b|way to go\b|outstanding\b|terrific\b|impressive\b|amazing\b|you've got it\b|nicely done\b)/iu;

/**
 * The verdict of a feedback turn: "wrong" wording in its first two sentences wins; "right" needs words that say
 * so (correct, exactly, well done, good job), as "Great guess!" and "Great thinking!" open wrong answers too.
 */
export function feedbackVerdict(feedback: string): FeedbackVerdict {
  const head = feedback
    .split(/(?<=[.!?])\s+/)
    .slice(0, 2)
    .join(' ');
  if (WRONG.test(head)) return 'wrong';
  if (RIGHT.test(feedback.trim())) return 'right';
  return 'unknown';
}

const KEY =
  /\b(?:correct|right) (?:answer|option|choice) (?:is|was|would be)(?: actually)?(?: option)?\s*:?\s*\(?([A-H])(?:\)|\.|:|,|\s|$)/;

/** The option the feedback names as correct ("the correct answer is B) Rest"), if it names one by letter. */
export function keyLetter(feedback: string): string | undefined {
  return KEY.exec(feedback)?.[1];
}

/** One question of a quiz session: its options, the student's answer and the tutor's feedback. */
export interface QuizItem {
  /** 1-based turn of the question. */
  turn: number;
  options: QuizOption[];
  answer?: string;
  /** The tutor's next turn up to the next question's options (undefined when none follows). */
  feedback?: string;
}

/**
 * The questions of a quiz session in order: every tutor turn with options opens one; the student's next
 * turn is its answer and the tutor's next turn (up to its own question, if any) its feedback.
 */
export function quizItems(messages: ReadonlyArray<{ role: string; content: string }>): QuizItem[] {
  const items: QuizItem[] = [];
  let open: QuizItem | undefined;
  for (const [i, m] of messages.entries()) {
    if (m.role === 'user') {
      if (open && open.answer === undefined) open.answer = m.content;
      continue;
    }
    if (m.role !== 'assistant') continue;
    const options = askedOptions(m.content);
    if (open && open.answer !== undefined && open.feedback === undefined) {
      const cut = options.length > 0 ? questionStart(m.content, options[0]?.start ?? 0) : m.content.length;
      open.feedback = m.content.slice(0, cut).trim();
    }
    if (options.length > 0) {
      open = { turn: i + 1, options };
      items.push(open);
    }
  }
  return items;
}

/**
 * The options of the question a tutor turn asks, if it asks one: feedback that names two options ("both A) … and
 * B) …") is not a question, so two options count only after a question mark.
 */
function askedOptions(text: string): QuizOption[] {
  const options = optionsOf(text);
  if (options.length === 2 && !text.slice(0, options[0]?.start ?? 0).includes('?')) return [];
  return options;
}

/** Where the question whose first option starts at `at` begins: after the last sentence end before its stem. */
function questionStart(text: string, at: number): number {
  const before = text.slice(0, at);
  const stemEnd = before.lastIndexOf('?');
  const searchTo = stemEnd > 0 ? stemEnd : before.length;
  const head = before.slice(0, searchTo);
  let cut = 0;
  for (const m of head.matchAll(/[.!]\s+|\n+/g)) cut = (m.index ?? 0) + m[0].length;
  return cut;
}
