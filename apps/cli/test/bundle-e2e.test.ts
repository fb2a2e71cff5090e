// The CLI as it ships: the bundle in dist/ (scripts/bundle.mjs), copied with prompts/ and package.json
// into a folder outside the repository and with no node_modules, then run as a whole process. Proves
// that the bundle holds every module it loads (the OpenAI and Hub SDKs, Parquet, the tokenizer's
// tables, splitter's worker thread, the templates) and resolves nothing from the workspace.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { cp, open, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildEpub, createTempDir, generatedTextbook, type TempDir } from '@kalvimate/testkit';
import { type HubEmulator, startHubEmulator } from '@kalvimate/testkit/hub-emulator';
import { type OpenAIEmulator, startOpenAIEmulator } from '@kalvimate/testkit/openai-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../src/commands/index.js';
import { runCli } from './cli-harness.js';

const CLI_DIR = fileURLToPath(new URL('..', import.meta.url));
const REPO = 'kalvimate-tester/bundled';

interface ProcessRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node bin.cjs …` as its own process; asynchronous, so that the emulators here keep answering. */
function runProcess(
  bin: string,
  args: string[],
  cwd: string,
  env: Record<string, string>,
): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the bundled CLI, installed outside the repository', () => {
  let api: OpenAIEmulator;
  let hub: HubEmulator;
  let dir: TempDir;
  let bin: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = await createTempDir('km-bundle-');
    const install = dir.join('kalvimate');
    for (const entry of ['dist', 'prompts', 'package.json']) {
      await cp(join(CLI_DIR, entry), join(install, entry), { recursive: true });
    }
    bin = join(install, 'dist', 'bin.cjs');
    const book = generatedTextbook({ seed: 7, language: 'en', chapters: 2, sections: 3, paragraphs: 2 });
    await writeFile(dir.join('book.epub'), buildEpub(book));
    api = await startOpenAIEmulator({ validatingMs: 1, batchLatencyMs: 5, finalizingMs: 1 });
    hub = await startHubEmulator();
    env = {
      OPENAI_API_KEY: api.apiKey,
      OPENAI_BASE_URL: api.baseURL,
      HF_TOKEN: hub.token,
      HF_ENDPOINT: hub.hubUrl,
    };
  }, 60_000);

  afterAll(async () => {
    await api?.close();
    await hub?.close();
    await dir?.remove();
  });

  it('prints its version and its help', async () => {
    const { version } = (await import('../package.json', { with: { type: 'json' } })).default;
    expect(await runProcess(bin, ['--version'], dir.path, {})).toEqual({
      code: 0,
      stdout: `${version}\n`,
      stderr: '',
    });
    const help = await runProcess(bin, ['--help'], dir.path, {});
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: kalvimate');
    expect(help.stdout).toMatch(/^ {2}extract /m);
    // Help on a pipe comes from dist/help.json, which the build rendered: the program's own text.
    expect(help.stdout).toBe((await runCli(['--help'])).stdout);
    const stored = JSON.parse(await readFile(join(dirname(bin), 'help.json'), 'utf8')) as Record<
      string,
      string
    >;
    const names = COMMANDS.map((command) => command.name);
    expect(Object.keys(stored).sort()).toEqual(['', ...names].sort());
    for (const name of names) {
      const full = await runCli([name, '--help']);
      expect(full.code).toBe(0);
      expect(stored[name], name).toBe(full.stdout);
    }
    const runHelp = await runProcess(bin, ['run', '--help'], dir.path, {});
    expect(runHelp).toEqual({ code: 0, stdout: stored.run, stderr: '' });
    // dist/bin.js, the path earlier versions had, is the same launcher as an ES module.
    const esm = join(dirname(bin), 'bin.js');
    expect(await runProcess(esm, ['--version'], dir.path, {})).toEqual({
      code: 0,
      stdout: `${version}\n`,
      stderr: '',
    });
    expect((await runProcess(esm, ['--help'], dir.path, {})).stdout).toBe(help.stdout);
  });

  it('answers help on a pipe or in a file from dist/help.json, without loading the program', async () => {
    // A launcher with no program beside it: only the stored texts can answer.
    const alone = dir.join('launcher-alone');
    await cp(bin, join(alone, 'bin.cjs'));
    await writeFile(
      join(alone, 'help.json'),
      JSON.stringify({ '': 'stored help\n', run: 'stored run help\n' }),
    );
    expect(await runProcess(join(alone, 'bin.cjs'), ['--help'], dir.path, {})).toEqual({
      code: 0,
      stdout: 'stored help\n',
      stderr: '',
    });
    const out = dir.join('help.txt');
    const file = await open(out, 'w');
    const child = spawn(process.execPath, [join(alone, 'bin.cjs'), 'run', '-h'], {
      stdio: ['ignore', file.fd, 'ignore'],
    });
    const [code] = (await once(child, 'close')) as [number];
    await file.close();
    expect(code).toBe(0);
    expect(await readFile(out, 'utf8')).toBe('stored run help\n');
    // To the null device too: the program, which is not there, would fail (exit 1).
    if (existsSync('/dev/null')) {
      const toNull = spawn(process.execPath, [join(alone, 'bin.cjs'), '--help'], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      toNull.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const [nullCode] = (await once(toNull, 'close')) as [number];
      expect({ code: nullCode, stderr }).toEqual({ code: 0, stderr: '' });
    }
  });

  it('runs every stage of a book against the emulators and publishes one commit', async () => {
    const args = ['--json', 'run', 'book.epub', '--yes', '--poll-interval', '0.01', '--repo-id', REPO];
    const { code, stdout, stderr } = await runProcess(bin, args, dir.path, env);
    expect(stderr).not.toContain('error:');
    expect(code).toBe(0);
    const summary = JSON.parse(stdout) as { stages: { stage: string; status: string }[] };
    expect(summary.stages.map((s) => `${s.stage}:${s.status}`)).toEqual([
      'extract:ran',
      'preprocess:ran',
      'generate:ran',
      'split:ran',
      'submit:ran',
      'judge:ran',
      'publish:ran',
    ]);
    expect(api.listBatches().length).toBeGreaterThan(0);
    expect(hub.commits(REPO, 'dataset')).toHaveLength(1);
    expect(stdout + stderr).not.toContain(api.apiKey);
  }, 120_000);

  it("counts tokens on splitter's worker threads", async () => {
    const args = ['split', 'data/openai_inputs/requests.jsonl', '--out', 'parts', '--workers', '2'];
    const { code, stderr } = await runProcess(bin, args, dir.path, {});
    expect(stderr).not.toContain('error:');
    expect(code).toBe(0);
    expect((await readdir(dir.join('parts'))).some((name) => name.endsWith('.jsonl'))).toBe(true);
  }, 60_000);

  it('compiles the program through a code cache it keeps in the cache folder', async () => {
    const cwd = dir.join('code-cache');
    await cp(dir.join('book.epub'), join(cwd, 'book.epub'));
    const secret = 'sk-proj-codecache0123456789abcdefghij';
    const home = dir.join('code-cache-home');
    const extract = async (out: string, more: Record<string, string> = {}) => {
      const result = await runProcess(bin, ['extract', 'book.epub', '--out', out, '--quiet'], cwd, {
        KALVIMATE_CACHE_DIR: home,
        OPENAI_API_KEY: secret,
        ...more,
      });
      expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
      return readFile(join(cwd, out, 'book.json'), 'utf8');
    };
    const cacheFiles = async () => {
      const [variant, ...others] = await readdir(join(home, 'code'));
      expect(others).toEqual([]);
      const folder = join(home, 'code', variant ?? '');
      const names = (await readdir(folder)).sort();
      return Promise.all(names.map(async (name) => ({ name, bytes: await readFile(join(folder, name)) })));
    };

    const book = await extract('first');
    const written = await cacheFiles();
    // One cache per chunk the command loaded: the program's index and extract's own code among them.
    expect(written.map((file) => file.name)).toContainEqual(expect.stringMatching(/^index-[0-9a-f]{32}$/));
    expect(written.length).toBeGreaterThan(3);
    for (const file of written) expect(file.bytes.includes(secret)).toBe(false);
    // The next command compiles from the caches, writes none, and writes the same book.
    expect(await extract('second')).toBe(book);
    expect(await cacheFiles()).toEqual(written);
    // Caches V8 refuses are compiled past and written anew.
    const folder = join(home, 'code', (await readdir(join(home, 'code')))[0] ?? '');
    for (const file of written) await writeFile(join(folder, file.name), 'not a code cache');
    expect(await extract('third')).toBe(book);
    expect((await cacheFiles()).map((file) => file.bytes.toString('latin1'))).not.toContain(
      'not a code cache',
    );
    // KALVIMATE_CODE_CACHE=0: no cache read or written.
    await rm(home, { recursive: true });
    expect(await extract('fourth', { KALVIMATE_CODE_CACHE: '0' })).toBe(book);
    expect(existsSync(join(home, 'code'))).toBe(false);
  }, 60_000);

  it('prints a run that did nothing again from its receipt, until anything the run read changes', async () => {
    const cwd = dir.join('receipts');
    await cp(dir.join('book.epub'), join(cwd, 'book.epub'));
    const cache = { KALVIMATE_CACHE_DIR: dir.join('receipt-cache') };
    const args = ['run', 'book.epub'];
    // A replay writes nothing: the run state, which every run that does its work rewrites, stays as it was.
    const stateFile = join(cwd, 'data', 'run-state.json');
    const stateVersion = async () => {
      const { ino, mtimeMs } = await stat(stateFile);
      return `${ino}:${mtimeMs}`;
    };
    const runs = async (more: Record<string, string> = {}) => {
      const before = await stateVersion().catch(() => 'none');
      const result = await runProcess(bin, args, cwd, { ...cache, ...more });
      expect(result.code).toBe(0);
      return { output: result.stdout + result.stderr, replayed: (await stateVersion()) === before };
    };

    const first = await runs();
    expect(first.replayed).toBe(false);
    // The first run did its work, then rehearsed the run after it unseen: that run is already replayed,
    // and prints what the same run does when it keeps no receipt (and so rewrites the run state).
    const rightAfter = await runs();
    expect(rightAfter.replayed).toBe(true);
    expect(rightAfter.output).toMatch(/^extract +skipped: unchanged/m);
    const nothingToDo = await runs({ KALVIMATE_REPLAY: '0' });
    expect(nothingToDo).toEqual({ output: rightAfter.output, replayed: false });
    // That run rewrote the run state, so the receipt is out of date: once more, then replayed.
    expect(await runs()).toEqual({ output: nothingToDo.output, replayed: false });
    expect(await runs()).toEqual({ output: nothingToDo.output, replayed: true });

    // A config file (even one that changes nothing), a new file in the data folder, another environment:
    // each time the run does its work again, then keeps a new receipt.
    await writeFile(join(cwd, 'kalvimate.config.json'), '{}\n');
    expect(await runs()).toEqual({ output: nothingToDo.output, replayed: false });
    expect(await runs()).toEqual({ output: nothingToDo.output, replayed: true });
    await writeFile(join(cwd, 'data', 'notes.txt'), 'mine\n');
    expect((await runs()).replayed).toBe(false);
    expect((await runs()).replayed).toBe(true);
    expect((await runs({ KALVIMATE_DEMO: '1' })).replayed).toBe(false);
    // With a .env file (it may hold secrets) or a secret in the environment, no receipt at all.
    await writeFile(join(cwd, '.env'), '# nothing here\n');
    expect((await runs()).replayed).toBe(false);
    expect((await runs()).replayed).toBe(false);
    await rm(join(cwd, '.env'));
    expect((await runs({ SOME_TOKEN: 'x' })).replayed).toBe(false);
    // Those runs rewrote the run state, so the receipt is out of date: once more, then replayed.
    expect((await runs()).replayed).toBe(false);
    expect(await runs()).toEqual({ output: nothingToDo.output, replayed: true });
  }, 120_000);

  it('prints a catalogue run that did nothing again from its receipt, until a book is added', async () => {
    const cwd = dir.join('catalogue-receipts');
    const books = join(cwd, 'books');
    const book = (seed: number) =>
      buildEpub(generatedTextbook({ seed, language: 'en', chapters: 1, sections: 2, paragraphs: 1 }));
    await cp(dir.join('book.epub'), join(books, 'one.epub'));
    await writeFile(join(books, 'two.epub'), book(11));
    const cache = { KALVIMATE_CACHE_DIR: dir.join('catalogue-receipt-cache') };
    // A replay writes nothing: the catalogue record, which every catalogue run writes, stays as it was.
    const recordFile = join(cwd, 'data', 'catalogue.json');
    const recordVersion = async () => {
      const { ino, mtimeMs } = await stat(recordFile);
      return `${ino}:${mtimeMs}`;
    };
    const runs = async () => {
      const before = await recordVersion().catch(() => 'none');
      const result = await runProcess(bin, ['run', 'books'], cwd, cache);
      expect(result.stderr).not.toContain('error:');
      expect(result.code).toBe(0);
      return { output: result.stdout + result.stderr, replayed: (await recordVersion()) === before };
    };
    expect((await runs()).replayed).toBe(false);
    const nothingToDo = await runs();
    expect(nothingToDo.replayed).toBe(false);
    expect(nothingToDo.output).toMatch(/extract skipped: unchanged/);
    expect(await runs()).toEqual({ output: nothingToDo.output, replayed: true });
    // A new EPUB in the folder is a new book: the run does its work.
    await writeFile(join(books, 'three.epub'), book(12));
    const added = await runs();
    expect(added.replayed).toBe(false);
    expect(added.output).toContain('three');
  }, 120_000);

  it('runs the offline stages on its own sample book, as the quick start does', async () => {
    const { code, stdout, stderr } = await runProcess(
      bin,
      ['--json', 'run', '--sample', '--data-dir', 'sample'],
      dir.path,
      {},
    );
    expect(stderr).not.toContain('error:');
    expect(code).toBe(0);
    const summary = JSON.parse(stdout) as { epub: string; stopped?: string };
    expect(summary.epub).toBe(join(dir.join('kalvimate'), 'dist', 'sample-science.epub'));
    expect(summary.stopped).toBe('no-api-key');
  }, 60_000);

  it('reads the package with epub2 on Node’s own promises, and names a book its parser refuses', async () => {
    // The bundle hands epub2 a Promise class in place of bluebird (scripts/bundle.mjs): its rejection
    // still reaches the user as the one-line error of a book that cannot be parsed.
    const book = generatedTextbook({ seed: 3, language: 'en', chapters: 1, sections: 2, paragraphs: 1 });
    await writeFile(
      dir.join('bad-metadata.epub'),
      buildEpub({ ...book, extraMetadata: ['<dc:subject>Physics</dc:creator>'] }),
    );
    const refused = await runProcess(bin, ['extract', 'bad-metadata.epub', '--out', 'nm'], dir.path, {});
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^error: .*bad-metadata\.epub: the EPUB could not be parsed \(/m);
    expect(existsSync(dir.join('nm'))).toBe(false);
    // The same book with sound metadata, and without its mimetype file (read, with a warning): epub2
    // reads its title (the package's metadata).
    await writeFile(dir.join('no-mimetype.epub'), buildEpub({ ...book, omitFiles: ['mimetype'] }));
    const read = await runProcess(
      bin,
      ['extract', 'no-mimetype.epub', '--out', 'ok', '--json'],
      dir.path,
      {},
    );
    expect(read.stderr).toMatch(/no-mimetype\.epub: the archive has no mimetype file; it is read as an EPUB/);
    expect(read.code).toBe(0);
    const summary = JSON.parse(read.stdout) as { ok: boolean; book: string; chapters: number };
    expect(summary).toMatchObject({ ok: true, book: book.title });
    expect(summary.chapters).toBeGreaterThan(0);
    expect((await readdir(dir.join('ok'))).filter((n) => n.startsWith('chapter_'))).toHaveLength(
      summary.chapters,
    );
  });

  it("refuses a user's mistake in one line, without a stack trace", async () => {
    const { code, stderr } = await runProcess(bin, ['extract', 'missing.epub'], dir.path, {});
    expect(code).toBe(2);
    expect(stderr).toMatch(/^error: .*missing\.epub/m);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
