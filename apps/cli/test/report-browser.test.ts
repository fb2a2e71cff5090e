// Opens report.html in a real headless browser (Debian's chromium, driven by playwright-core) and
// checks that the page loads without errors, fetches nothing, and that its charts render.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { clearRegisteredSecrets } from '@kalvimate/core';
import { buildReportHtml } from '@kalvimate/pipeline/report';
import { createTempDir, type TempDir } from '@kalvimate/testkit';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReport } from '../src/commands/report.js';
import { runRun } from '../src/commands/run.js';
import { createTestContext } from './cli-harness.js';
import { fakeRunners } from './fake-stages.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  process.stderr.write(
    `notice: ${CHROMIUM} not found; skipping the report browser test (apt-get install chromium; CI installs it)\n`,
  );
}

interface PageCheck {
  errors: string[];
  requests: string[];
  charts: {
    label: string | null;
    width: number;
    height: number;
    bars: number;
    widestBar: number;
    /** How far the leftmost label sticks out of the chart on the left (0 when none does). */
    labelOverflow: number;
  }[];
  headings: string[];
  notYet: number;
}

let browser: BrowserContext | undefined;
let profile: TempDir | undefined;
let work: TempDir | undefined;

async function open(file: string): Promise<PageCheck> {
  if (!browser) throw new Error('no browser');
  const page = await browser.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  const charts = await page.$$eval('svg.chart', (svgs) =>
    svgs.map((svg) => {
      const box = svg.getBoundingClientRect();
      const bars = [...svg.querySelectorAll('rect.bar')].map((r) => r.getBoundingClientRect().width);
      const titleId = (svg.getAttribute('aria-labelledby') ?? '').split(' ')[0] ?? '';
      const lefts = [...svg.querySelectorAll('text.label')].map((t) => t.getBoundingClientRect().left);
      return {
        label: svg.ownerDocument.getElementById(titleId)?.textContent ?? null,
        width: box.width,
        height: box.height,
        bars: bars.length,
        widestBar: Math.max(0, ...bars),
        labelOverflow: Math.max(0, box.left - Math.min(box.left, ...lefts)),
      };
    }),
  );
  const headings = await page.$$eval('h1, h2, h3', (hs) => hs.map((h) => h.textContent ?? ''));
  const notYet = await page.locator('.notyet').count();
  await page.close();
  return { errors, requests, charts, headings, notYet };
}

describe.skipIf(!hasChromium)('report.html in a headless browser', () => {
  beforeAll(async () => {
    profile = await createTempDir('km-chromium-profile-');
    work = await createTempDir('km-report-browser-');
    browser = await chromium.launchPersistentContext(profile.path, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await profile?.remove();
    await work?.remove();
    clearRegisteredSecrets();
  });

  it('shows every chart of a finished run, with no errors and no request but the page itself', async () => {
    if (!work) throw new Error('no work dir');
    const cwd = work.join('full');
    await mkdir(cwd);
    await writeFile(`${cwd}/kalvimate.config.json`, JSON.stringify({ split: { workers: 0 } }));
    const { ctx } = createTestContext({ cwd, env: { OPENAI_API_KEY: 'sk-test-0123456789abcdef' } });
    await runRun(ctx, { yes: true }, { stages: fakeRunners([]) });
    const file = ctx.paths.report;
    const check = await open(file);
    expect(check.errors).toEqual([]);
    expect(check.requests).toEqual([pathToFileURL(file).href]);
    expect(check.notYet).toBe(0);
    expect(check.charts.map((c) => c.label)).toEqual([
      'Topics and requests per chapter',
      'Sections by kind',
      'Share of the text by kind (words)',
      'Requests per prompt template',
      'Estimated and actual tokens',
      'Estimated and actual cost',
      'Batches by state',
      'Conversations per prompt template',
      'Conversation lengths in tokens',
      'Answers set aside, by reason',
    ]);
    for (const chart of check.charts) {
      expect(chart.width, chart.label ?? '').toBeGreaterThan(100);
      expect(chart.height, chart.label ?? '').toBeGreaterThan(20);
      expect(chart.bars, chart.label ?? '').toBeGreaterThan(0);
      expect(chart.widestBar, chart.label ?? '').toBeGreaterThan(10);
    }
    expect(check.headings[0]).toMatch(/^KalviMate report: /);
  }, 60_000);

  it('keeps long chapter titles inside the chart', async () => {
    if (!work) throw new Error('no work dir');
    const file = work.join('long-labels.html');
    const title = 'PERIODIC CLASSIFICATION OF ELEMENTS AND THEIR PROPERTIES';
    await writeFile(
      file,
      buildReportHtml({
        generatedAt: '2026-11-25T10:00:00.000Z',
        dataDir: '/data',
        book: {
          title: 'Science',
          language: 'en',
          sourceFile: 'science.epub',
          cleaned: true,
          chapters: [10, 11, 12].map((n) => ({ number: n, title, topics: n, words: 1000 })),
          topicsByKind: { topic: 33 },
          wordsByKind: { topic: 33000 },
        },
      }),
    );
    const check = await open(file);
    expect(check.errors).toEqual([]);
    expect(check.charts[0]?.labelOverflow).toBe(0);
  }, 60_000);

  it('says "not run yet" for every part of an empty data folder, and still loads cleanly', async () => {
    if (!work) throw new Error('no work dir');
    const cwd = work.join('empty');
    await mkdir(`${cwd}/data`, { recursive: true });
    const { ctx } = createTestContext({ cwd });
    await runReport(ctx);
    const file = ctx.paths.report;
    const check = await open(file);
    expect(check.errors).toEqual([]);
    expect(check.requests).toEqual([pathToFileURL(file).href]);
    expect(check.charts).toEqual([]);
    expect(check.notYet).toBeGreaterThanOrEqual(5);
  }, 60_000);
});
