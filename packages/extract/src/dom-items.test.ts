import { describe, expect, it } from 'vitest';
import { documentItems } from './dom-items.js';

const blocks = (body: string) =>
  documentItems(`<html><body>${body}</body></html>`).flatMap((i) => (i.kind === 'block' ? [i.block] : []));
const texts = (body: string) => blocks(body).map((b) => b.text);

describe('the body', () => {
  it('reads the first <body> in document order, and the whole document when there is none', () => {
    const textsOf = (html: string) =>
      documentItems(html).flatMap((i) => (i.kind === 'block' ? [i.block.text] : []));
    expect(
      textsOf('<html><head><title>t</title></head><body><p>one</p></body><body><p>two</p></body></html>'),
    ).toEqual(['one']);
    expect(textsOf('<html><div><body><p>inner</p></body></div><body><p>outer</p></body></html>')).toEqual([
      'inner',
    ]);
    expect(textsOf('<p>no body</p><p>at all</p>')).toEqual(['no body', 'at all']);
  });
});

describe('inline text', () => {
  it('keeps the space inside inline markup instead of gluing words', () => {
    expect(texts('<p>absolute<span>  scale</span> temperature</p>')).toEqual(['absolute scale temperature']);
  });

  it('does not emit the text of nested elements twice', () => {
    expect(texts('<div><div><p>Force <b>is a <i>push</i></b> or pull.</p></div></div>')).toEqual([
      'Force is a push or pull.',
    ]);
  });

  it('separates block elements and keeps non-breaking spaces for preprocess', () => {
    expect(texts('<div>one<p>two</p>three</div><p>a\u00a0b</p>')).toEqual([
      'one',
      'two',
      'three',
      'a\u00a0b',
    ]);
  });

  it('turns sup and sub into Unicode when every character maps, ^{} and _{} otherwise', () => {
    expect(texts('<p>m s<sup>-2</sup>, H<sub>2</sub>O, x<sup>ab</sup>, C<sub>xyz</sub></p>')).toEqual([
      'm s⁻², H₂O, x^{ab}, C_{xyz}',
    ]);
  });

  it('turns MathML into LaTeX, inline and as a math block', () => {
    const out = blocks(
      '<p>so <math><msup><mi>x</mi><mn>2</mn></msup></math> grows</p><math display="block"><mfrac><mi>a</mi><mi>b</mi></mfrac></math>',
    );
    expect(out[0]?.text).toBe('so \\(x^{2}\\) grows');
    expect(out[1]).toEqual({ type: 'math', text: 'a/b', latex: '\\frac{a}{b}' });
  });

  it('writes text in NFC: decomposed Tamil vowel signs and entities come out composed', () => {
    const decomposed = '\u0b95\u0bc6\u0bbe\u0bb3\u0bcd'; // கொள், with ொ written as ெ + ா
    expect(decomposed.normalize('NFC')).not.toBe(decomposed);
    expect(texts(`<p>${decomposed} &#x0B95;&#x0BC6;&#x0BBE;</p>`)).toEqual([
      `${decomposed.normalize('NFC')} \u0b95\u0bc6\u0bbe`.normalize('NFC'),
    ]);
  });

  it('passes Tamil through byte for byte', () => {
    const tamil = 'விசை என்பது ஒரு தள்ளுதல் அல்லது இழுத்தல் ஆகும்';
    expect(texts(`<p>${tamil}</p>`)).toEqual([tamil]);
  });
});

