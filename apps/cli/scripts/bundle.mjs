// Builds the CLI as a bundle: src/index.ts (the program) and every package it uses become a few files in
// dist/, so a command starts by reading a handful of files instead of resolving and compiling some 300
// modules. src/bin.ts, the launcher, becomes dist/bin.cjs: CommonJS, which Node starts sooner than an ES
// module, so `--version` costs little more than Node's own start; it imports dist/index.js for the rest.
// Each command's own code stays behind a dynamic import (a chunk of its own), so `extract` never loads
// the OpenAI or Hub clients. Types are checked by `pnpm typecheck` (tsc), not here.
//
// Next to dist/ the build puts what the code reads at run time, where the code looks for it:
// - dist/ranks/: the tokenizer's rank tables (core's `./ranks/` beside the module);
// - dist/analyzer-worker.js: splitter's worker thread (its `./analyzer-worker.js`);
// - dist/book-thread.js: pipeline's thread for the books of a catalogue (its `./book-thread.js`);
// - prompts/: the prompt templates (pipeline's `../prompts/`), so an installed CLI has them;
// - dist/sample-science.epub: the sample book of `run --sample` (src/paths.ts).
import { cp, readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const cli = fileURLToPath(new URL('..', import.meta.url));
const dist = join(cli, 'dist');
const packageDir = (name) => dirname(dirname(fileURLToPath(import.meta.resolve(name))));

/**
 * Our packages load some modules with `createRequire(import.meta.url)` (lazily, or a JSON file). In a
 * bundle `import.meta.url` is the bundle's, where those modules do not resolve; esbuild bundles a
 * plain `require(...)` instead. This rewrites the two forms our sources use and refuses any other.
 */
const bundledRequire = {
  name: 'bundled-require',
  setup(b) {
    b.onLoad(
      { filter: /[\\/](packages[\\/][^\\/]+[\\/]dist|apps[\\/]cli[\\/]src)[\\/].*\.[jt]s$/ },
      async (args) => {
        const source = await readFile(args.path, 'utf8');
        if (!source.includes('createRequire(import.meta.url)')) return undefined;
        const contents = source
          .replace(/^\s*const require = createRequire\(import\.meta\.url\);$/gm, '')
          .replaceAll('createRequire(import.meta.url)(', 'require(');
        if (contents.includes('createRequire(import.meta.url)')) {
          throw new Error(`${args.path}: a createRequire(import.meta.url) form the bundle cannot rewrite`);
        }
        return { contents, loader: args.path.endsWith('.ts') ? 'ts' : 'js', resolveDir: dirname(args.path) };
      },
    );
  },
};

/**
 * zod re-exports its 40 message locales as `z.locales`, which keeps 360 KB of them in any bundle that
 * uses `z`. KalviMate uses only English, the default (which zod's schemas import on their own); here
 * `z.locales` holds English alone, so each command has that much less code to compile.
 */
const englishZodLocales = {
  name: 'english-zod-locales',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) => {
      if (!/[\\/]zod[\\/]v4[\\/](classic|core)$/.test(args.resolveDir)) return undefined;
      return { path: join(args.resolveDir, '..', 'locales', 'en.js'), namespace: 'zod-locales' };
    });
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: dirname(args.path),
    }));
  },
};

await rm(dist, { recursive: true, force: true });
await build({
  entryPoints: {
    // The program: `main`, which the launcher (and the in-process benchmark, bench/run.mjs) runs.
    index: join(cli, 'src', 'index.ts'),
    'analyzer-worker': join(packageDir('@kalvimate/splitter'), 'dist', 'analyzer-worker.js'),
    // pipeline's thread for the books of a catalogue (its `./book-thread.js`).
    'book-thread': join(packageDir('@kalvimate/pipeline'), 'dist', 'catalogue', 'book-thread.js'),
  },
  outdir: dist,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Readable names in --verbose stack traces; whitespace and syntax only.
  minifyWhitespace: true,
  minifySyntax: true,
  // Chunks sit beside index.js: the code finds ranks/, the worker and ../prompts/ from its own file.
  chunkNames: '[name]-[hash]',
  plugins: [bundledRequire, englishZodLocales],
  // CommonJS dependencies bundled into ES modules call require() for Node's built-ins.
  banner: {
    js: "import{createRequire as __kmRequire}from'node:module';const require=__kmRequire(import.meta.url);",
  },
  logLevel: 'warning',
});

// The launcher: CommonJS, with the program left to its own import.
await build({
  entryPoints: [join(cli, 'src', 'bin.ts')],
  outfile: join(dist, 'bin.cjs'),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minifyWhitespace: true,
  minifySyntax: true,
  external: ['./index.js'],
  plugins: [bundledRequire],
  logLevel: 'warning',
});

await cp(join(packageDir('@kalvimate/core'), 'dist', 'ranks'), join(dist, 'ranks'), { recursive: true });
await cp(join(cli, '..', '..', 'samples', 'sample-science.epub'), join(dist, 'sample-science.epub'));
await rm(join(cli, 'prompts'), { recursive: true, force: true });
await cp(join(packageDir('@kalvimate/pipeline'), 'prompts'), join(cli, 'prompts'), { recursive: true });
