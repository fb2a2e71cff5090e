import type { Block } from '@kalvimate/core';
import * as cheerio from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { mathmlToLatex } from './math.js';
import { renderScript } from './script-marks.js';

/** A heading or a content block, in reading order: what segmentation works on. */
export type DocumentItem = { kind: 'heading'; level: number; text: string } | { kind: 'block'; block: Block };

const HEADING = /^h([1-6])$/;
const BLOCK_TAGS = new Set([
  'p',
  'div',
  'section',
  'article',
  'main',
  'header',
  'footer',
  'nav',
  'aside',
  'blockquote',
  'pre',
  'ul',
  'ol',
  'dl',
  'table',
  'figure',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'li',
  'dt',
  'dd',
  'body',
  'center',
  'address',
  'details',
  'summary',
  'figcaption',
  'caption',
  'tr',
  'td',
  'th',
]);
const SKIP_TAGS = new Set(['script', 'style', 'head', 'title', 'noscript', 'template']);
const ASCII_SPACE = /[ \t\n\r\f\v]+/g;

/**
 * Collapses runs of ASCII white space once (NBSP and other odd spaces are preprocess's to fold) and
 * puts the text in NFC, after entities are decoded: Tamil vowel signs, for one, can be written composed
 * or decomposed. NFC text passes through byte for byte.
 */
export function collapseSpace(text: string): string {
  return text.replace(ASCII_SPACE, ' ').trim().normalize('NFC');
}

function tagOf(node: AnyNode): string | undefined {
  return node.type === 'tag' || node.type === 'script' || node.type === 'style'
    ? (node as Element).tagName.toLowerCase().replace(/^.*:/, '')
    : undefined;
}

function isFootnote(el: Element): boolean {
  const type = `${el.attribs['epub:type'] ?? ''} ${el.attribs.role ?? ''}`;
  return /\b(?:doc-)?(?:footnote|endnote|rearnote|note)s?\b/.test(type);
}

function hasBlockDescendant(el: Element): boolean {
  for (const child of el.children) {
    const tag = tagOf(child);
    if (tag === undefined) continue;
    if (
      BLOCK_TAGS.has(tag) ||
      tag === 'img' ||
      (tag === 'math' && (child as Element).attribs.display === 'block')
    ) {
      return true;
    }
    if (hasBlockDescendant(child as Element)) return true;
  }
  return false;
}