describe('structured blocks', () => {
  it('keeps table cells as rows with the caption', () => {
    const [table] = blocks(
      '<table><caption>Units</caption><tr><th>Quantity</th><th>Unit</th></tr><tr><td>Mass</td><td>kg</td></tr></table>',
    );
    expect(table).toEqual({
      type: 'table',
      caption: 'Units',
      rows: [
        ['Quantity', 'Unit'],
        ['Mass', 'kg'],
      ],
      text: 'Units\nQuantity | Unit\nMass | kg',
    });
  });

  it('reads a layout table as the text around it: one cell alone, or cells holding headings or tables', () => {
    // An old HTML export sets the whole chapter in one cell; a box around a passage is one cell too.
    const page = documentItems(
      '<html><body><table><tbody><tr><td><h1>Chapter 1. Loomings.</h1><p>Call me Ishmael.</p><p>Some years ago.</p></td></tr></tbody></table></body></html>',
    );
    expect(
      page.map((i) =>
        i.kind === 'block' ? i.block.text : i.kind === 'heading' ? `h${i.level}:${i.text}` : i.kind,
      ),
    ).toEqual(['h1:Chapter 1. Loomings.', 'Call me Ishmael.', 'Some years ago.']);
    // An icon beside a text box that has a heading of its own; a table inside a cell.
    expect(
      texts(
        '<table><tr><td><img src="i.png" alt="Activity"/></td><td><h3>Activity 1</h3><p>Roll a ball.</p></td></tr></table><table><tr><td><table><tr><td>a</td><td>b</td></tr></table></td><td>Note</td></tr></table>',
      ),
    ).toEqual(['Activity', 'Roll a ball.', 'a | b', 'Note']);
    // A table of data stays a table, cells with paragraphs and all.
    expect(blocks('<table><tr><td><p>Mass</p></td><td><p>kg</p></td></tr></table>')[0]?.type).toBe('table');
  });

  it('leaves out what a video or an audio element shows a reading system that cannot play it', () => {
    expect(
      texts(
        '<p>Watch the experiment:</p><video src="a.mp4" controls="controls"><p>Your reading system does not support HTML5 video.</p></video><figure><audio src="a.mp3">Audio is not supported.</audio><figcaption>A bell rings</figcaption></figure>',
      ),
    ).toEqual(['Watch the experiment:', 'A bell rings']);
  });

  it('keeps each term of a definition list with its definitions, as a glossary reads', () => {
    const [list] = blocks(
      '<dl><dt>Force</dt><dd>A push or a pull.</dd><dt>Speed</dt><dt>Pace</dt><dd>Distance per time.</dd><dd>In m/s.</dd><div><dt>Note:</dt><dd>A term in a div.</dd></div><dd>Loose text.</dd></dl>',
    );
    expect(list).toEqual({
      type: 'list',
      items: [
        'Force: A push or a pull.',
        'Speed, Pace: Distance per time. In m/s.',
        'Note: A term in a div. Loose text.',
      ],
      ordered: false,
      text: '- Force: A push or a pull.\n- Speed, Pace: Distance per time. In m/s.\n- Note: A term in a div. Loose text.',
    });
    expect(texts('<dl><dd>Only a definition.</dd><dt>Only a term</dt></dl>')).toEqual([
      '- Only a definition.\n- Only a term',
    ]);
    // An empty definition (a field a script fills) still ends its term; a full-width colon takes no space.
    expect(
      texts(
        '<dl><dt>Root URL:</dt><dd></dd><dt>Test URL:</dt><dd></dd><dt>底本：</dt><dd>「夏目漱石全集3」</dd><dt>2011年1月</dt><dd>新規作成</dd></dl>',
      ),
    ).toEqual(['- Root URL:\n- Test URL:\n- 底本：「夏目漱石全集3」\n- 2011年1月：新規作成']);
  });

  it('keeps the lines of a list item: its paragraphs, a verse quoted in it, its line breaks, under its marker', () => {
    // A satirical dictionary's entry: a definition, then a verse with its attribution.
    expect(
      texts(
        '<dl><dt><dfn>Bait</dfn></dt><dd><p>A preparation that renders the hook more palatable.</p></dd>' +
          '<dt><dfn>Bacchus</dfn></dt><dd><p>A convenient deity.</p><blockquote><p><span>Is public worship, then, a sin,</span><br/>' +
          '<span>That for devotions paid to Bacchus</span></p><cite>—Jorace</cite></blockquote></dd></dl>',
      ),
    ).toEqual([
      '- Bait: A preparation that renders the hook more palatable.\n' +
        '- Bacchus: A convenient deity.\n  Is public worship, then, a sin,\n  That for devotions paid to Bacchus\n  —Jorace',
    ]);
    // An item of two paragraphs, one with a line break; at depth 1 its lines sit under its nested marker.
    const [list] = blocks(
      '<ol><li><p>Weigh the beaker.</p><p>Note its mass:<br/>m = 20 g</p></li><li>Dry it<ul><li><p>Heat it.</p><p>Cool it.</p></li></ul></li></ol>',
    );
    expect(list).toEqual({
      type: 'list',
      text: '1. Weigh the beaker.\n  Note its mass:\n  m = 20 g\n2. Dry it\n  - Heat it.\n    Cool it.',
      items: ['Weigh the beaker.\n  Note its mass:\n  m = 20 g', 'Dry it\n  - Heat it.\n    Cool it.'],
      ordered: true,
    });
    // Inline markup and a table's cells stay on their line.
    expect(
      texts('<ul><li>Light <b>energy</b> <table><tr><td>a</td><td>b</td></tr></table></li></ul>'),
    ).toEqual(['- Light energy\n  a b']);
  });

  it("keeps an inline SVG's text labels apart", () => {
    expect(
      texts(
        '<p>See:</p><svg xmlns="http://www.w3.org/2000/svg"><text x="1">Label A</text><text><tspan>Lab</tspan><tspan>el B</tspan></text></svg>',
      ),
    ).toEqual(['See:', 'Label A Label B']);
  });

  it('parts paragraphs at a blank line (<br/><br/>), as old HTML exports set them apart', () => {
    expect(
      blocks(
        '<div>One.<br/><br/>\nTwo,<br/>and three.<br/> <span> </span><br/><br/>Four.</div><p><br/><br/>Five.<br/><br/></p><p>Six.</p>',
      ),
    ).toEqual([
      { type: 'paragraph', text: 'One.' },
      { type: 'paragraph', text: 'Two,\nand three.' },
      { type: 'paragraph', text: 'Four.' },
      { type: 'paragraph', text: 'Five.' },
      { type: 'paragraph', text: 'Six.' },
    ]);
  });

  it("leaves out a note's link back to its reference, and keeps every other link's text", () => {
    expect(
      texts(
        '<ol><li id="note-1"><p>A note. <a href="chapter-1.xhtml#noteref-1" epub:type="backlink">↩</a></p></li></ol>' +
          '<p>Pandoc\u00a0<a href="#fnref1" class="footnote-back" role="doc-backlink">↩\ufe0e</a></p>' +
          '<p>Calibre.\u00a0<a href="index_split_001.html#fnref:n11" title="Jump back">↩</a></p>' +
          '<p>See <a href="#fig1">Figure 1</a>, <a href="https://example.org/">↩</a> and <a href="#top">↑ Top</a>.</p>',
      ),
    ).toEqual(['1. A note.', 'Pandoc', 'Calibre.', 'See Figure 1, ↩ and ↑ Top.']);
  });

  it("leaves out a link to a note whose text is the note's mark, and keeps the note", () => {
    expect(
      texts(
        // EPUB's type; InDesign's class and ids; Project Gutenberg's bracketed mark; a superscript link.
        '<p>In 1947<a epub:type="noteref" href="notes.xhtml#note-6">1</a> the dam rose.</p>' +
          '<p>It weighs 5 kg<sup><a href="#fn2" role="doc-noteref">2</a></sup>, with a force.<span class="_idFootnoteLink"><a class="_idFootnoteLink _idGenColorInherit" href="#footnote-000" id="footnote-000-backlink">3</a></span></p>' +
          '<p>The upper Savannah<a id="FNanchor_1_1" href="#Footnote_1_1" class="fnanchor">[4]</a> was a river.</p>' +
          '<p>Word<a href="#_ftn5" name="_ftnref5"><span class="MsoFootnoteReference">*</span></a> and Word.</p>' +
          // The Internet Archive's books from OCR: the link, "Note 1", a paragraph of its own.
          '<p class="small"><a epub:type="noteref" href="#n12_1">Note 1</a></p>' +
          // Inside the note, its mark links back to the reference: kept.
          '<div class="_idFootnote" id="footnote-000"><p class="Footnote"><a class="_idFootnoteAnchor" href="#footnote-000-backlink">3</a> A note.</p></div>' +
          '<p><a id="Footnote_1_1" href="#FNanchor_1_1" class="label">[4]</a> Another note.</p>' +
          // Links of other text, or to other places, are text.
          '<p>See <a href="#note-7">note 7</a>, <a href="#fig1">1</a>, <a epub:type="noteref" href="#n8">a long note</a> and <a href="https://example.org/#fn9">9</a>.</p>',
      ),
    ).toEqual([
      'In 1947 the dam rose.',
      'It weighs 5 kg, with a force.',
      'The upper Savannah was a river.',
      'Word and Word.',
      '3 A note.',
      '[4] Another note.',
      'See note 7, 1, a long note and 9.',
    ]);
  });

  it('keeps a sentence whole around a box anchored in it, and puts the box after its paragraph (InDesign)', () => {
    const box =
      '<span class="_idGenObjectLayout-1"><div id="_idContainer003" class="Sidebar"><p class="Box-Head">Do you know?</p><p>Ice melts at 0 °C.</p></div></span>';
    expect(texts(`<p class="Body">Water boils at 100 °C${box} at sea level.</p><p>Next.</p>`)).toEqual([
      'Water boils at 100 °C at sea level.',
      'Do you know?',
      'Ice melts at 0 °C.',
      'Next.',
    ]);
    // A picture frame, a box with an id, an <aside>: after it too, the box's anchors with it. (A <div> or an
    // <aside> right in a <p> ends the <p>, as HTML parses it.)
    const items = documentItems(
      '<html><body><p>See <em>the<span><div id="_idContainer004"><img src="a.png" alt="A beaker"/></div></span> beaker</em> here.<span><div id="box"><p>Boxed.</p></div></span> Then<span><aside><p>Aside.</p></aside></span> on.</p></body></html>',
      { anchors: new Set(['box']) },
    );
    expect(
      items.map((i) =>
        i.kind === 'block' ? `${i.block.type}: ${i.block.text}` : i.kind === 'anchor' ? `#${i.id}` : i.kind,
      ),
    ).toEqual([
      'paragraph: See the beaker here. Then on.',
      'figure: A beaker',
      '#box',
      'paragraph: Boxed.',
      'note: Aside.',
    ]);
    // A list in a paragraph's text stays where it stands.
    expect(
      texts('<p>The states are:<span><ul><li>solid</li><li>liquid</li></ul></span>and both flow.</p>'),
    ).toEqual(['The states are:', '- solid\n- liquid', 'and both flow.']);
  });

  it("leaves out a section's permalink sign, and keeps a sign that is text or links elsewhere", () => {
    expect(
      documentItems(
        '<body><section id="m"><h1>Motion<a class="headerlink" href="#m">¶</a></h1>' +
          '<h2><span class="link-marker"><a class="hidden-reveal" href="#sp">›</a> </span>1.2 Speed</h2>' +
          '<h2><a class="self-link" href="#v">§</a>Velocity</h2>' +
          '<p>See <a href="#law">§ 3</a>, <a href="https://example.org/#x">¶</a> and <a href="#k">#</a>hash.</p></section></body>',
      ).flatMap((item) =>
        item.kind === 'heading' ? [`# ${item.text}`] : item.kind === 'block' ? [item.block.text] : [],
      ),
    ).toEqual(['# Motion', '# 1.2 Speed', '# Velocity', 'See § 3, ¶ and hash.']);
  });

  it("leaves out links for getting about: DITA-OT's related links, an element of the navigation role", () => {
    const items = documentItems(
      '<html><body><div class="body"><p>Every square matrix has a determinant.</p></div>' +
        '<div class="related-links"><div class="familylinks"><div class="parentlink"><strong>Parent topic:</strong> ' +
        '<a class="link" href="t.xhtml">Part T Topics</a></div></div></div>' +
        '<div role="navigation"><a id="next" href="c2.xhtml">Next chapter</a></div><p>End.</p></body></html>',
      { anchors: new Set(['next']) },
    );
    expect(
      items.map((i) => (i.kind === 'block' ? i.block.text : i.kind === 'anchor' ? `#${i.id}` : i.kind)),
    ).toEqual(['Every square matrix has a determinant.', '#next', 'End.']);
  });

  it("leaves out a paragraph's number set before it as a link to it (SiSU's object citation numbers)", () => {
    const ocn = (n: number, tag: string, text: string) =>
      `<div class="substance"><label class="ocn"><a href="#o${n}" class="lnkocn">${n}</a></label><${tag} id="o${n}">${text}</${tag}></div>`;
    expect(texts(`${ocn(8, 'p', '1.1 For the impatient')}${ocn(9, 'p', 'Read this first.')}`)).toEqual([
      '1.1 For the impatient',
      'Read this first.',
    ]);
    // A bare link alone counts too; a number linking elsewhere, or followed by text, is the text's.
    expect(texts('<a href="#p3">3</a><p id="p3">Three.</p>')).toEqual(['Three.']);
    expect(texts('<span><a href="#t1">1</a></span><p id="p2">Two.</p>')).toEqual(['1', 'Two.']);
    expect(texts('<div><a href="#p4">4</a> apples</div><p id="p4">Four.</p>')).toEqual(['4 apples', 'Four.']);
  });

  it('keeps preformatted text (code) line by line, indents and all', () => {
    expect(
      blocks(
        '<pre>\n<span class="kw">def</span> f(x):\n    <b>return</b> x &lt; 1\t# tab\n\n  print(f(2))   \n\n</pre><pre class="verse">Line one<br/>  Line two</pre><pre>  </pre>',
      ),
    ).toEqual([
      { type: 'preformatted', text: 'def f(x):\n    return x < 1\t# tab\n\n  print(f(2))' },
      { type: 'preformatted', text: 'Line one\n  Line two' },
    ]);
    // A block whose own style keeps white space, and the obsolete <listing>, are preformatted too.
    expect(
      blocks(
        '<div style="font-family: monospace; white-space: pre-wrap">if x:\n    y()</div><listing>a\n  b</listing><p style="white-space: pre-line">one\n   two</p>',
      ),
    ).toEqual([
      { type: 'preformatted', text: 'if x:\n    y()' },
      { type: 'preformatted', text: 'a\n  b' },
      { type: 'paragraph', text: 'one two' },
    ]);
  });

  it('keeps a picture of a formula in its sentence as inline math, and alone in its paragraph as a math block', () => {
    expect(
      blocks(
        '<p>The speed is <img class="ql-img-inline-formula" src="q.png" alt="\\[v=\\frac{d}{t}\\]"/> in m/s, see <img src="i.png" alt="Warning"/>.</p><p class="center"><img src="e.png" alt="$$E = mc^{2}$$"/></p>',
      ),
    ).toEqual([
      { type: 'paragraph', text: 'The speed is \\(v=\\frac{d}{t}\\) in m/s, see .' },
      { type: 'figure', text: 'Warning', alt: 'Warning' },
      { type: 'math', text: 'E = mc^{2}', latex: 'E = mc^{2}' },
    ]);
  });

  it('keeps list items', () => {
    const [list] = blocks('<ol><li>Heat</li><li>Light <b>energy</b></li></ol>');
    expect(list).toMatchObject({ type: 'list', items: ['Heat', 'Light energy'], ordered: true });
  });

  it('numbers a list as the book shows it, and nests the lists inside an item under it', () => {
    // Questions 5 and 6 after a figure, lettered options; a list nested in an item.
    expect(
      texts('<ol start="5"><li>Why?</li><li>How?</li></ol><ol type="a"><li>5 N</li><li>10 N</li></ol>'),
    ).toEqual(['5. Why?\n6. How?', 'a. 5 N\nb. 10 N']);
    const [nested] = blocks(
      '<ul><li>Energy<ol><li>Heat</li><li>Light<ul><li>Visible</li></ul></li></ol></li><li>Matter</li></ul>',
    );
    expect(nested).toEqual({
      type: 'list',
      text: '- Energy\n  1. Heat\n  2. Light\n    - Visible\n- Matter',
      items: ['Energy\n  1. Heat\n  2. Light\n    - Visible', 'Matter'],
      ordered: false,
    });
    // Options that write their own markers get no second one.
    expect(texts('<ol style="list-style: none"><li>(a) 5 N</li><li>(b) 10 N</li></ol>')).toEqual([
      '(a) 5 N\n(b) 10 N',
    ]);
  });

  it('keeps figure alt text and caption, and alt text of images inside paragraphs', () => {
    const out = blocks(
      '<figure><img alt="A lens"/><figcaption>Fig 2.1 Lens</figcaption></figure><p>See <img alt="an arrow"/> here</p>',
    );
    expect(out[0]).toEqual({
      type: 'figure',
      alt: 'A lens',
      caption: 'Fig 2.1 Lens',
      text: 'A lens — Fig 2.1 Lens',
    });
    expect(out.slice(1)).toEqual([
      { type: 'paragraph', text: 'See here' },
      { type: 'figure', alt: 'an arrow', text: 'an arrow' },
    ]);
  });

  it('keeps footnotes as notes', () => {
    expect(blocks('<aside epub:type="footnote"><p>Measured at sea level.</p></aside>')).toEqual([
      { type: 'note', text: 'Measured at sea level.' },
    ]);
    // Without epub:type, by their class (Pressbooks).
    expect(
      blocks(
        '<div class="footnotes"><ol><li id="footnote-1">At sea level.</li></ol></div><div class="foot">x</div>',
      ),
    ).toEqual([
      { type: 'note', text: '1. At sea level.' },
      { type: 'paragraph', text: 'x' },
    ]);
  });

  it('reports headings with their level and keeps images inside headings as figures', () => {
    const items = documentItems('<body><h2><img alt="QR code for the unit"/></h2><h3>2.1 Lenses</h3></body>');
    expect(items).toEqual([
      { kind: 'heading', level: 2, text: '' },
      { kind: 'block', block: { type: 'figure', alt: 'QR code for the unit', text: 'QR code for the unit' } },
      { kind: 'heading', level: 3, text: '2.1 Lenses' },
    ]);
  });

  it('reads a heading set as a picture of its words from its alt text, and a picture of anything else as a figure', () => {
    const items = documentItems(
      '<body><h1><img src="h1.png" alt="Chapter 1: Motion"/></h1><p>Text.</p><h2><img src="s.png" alt="1.1 Basics of motion"/></h2><h2><img src="q.png" alt="A QR code"/></h2></body>',
    );
    expect(items).toEqual([
      { kind: 'heading', level: 1, text: 'Chapter 1: Motion' },
      { kind: 'block', block: { type: 'paragraph', text: 'Text.' } },
      { kind: 'heading', level: 2, text: '1.1 Basics of motion' },
      { kind: 'heading', level: 2, text: '' },
      { kind: 'block', block: { type: 'figure', alt: 'A QR code', text: 'A QR code' } },
    ]);
  });

  it("keeps a heading's number set in an element of its own apart from its title", () => {
    const headings = (body: string) =>
      documentItems(`<body>${body}</body>`).flatMap((i) => (i.kind === 'heading' ? [i.text] : []));
    expect(
      headings(
        '<h1><span class="chapter-number">1</span><span class="chapter-title">Motion</span></h1><h2><span class="label">Section 2</span>Speed</h2><h2><span class="dropcap">W</span>ater</h2>',
      ),
    ).toEqual(['1 Motion', 'Section 2 Speed', 'Water']);
    // In a paragraph a number span stays where it is.
    expect(texts('<p>x<span class="num">2</span></p>')).toEqual(['x2']);
  });
});

