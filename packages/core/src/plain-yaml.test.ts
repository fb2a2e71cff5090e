import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { plainYaml } from './plain-yaml.js';

// Front matter as KalviMate's templates write it (packages/pipeline/prompts).
const TEMPLATES = [
  'name: explain\nshape: dialogues\ncount: 8\nturns: 2\nkinds: [topic, solved-problems, activity]\nmin_chars: 150\nmax_output_tokens: 2600\ntemperature: 0.6',
  'name: quiz\nshape: session\ncount: 1\nturns: 22\nkinds: [topic]\ntemperature: 0',
  'name: tutor_judge\nscale: 5\ncriteria: [faithfulness, correctness, pedagogy, clarity, language]',
];

describe('plainYaml', () => {
  it("reads the templates' front matter as the YAML parser does", () => {
    for (const text of TEMPLATES) expect(plainYaml(text), text).toEqual(parse(text));
  });

  it('reads words, numbers and flow lists of words as the YAML parser does', () => {
    const text = 'name: a_b\ncount: 12\nt: 0.75\nzero: 0\nkinds: [topic, solved-problems]\nnone: []';
    expect(plainYaml(text)).toEqual(parse(text));
  });

  it('leaves any other YAML to the parser', () => {
    for (const text of [
      'flag: true',
      'answer: yes',
      'n: -1',
      'n: 08',
      'v: 1e3',
      'q: "quoted"',
      'kinds: [topic, 3]',
      'a: 1\na: 2',
      'a: 1\n\nb: 2',
      '# comment\na: 1',
      'nested:\n  a: 1',
      'a: b # note',
      '__proto__: x',
      'null: x',
      'a: 1 ',
    ])
      expect(plainYaml(text), text).toBeUndefined();
  });
});