/** Renders a document's body as headings and blocks, losing no text and no alt text. */
export function documentItems(html: string): DocumentItem[] {
  // htmlparser2 (not parse5): several times faster on big documents, and forgiving of Calibre's markup.
  const $ = cheerio.load(html, { xml: { xmlMode: false, decodeEntities: true, lowerCaseTags: true } });
  const items: DocumentItem[] = [];
  let buffer = '';
  let pendingFigures: Block[] = [];

  const inline = (node: AnyNode, figures: Block[]): string => {
    if (node.type === 'text') return (node as unknown as { data: string }).data;
    const tag = tagOf(node);
    if (tag === undefined || SKIP_TAGS.has(tag)) return '';
    const el = node as Element;
    if (tag === 'br') return ' ';
    if (tag === 'img') {
      const alt = collapseSpace(el.attribs.alt ?? '');
      if (alt !== '') figures.push({ type: 'figure', text: alt, alt });
      return '';
    }
    if (tag === 'math') return ` ${mathmlToLatex($.xml(el), $(el).text())} `;
    const inner = el.children.map((child) => inline(child, figures)).join('');
    if (tag === 'sup' || tag === 'sub') return renderScript(inner, tag);
    return BLOCK_TAGS.has(tag) ? ` ${inner} ` : inner;
  };

  const flush = () => {
    const text = collapseSpace(buffer);
    buffer = '';
    if (text !== '') items.push({ kind: 'block', block: { type: 'paragraph', text } });
    for (const figure of pendingFigures) items.push({ kind: 'block', block: figure });
    pendingFigures = [];
  };

  const emitLeaf = (el: Element, make: (text: string) => Block | undefined) => {
    flush();
    const figures: Block[] = [];
    const text = collapseSpace(inline(el, figures));
    const block = text === '' ? undefined : make(text);
    if (block) items.push({ kind: 'block', block });
    for (const figure of figures) items.push({ kind: 'block', block: figure });
  };

  const table = (el: Element) => {
    flush();
    const figures: Block[] = [];
    const cell = (c: AnyNode) => collapseSpace(inline(c, figures));
    const rows = $(el)
      .find('tr')
      .toArray()
      .map((tr) => $(tr).children('td, th').toArray().map(cell))
      .filter((row) => row.some((c) => c !== ''));
    const captionEl = $(el).children('caption').first();
    const caption = captionEl.length > 0 ? collapseSpace(inline(captionEl[0] as Element, figures)) : '';
    const lines = rows.map((r) => r.join(' | '));
    if (rows.length > 0 || caption !== '') {
      items.push({
        kind: 'block',
        block: {
          type: 'table',
          text: [caption, ...lines].filter((l) => l !== '').join('\n'),
          rows,
          ...(caption ? { caption } : {}),
        },
      });
    }
    for (const figure of figures) items.push({ kind: 'block', block: figure });
  };

  const list = (el: Element, ordered: boolean) => {
    flush();
    const figures: Block[] = [];
    const entries = $(el).children('li, dt, dd').toArray();
    const itemsText = entries.map((li) => collapseSpace(inline(li, figures))).filter((t) => t !== '');
    if (itemsText.length > 0) {
      const text = itemsText.map((t, i) => (ordered ? `${i + 1}. ${t}` : `- ${t}`)).join('\n');
      items.push({ kind: 'block', block: { type: 'list', text, items: itemsText, ordered } });
    }
    for (const figure of figures) items.push({ kind: 'block', block: figure });
  };

  const figure = (el: Element) => {
    flush();
    const figures: Block[] = [];
    const captionEl = $(el).children('figcaption').first();
    const caption = captionEl.length > 0 ? collapseSpace(inline(captionEl[0] as Element, [])) : '';
    for (const child of el.children) if (tagOf(child) !== 'figcaption') inline(child, figures);
    const alts = figures.map((f) => (f.type === 'figure' ? f.alt : '')).filter((a) => a !== '');
    const alt = alts.join(' ');
    if (alt !== '' || caption !== '') {
      const text = [alt, caption].filter((t) => t !== '').join(' — ');
      items.push({ kind: 'block', block: { type: 'figure', text, alt, ...(caption ? { caption } : {}) } });
    }
  };

  const walk = (parent: Element) => {
    for (const node of parent.children) {
      const tag = tagOf(node);
      if (tag === undefined) {
        if (node.type === 'text') buffer += (node as unknown as { data: string }).data;
        continue;
      }
      if (SKIP_TAGS.has(tag)) continue;
      const el = node as Element;
      const heading = HEADING.exec(tag);
      if (heading) {
        flush();
        const figures: Block[] = [];
        items.push({ kind: 'heading', level: Number(heading[1]), text: collapseSpace(inline(el, figures)) });
        for (const f of figures) items.push({ kind: 'block', block: f });
      } else if (tag === 'table') table(el);
      else if (tag === 'ul' || tag === 'ol' || tag === 'dl') list(el, tag === 'ol');
      else if (tag === 'figure') figure(el);
      else if (tag === 'math' && el.attribs.display === 'block') {
        flush();
        const latex = mathmlToLatex($.xml(el), $(el).text());
        if (latex !== '') items.push({ kind: 'block', block: { type: 'math', text: latex, latex } });
      } else if (isFootnote(el)) emitLeaf(el, (text) => ({ type: 'note', text }));
      else if (BLOCK_TAGS.has(tag) && hasBlockDescendant(el)) {
        flush();
        walk(el);
        flush();
      } else if (BLOCK_TAGS.has(tag)) emitLeaf(el, (text) => ({ type: 'paragraph', text }));
      else if (tag === 'img') {
        inline(el, pendingFigures);
      } else if (hasBlockDescendant(el)) {
        walk(el);
      } else buffer += inline(el, pendingFigures);
    }
  };

  const body = $('body')[0] as Element | undefined;
  if (body) walk(body);
  flush();
  return items;
}