describe('book structure inside a document', () => {
  const items = (body: string, anchors?: string[]) =>
    documentItems(`<html><body>${body}</body></html>`, anchors ? { anchors: new Set(anchors) } : {});

  it('announces each division, before its anchors, and where the text around it resumes, when asked', () => {
    const body =
      '<section epub:type="frontmatter" id="f"><h1>Title</h1></section><section epub:type="bodymatter" id="b"><p>Verse.</p></section><p>After.</p>';
    const divided = documentItems(`<html><body>${body}</body></html>`, {
      divisions: true,
      anchors: new Set(['f', 'b']),
    });
    expect(divided.map((i) => (i.kind === 'division' ? `division ${i.role ?? 'none'}` : i.kind))).toEqual([
      'division front',
      'anchor',
      'heading',
      'division none',
      'division body',
      'anchor',
      'block',
      'division none',
      'block',
    ]);
    expect(items(body, ['f', 'b']).some((i) => i.kind === 'division')).toBe(false);
    // A landmark's link typed `bodymatter` points at a division; it is none.
    const links = documentItems('<body><p><a epub:type="bodymatter" href="#b">Start</a></p></body>', {
      divisions: true,
    });
    expect(links.some((i) => i.kind === 'division')).toBe(false);
  });

  it("announces Project Gutenberg's header as front matter and its licence as back matter, unasked", () => {
    const out = items(
      '<section class="pg-boilerplate pgheader" id="pg-header"><h2>The Project Gutenberg eBook of Alice</h2>' +
        '<div>This ebook is for the use of anyone anywhere.</div></section><h1 id="t">Alice</h1>' +
        '<p>Alice was beginning to get very tired.</p><footer id="pg-footer"><div>*** END OF THE PROJECT GUTENBERG EBOOK ***</div>' +
        '<h2 id="pg-footer-heading">THE FULL PROJECT GUTENBERG LICENSE</h2><p>1.A. By reading or using any part.</p></footer>',
      ['t', 'pg-footer-heading'],
    );
    expect(out.map((i) => (i.kind === 'division' ? `division ${i.role ?? 'none'}` : i.kind))).toEqual([
      'division front',
      'heading',
      'block',
      'end',
      'division none',
      'anchor',
      'heading',
      'block',
      'division back',
      'block',
      'anchor',
      'heading',
      'block',
      'division none',
    ]);
    // Another id, or an element that holds no division (a span), is text as any other.
    expect(
      items('<div id="pg-headers"><p>A.</p></div><span id="pg-footer">B.</span>').some(
        (i) => i.kind === 'division',
      ),
    ).toBe(false);
  });

  it("leaves out a chapter's outline box of links to its own pages, heading and all (OpenStax)", () => {
    const outline =
      '<div class="os-chapter-outline"><h3 class="os-title">Chapter Outline</h3>' +
      '<div class="os-chapter-objective"><a class="os-chapter-objective" href="#s1"><span class="os-number">1.1</span> Chemistry in Context</a></div>' +
      '<div class="os-chapter-objective"><a class="os-chapter-objective" href="m2.xhtml#s2">1.2 Phases of Matter</a></div></div>';
    const out = items(
      `${outline}<div class="intro-text"><h2>Introduction</h2><p>Your alarm goes off.</p></div>`,
    );
    expect(
      out.map((i) => (i.kind === 'heading' ? `h:${i.text}` : i.kind === 'block' ? i.block.text : i.kind)),
    ).toEqual(['h:Introduction', 'Your alarm goes off.']);
    // An outline with words of its own, or with links out of the book, is text.
    const worded = outline.replace('</h3>', '</h3><p>This chapter covers:</p>');
    expect(items(worded).some((i) => i.kind === 'heading')).toBe(true);
    const web = outline.replace('href="#s1"', 'href="https://openstax.org"');
    expect(items(web).some((i) => i.kind === 'heading')).toBe(true);
  });

  it('keeps an aside with its own heading as one note block, opening no heading', () => {
    const out = items(
      '<h2>Lists</h2><p>Text.</p><aside><h3>Note</h3><p>Use ol for order.</p></aside><p>More.</p>',
    );
    expect(out.filter((i) => i.kind === 'heading')).toHaveLength(1);
    expect(out[2]).toEqual({
      kind: 'block',
      block: { type: 'note', text: 'Note\nUse ol for order.', title: 'Note' },
    });
  });

  it("keeps DocBook XSL's admonitions (Publican, a2x) as note blocks, and other classes as they are", () => {
    const out = items(
      '<h1>Building</h1><div class="note" style="margin-left: 0.5in"><h3 class="title">Note — Customizing output</h3><p>Use --config.</p></div><p>To build a document:</p>',
    );
    expect(out.filter((i) => i.kind === 'heading').map((i) => i.kind === 'heading' && i.text)).toEqual([
      'Building',
    ]);
    expect(out[1]).toEqual({
      kind: 'block',
      block: {
        type: 'note',
        text: 'Note — Customizing output\nUse --config.',
        title: 'Note — Customizing output',
      },
    });
    // A class that only holds the word, or a span of it, is no admonition.
    const plain = items(
      '<div class="note-list"><h3>Notes on water</h3><p>Water.</p></div><p><span class="tip">Tip</span> text.</p>',
    );
    expect(plain.map((i) => i.kind)).toEqual(['heading', 'block', 'block']);
  });

  it('treats epub:type sidebar and tip like an aside', () => {
    const out = items('<div epub:type="tip"><h4>Tip</h4><p>Try it.</p></div>');
    expect(out).toEqual([{ kind: 'block', block: { type: 'note', text: 'Tip\nTry it.', title: 'Tip' } }]);
  });

  it('keeps a table inside a figure as a table block with the figure caption', () => {
    const rows = Array.from({ length: 74 }, (_, i) => `<tr><td>r${i}</td><td>${i}</td></tr>`).join('');
    const out = blocks(`<figure><table>${rows}</table><figcaption>Table 2.1 Data</figcaption></figure>`);
    expect(out).toHaveLength(1);
    const [table] = out;
    expect(table?.type).toBe('table');
    expect(table?.type === 'table' && table.rows.length).toBe(74);
    expect(table?.type === 'table' && table.caption).toBe('Table 2.1 Data');
  });

  it('keeps the caption of every nested figure', () => {
    const out = blocks(
      '<figure><figure><img alt="a cell"/><figcaption>(a) Cell</figcaption></figure><figure><img alt="a leaf"/><figcaption>(b) Leaf</figcaption></figure><figcaption>Fig 3 Plants</figcaption></figure>',
    );
    const captions = out.flatMap((b) => (b.type === 'figure' && b.caption ? [b.caption] : []));
    expect(captions.sort()).toEqual(['(a) Cell', '(b) Leaf', 'Fig 3 Plants']);
  });

  it('never lets ruby readings into the text', () => {
    expect(
      texts(
        '<p><ruby>山路<rt>やまみち</rt></ruby>を登りながら<ruby>智<rp>(</rp><rt>ち</rt><rp>)</rp></ruby></p>',
      ),
    ).toEqual(['山路を登りながら智']);
  });

  it('keeps line breaks that carry meaning as newlines', () => {
    expect(texts('<p>Roses are red,<br/>violets are blue.</p>')).toEqual([
      'Roses are red,\nviolets are blue.',
    ]);
  });

  it('makes a paragraph holding only a formula a math block, and delimits inline math', () => {
    const out = blocks(
      '<p class="eq"><math><mi>x</mi><mo>=</mo><mn>2</mn></math></p><p>with <math><mi>y</mi></math> free</p>',
    );
    expect(out[0]?.type).toBe('math');
    expect(out[1]?.text).toBe('with \\(y\\) free');
  });

  it('reports the anchors the table of contents points at, before their content', () => {
    const out = items(
      '<p id="x">Intro.</p><h2><a id="s1"></a>Section</h2><p>Body <span id="nope">text</span>.</p>',
      ['s1', 'x'],
    );
    expect(out.map((i) => i.kind)).toEqual(['anchor', 'block', 'anchor', 'heading', 'block']);
  });

  it('refuses markup nested deeper than the bound with a clear error, not a stack overflow', () => {
    const deep = `${'<div>'.repeat(5000)}text${'</div>'.repeat(5000)}`;
    expect(() => items(deep)).toThrow(expect.objectContaining({ code: 'EPUB_TOO_DEEP' }));
    const fine = `${'<div>'.repeat(300)}text${'</div>'.repeat(300)}`;
    expect(texts(fine)).toEqual(['text']);
  });
});

describe('paragraphs styled as headings (converted PDFs, layout exports)', () => {
  const level = (text: string, styled: boolean) =>
    /^(?:Unit \d|\d+\.\d+ |Exercises$)/.test(text) && (styled || text.startsWith('Unit')) ? 2 : undefined;
  const items = (body: string) =>
    documentItems(`<html><body>${body}</body></html>`, { styledHeadingLevel: level }).map((i) =>
      i.kind === 'heading'
        ? `h${i.level}:${i.text}`
        : i.kind === 'block'
          ? i.block.text
          : i.kind === 'anchor'
            ? `#${i.id}`
            : i.kind === 'end'
              ? `end ${i.section}`
              : `division ${i.role ?? 'none'}`,
    );

  it('makes a heading of a paragraph all in bold whose text the level function takes', () => {
    expect(
      items(
        '<p><a id="p2"></a><b>Unit 1 Motion</b></p><p>Text.</p><p><strong>1.1 Speed</strong></p><p><b>Quantity Unit</b></p><p><b>Note:</b> more text.</p><p><b>Exercises</b><br/></p>',
      ),
    ).toEqual([
      'h2:Unit 1 Motion',
      'Text.',
      'h2:1.1 Speed',
      'Quantity Unit',
      'Note: more text.',
      'h2:Exercises',
    ]);
  });

  it('makes a heading of a paragraph or a text <div> of a heading class whose text the level function takes', () => {
    expect(
      items(
        '<p class="Unit-Title">Unit 2 Heat</p><div class="H1">2.1 Temperature</div><p class="body">2.2 kg of water</p><p class="caption-title">A figure</p><div class="section"><p>Exercises</p></div>',
      ),
    ).toEqual(['h2:Unit 2 Heat', 'h2:2.1 Temperature', '2.2 kg of water', 'A figure', 'Exercises']);
  });

  it("takes a word processor's bold span for bold", () => {
    expect(
      items(
        '<p><span style="font-weight: bold">Unit 3 Light</span></p><p><span class="Bold">3.1 Mirrors</span></p><p><span class="c4">Exercises</span></p><p><span style="font-weight:400">3.2 Lenses</span></p>',
      ),
    ).toEqual(['h2:Unit 3 Light', 'h2:3.1 Mirrors', 'Exercises', '3.2 Lenses']);
  });

  it('takes bold inside inline wrappers for bold, and a class the style sheets set in bold', () => {
    const styled = (body: string, boldClasses?: ReadonlySet<string>) =>
      documentItems(`<body>${body}</body>`, {
        styledHeadingLevel: (_text, isStyled) => (isStyled ? 2 : undefined),
        ...(boldClasses ? { boldClasses } : {}),
      }).map((i) => (i.kind === 'heading' ? `h:${i.text}` : i.kind === 'block' ? i.block.text : i.kind));
    expect(
      styled(
        '<p><span class="c5"><span class="bold">Unit 1</span></span></p><p><span class="c5"><b>Half</b> of it</span></p><p class="para2">Unit 2</p><p><span class="span3">Unit 3</span></p>',
        new Set(['para2', 'span3']),
      ),
    ).toEqual(['h:Unit 1', 'Half of it', 'h:Unit 2', 'h:Unit 3']);
  });

  it('asks about plain paragraphs too, saying they are not styled', () => {
    expect(items('<p>Unit 4 Waves</p><p>4.1 Sound</p><p>Text.</p>')).toEqual([
      'h2:Unit 4 Waves',
      '4.1 Sound',
      'Text.',
    ]);
  });

  it('leaves bold paragraphs alone in a document that has heading elements', () => {
    expect(items('<h1>Motion</h1><p><b>1.1 Speed</b></p><p>Text.</p>')).toEqual([
      'h1:Motion',
      '1.1 Speed',
      'Text.',
    ]);
  });
});

describe('XHTML', () => {
  it('reads a CDATA section as text, as XML does (HTML parsing dropped it as a comment)', () => {
    expect(
      texts(
        '<p>If <![CDATA[a < b && b < c]]> then a < c.</p><pre><![CDATA[x = <y>;]]></pre><script><![CDATA[var hidden = 1;]]></script>',
      ),
    ).toEqual(['If a < b && b < c then a < c.', 'x = <y>;']);
  });

  it('reads an element written empty (<aside id="n1"/>) as empty, not as holding what follows', () => {
    // Read as HTML, the empty aside would hold the rest of the document: one note, the heading in it.
    const items = documentItems(
      '<html><body><a id="ch1"/><p>Intro.</p><aside id="n1"/><h2>Motion</h2><p>One <span class="x"/>two.</p></body></html>',
    );
    expect(
      items.map((i) =>
        i.kind === 'heading' ? `h${i.level}:${i.text}` : i.kind === 'block' ? i.block.text : i.kind,
      ),
    ).toEqual(['Intro.', 'h2:Motion', 'One two.']);
  });
});

describe('what a heading heads', () => {
  const items = (body: string, onPageNumber?: () => void) =>
    documentItems(`<html><body>${body}</body></html>`, {
      anchors: new Set(['page_12']),
      ...(onPageNumber ? { onPageNumber } : {}),
    }).map((i) =>
      i.kind === 'heading'
        ? `h${i.level}:${i.text}${i.section === undefined ? '' : ` [${i.section}`}`
        : i.kind === 'block'
          ? i.block.text
          : i.kind === 'anchor'
            ? `#${i.id}`
            : i.kind === 'end'
              ? `${i.section}]`
              : `division ${i.role ?? 'none'}`,
    );

  it('names the element a heading heads and ends it where that element closes', () => {
    expect(
      items(
        '<h1>Motion</h1><p>Intro.</p><div class="textbox exercises"><h3>Exercises</h3><ol><li>Q1</li></ol></div><p>After the box.</p><section><h2>Speed</h2><p>Fast.</p></section>',
      ),
    ).toEqual([
      'h1:Motion',
      'Intro.',
      'h3:Exercises [1',
      '1. Q1',
      '1]',
      'After the box.',
      'h2:Speed [2',
      'Fast.',
      '2]',
    ]);
  });

  it('passes a heading alone in its wrapper on to the element around the wrapper', () => {
    // The heading's own <div> holds nothing after it; the <section> does.
    expect(
      items('<section><div class="title-wrap"><h2>Exercises</h2></div><p>Q1</p></section><p>Later.</p>'),
    ).toEqual(['h2:Exercises [1', 'Q1', '1]', 'Later.']);
    // Nothing but the document around it: no section to end.
    expect(items('<div><h2>Exercises</h2></div><p>Q1</p>')).toEqual(['h2:Exercises', 'Q1']);
    // A plain <div> wrapping the heading and its first line is no section: the questions after it are
    // still the exercises'.
    expect(
      items('<div class="exercise-head"><h2>Exercises</h2><p>Answer all.</p></div><ol><li>Q1</li></ol>'),
    ).toEqual(['h2:Exercises', 'Answer all.', '1. Q1']);
  });

  it("reads a text box's <header> of one paragraph as its title, at the deepest level", () => {
    expect(
      items(
        '<div class="textbox textbox--exercises"><header class="textbox__header"><p class="textbox__title">Exercises</p></header><div class="textbox__content"><p>Q1</p></div></div><p>After.</p><header><p>By A. Author</p><p>2024</p></header>',
      ),
    ).toEqual(['h6:Exercises [1', 'Q1', '1]', 'After.', 'By A. Author', '2024']);
    // A letter quoted in a story heads its dateline so: that heads the letter, not a section of the book.
    expect(
      items(
        '<p>I will read it to you:</p><blockquote epub:type="z3998:letter"><header><p>The Copper Beeches, near Winchester.</p></header><p>Dear Miss Hunter: come.</p></blockquote><p>Then I went.</p>',
      ),
    ).toEqual([
      'I will read it to you:',
      'The Copper Beeches, near Winchester.',
      'Dear Miss Hunter: come.',
      'Then I went.',
    ]);
  });

  it('leaves out the printed page numbers of page-break markers, keeping their anchors, and counts them', () => {
    let count = 0;
    const onPageNumber = () => {
      count += 1;
    };
    expect(
      items(
        '<div class="center"><span epub:type="pagebreak" id="page_12" title="12">12</span></div><h2>Fables</h2><p>The fox <span role="doc-pagebreak" aria-label="13">13</span>ran. <span epub:type="pagebreak" id="p14"/>On.</p><p><span epub:type="pagebreak" title="15"/>Then 16 more.</p><p>Last <span epub:type="pagebreak">xvi</span>line.</p>',
        onPageNumber,
      ),
    ).toEqual(['#page_12', 'h2:Fables', 'The fox ran. On.', 'Then 16 more.', 'Last line.']);
    // Empty markers leave nothing out; a marker holding more than its label keeps its text.
    expect(count).toBe(3);
    expect(items('<p>Go on <span epub:type="pagebreak" title="9">to the next part</span>.</p>')).toEqual([
      'Go on to the next part.',
    ]);
    // Project Gutenberg's page numbers, by their class; a "pagenum" holding words is text.
    expect(
      items(
        '<p>It was<span class="pagenum"><a id="page_12">[Pg 12]</a></span> late.</p><p><span class="pagenum">[13]</span>Then <span class="pageno">see page 4</span>.</p>',
        onPageNumber,
      ),
    ).toEqual(['#page_12', 'It was late.', 'Then see page 4.']);
    expect(count).toBe(5);
  });

  it("leaves out the running heads and page numbers a scan's text keeps beside its page breaks (the Internet Archive's)", () => {
    const counts = { numbers: 0, heads: 0 };
    const page = (n: number) => `<span epub:type="pagebreak" title="${n}" id="${n}"/>`;
    const found = documentItems(
      `<html><body><h1>MEASUREMENT</h1><p>Length is measured.</p>${page(14)}<p>14 MEASUREMENT</p><p>Units of length.</p>` +
        `<p>MEASUREMENT 14</p>${page(15)}<p>Mass is measured.</p>${page(16)}<p>16</p><p>Weights.</p>` +
        `${page(17)}<p class="head">MEASUREMENT 17</p><p>Time is measured.</p>` +
        // Beside a break inside a paragraph, and one line with its page's number once: text.
        `<p>Clocks ${page(18)}tick.</p><p>The year 1910</p>${page(19)}<p>19 of them were sold.</p></body></html>`,
      {
        onPageNumber: () => {
          counts.numbers += 1;
        },
        onRunningHead: () => {
          counts.heads += 1;
        },
      },
    );
    expect(
      found.map((i) => (i.kind === 'block' ? i.block.text : `h:${i.kind === 'heading' ? i.text : i.kind}`)),
    ).toEqual([
      'h:MEASUREMENT',
      'Length is measured.',
      'Units of length.',
      'Mass is measured.',
      'Weights.',
      'Time is measured.',
      'Clocks tick.',
      'The year 1910',
      '19 of them were sold.',
    ]);
    // The markers' own labels are no text: only the printed "16" counts as a page number.
    expect(counts).toEqual({ numbers: 1, heads: 3 });
  });

  it("leaves out a line's number set beside a poem's line, keeping its anchors, and a class holding words", () => {
    const found = documentItems(
      '<html><body><div class="ln">Unreal City,<span class="lnum">60</span></div><div class="ln">Under the brown fog</div>' +
        '<p>Sing, muse<span class="linenum" id="l5">[5]</span><br/>of the man</p>' +
        '<pre><span class="lineno">12</span>x = 1</pre><p>Then <span class="linenum">line five</span>.</p></body></html>',
      { anchors: new Set(['l5']) },
    );
    expect(
      found.map((i) => (i.kind === 'block' ? i.block.text : i.kind === 'anchor' ? `#${i.id}` : i.kind)),
    ).toEqual([
      'Unreal City,',
      'Under the brown fog',
      '#l5',
      'Sing, muse\nof the man',
      'x = 1',
      'Then line five.',
    ]);
  });
});
