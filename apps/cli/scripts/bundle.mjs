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
// - dist/yaml.cjs: the YAML parser core requires on first use (see lazyYaml);
// - dist/xmlbuilder.cjs: xml2js's xmlbuilder, required only if its Builder is used (see lazyRequires);
// - dist/help.json: every help screen, rendered by the built program itself (`helpTexts`), which the
//   launcher prints for help on a pipe without loading the program (src/quick-help.ts);
// - prompts/: the prompt templates (pipeline's `../prompts/`), so an installed CLI has them;
// - dist/sample-science.epub: the sample book of `run --sample` (src/paths.ts).
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const cli = fileURLToPath(new URL('..', import.meta.url));
const dist = join(cli, 'dist');
const packageDir = (name) => dirname(dirname(fileURLToPath(import.meta.resolve(name))));

/**
 * Our packages load some modules with `createRequire(import.meta.url)` (lazily, or a JSON file). In a
 * bundle `import.meta.url` is the bundle's, where those modules do not resolve; esbuild bundles a
 * plain `require(...)` instead. This rewrites the two forms our sources use and refuses any other.
 *
 * It also makes zod shakable: `import { z } from 'zod'` imports zod's namespace as one value, which
 * keeps all of zod in the bundle; `import * as z from 'zod/v4'` (the same `z`) lets esbuild keep only
 * the schemas and checks that KalviMate uses, so every command compiles and runs half as much of zod.
 */
const ZOD_IMPORT = "import { z } from 'zod';";
const bundledRequire = {
  name: 'bundled-require',
  setup(b) {
    b.onLoad(
      { filter: /[\\/](packages[\\/][^\\/]+[\\/]dist|apps[\\/]cli[\\/]src)[\\/].*\.[jt]s$/ },
      async (args) => {
        const source = await readFile(args.path, 'utf8');
        if (!source.includes('createRequire(import.meta.url)') && !source.includes(ZOD_IMPORT))
          return undefined;
        const contents = source
          .replaceAll(ZOD_IMPORT, "import * as z from 'zod/v4';")
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

/**
 * epub2's array-hyper-unique takes two functions from lodash (`findIndex`, `findLastIndex`) but requires
 * the whole of it: 145 KB (bundled) that `extract` compiles and runs at start. Here it gets lodash's own modules of
 * those two functions (the same code, from the same lodash package).
 */
const lodashTwoFunctions = {
  name: 'lodash-two-functions',
  setup(b) {
    b.onResolve({ filter: /^lodash$/ }, (args) => {
      if (!/[\\/]array-hyper-unique[\\/]/.test(args.importer)) return undefined;
      return { path: args.importer, namespace: 'lodash-two-functions' };
    });
    b.onLoad({ filter: /.*/, namespace: 'lodash-two-functions' }, (args) => ({
      contents:
        "module.exports = { findIndex: require('lodash/findIndex'), findLastIndex: require('lodash/findLastIndex') };",
      resolveDir: dirname(args.path),
    }));
  },
};

/**
 * epub2 requires bluebird (131 KB bundled, which `extract` compiles and runs at start) for two things: the
 * promise class of `createAsync` (`EPub.libPromise`, which epub2 documents as replaceable) and
 * `fromCallback` for its `*Async` getters. KalviMate calls `createAsync` alone. Here epub2 gets Node's
 * own Promise with a `fromCallback` of the same meaning (`multiArgs` included).
 */
const epub2NativePromise = {
  name: 'epub2-native-promise',
  setup(b) {
    b.onResolve({ filter: /^bluebird$/ }, (args) => {
      if (!/[\\/]epub2[\\/]index\.js$/.test(args.importer)) return undefined;
      return { path: 'bluebird', namespace: 'epub2-native-promise' };
    });
    b.onLoad({ filter: /.*/, namespace: 'epub2-native-promise' }, () => ({
      contents: `class NativePromise extends Promise {}
NativePromise.fromCallback = (fn, options) =>
  new NativePromise((resolve, reject) =>
    fn((error, ...values) => (error ? reject(error) : resolve(options && options.multiArgs ? values : values[0]))),
  );
module.exports = NativePromise;`,
    }));
  },
};

/**
 * core loads the YAML parser on first use (`parseYamlText`) with a require, which a bundle would inline
 * into core's chunk: every command would compile its 165 KB. Here it is a file of its own beside the
 * chunks (dist/yaml.cjs), required only when YAML is read.
 */
const lazyYaml = {
  name: 'lazy-yaml',
  setup(b) {
    b.onResolve({ filter: /^yaml$/ }, (args) => {
      if (args.kind !== 'require-call' || !/[\\/]core[\\/]dist[\\/]yaml-text\.js$/.test(args.importer))
        return undefined;
      return { path: './yaml.cjs', external: true };
    });
  },
};

/**
 * A module that a dependency requires at load but uses only in a path KalviMate never takes, given to
 * that dependency as a stand-in that requires the real module on first use:
 * - xml2js, under epub2, requires xmlbuilder (100 KB) for its Builder, and epub2 only parses. The real
 *   xmlbuilder is a file of its own beside the chunks (dist/xmlbuilder.cjs).
 * - commander requires Node's child_process (which loads net and dgram) for subcommands that are
 *   programs of their own; KalviMate's are functions. Every command line saved about 7 ms.
 */
const LAZY_REQUIRES = [
  { importer: /[\\/]xml2js[\\/]lib[\\/]builder\.js$/, module: /^xmlbuilder$/, real: './xmlbuilder.cjs' },
  {
    importer: /[\\/]commander[\\/]lib[\\/]command\.js$/,
    module: /^(node:)?child_process$/,
    real: 'node:child_process',
  },
];
const lazyRequires = {
  name: 'lazy-requires',
  setup(b) {
    for (const [index, { importer, module, real }] of LAZY_REQUIRES.entries()) {
      const namespace = `lazy-require-${index}`;
      b.onResolve({ filter: module }, (args) =>
        importer.test(args.importer) ? { path: real, namespace } : undefined,
      );
      b.onLoad({ filter: /.*/, namespace }, () => ({
        contents: `let real; module.exports = new Proxy({}, { get: (_, key) => (real ??= require(${JSON.stringify(real)}))[key] });`,
      }));
      b.onResolve({ filter: /.*/, namespace }, (args) => ({ path: args.path, external: true }));
    }
  },
};

/** CommonJS dependencies bundled into ES modules call require() for Node's built-ins. */
const esmRequireBanner = {
  js: "import{createRequire as __kmRequire}from'node:module';const require=__kmRequire(import.meta.url);",
};

/**
 * Every help screen as the built program prints it to a pipe or a file (80 columns, no colour): '' for
 * the program's, else by command name. The launcher prints them for help on a pipe (src/quick-help.ts);
 * test/bundle-e2e.test.ts checks each against the program's own output.
 */
async function helpTexts() {
  const { buildProgram } = await import(pathToFileURL(join(dist, 'index.js')).href);
  let text = '';
  const sink = {
    write(chunk) {
      text += chunk;
      return true;
    },
  };
  const io = { stdout: sink, stderr: sink, stdin: process.stdin, env: {}, cwd: cli };
  const program = buildProgram(io, () => {});
  const texts = {};
  for (const command of [program, ...program.commands]) {
    command.configureOutput({ getOutHelpWidth: () => undefined, getOutHasColors: () => false });
    text = '';
    command.outputHelp();
    texts[command === program ? '' : command.name()] = text;
  }
  return texts;
}

await rm(dist, { recursive: true, force: true });
const program = await build({
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
  plugins: [
    bundledRequire,
    englishZodLocales,
    lodashTwoFunctions,
    epub2NativePromise,
    lazyYaml,
    lazyRequires,
  ],
  banner: esmRequireBanner,
  logLevel: 'warning',
  metafile: true,
});

/** What every CommonJS file of the build shares. */
const commonJs = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
};

/**
 * The program again as CommonJS, chunk for chunk (dist/index.cjs, dist/chunk-….cjs): what the launcher
 * runs, through V8's code cache (src/code-cache.ts), which Node 20 offers to CommonJS code it compiles
 * itself and to no ES module. Each ES module chunk of the build above becomes one CommonJS file that
 * requires the `.cjs` of every chunk it imports (a dynamic import becomes a require when its promise
 * settles), so a command loads the same chunks, and no more, as the ES module build does. The ES module
 * build stays for what imports the program (the in-process benchmark, the help texts below, tests) and
 * for the worker threads.
 */
async function commonJsMirror(esmFiles) {
  const stripBanner = {
    name: 'strip-esm-require-banner',
    setup(b) {
      b.onLoad({ filter: /\.js$/ }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        if (!source.startsWith(esmRequireBanner.js)) throw new Error(`${args.path}: no require banner`);
        return { contents: source.slice(esmRequireBanner.js.length), loader: 'js' };
      });
      // Every chunk stays a file of its own: an import of one becomes a require of its .cjs.
      b.onResolve({ filter: /^\.\/[^/]+\.js$/ }, (args) =>
        args.kind === 'entry-point'
          ? undefined
          : { path: args.path.replace(/\.js$/, '.cjs'), external: true },
      );
    },
  };
  await build({
    ...commonJs,
    entryPoints: esmFiles.map((file) => join(dist, file)),
    outdir: dist,
    outExtension: { '.js': '.cjs' },
    // A chunk's own file, as import.meta.url is in the ES module build (ranks/, workers, prompts/).
    define: { 'import.meta.url': '__kmModuleUrl' },
    banner: { js: "var __kmModuleUrl=require('node:url').pathToFileURL(__filename).href;" },
    supported: { 'dynamic-import': false },
    plugins: [stripBanner],
  });
}

await commonJsMirror(
  Object.keys(program.metafile.outputs)
    .map((output) => basename(output))
    .filter((file) => file.endsWith('.js') && !['analyzer-worker.js', 'book-thread.js'].includes(file)),
);

// The launcher: CommonJS, with the program left to its own import.
await build({
  ...commonJs,
  entryPoints: [join(cli, 'src', 'bin.ts')],
  outfile: join(dist, 'bin.cjs'),
  external: ['./index.js'],
  plugins: [bundledRequire],
});
// The same launcher as an ES module at dist/bin.js, the path earlier versions had: scripts and habits
// that run `node dist/bin.js` keep working (the package's bin is bin.cjs, which starts sooner). Its
// `__dirname` (where the launcher finds help.json) is defined as CommonJS has it.
await build({
  ...commonJs,
  format: 'esm',
  entryPoints: [join(cli, 'src', 'bin.ts')],
  outfile: join(dist, 'bin.js'),
  external: ['./index.js'],
  plugins: [bundledRequire],
  banner: {
    js: `${esmRequireBanner.js}const __dirname=require('node:path').dirname(require('node:url').fileURLToPath(import.meta.url));`,
  },
});

await writeFile(join(dist, 'help.json'), `${JSON.stringify(await helpTexts())}\n`);

// The YAML parser core requires on first use (see lazyYaml), resolved from core as core resolves it, and
// the xmlbuilder of xml2js (see lazyRequires), resolved from epub2's xml2js.
const fromEpub2 = createRequire(
  createRequire(join(packageDir('@kalvimate/extract'), 'package.json')).resolve('epub2'),
);
await build({
  ...commonJs,
  entryPoints: {
    yaml: createRequire(join(packageDir('@kalvimate/core'), 'package.json')).resolve('yaml'),
    xmlbuilder: createRequire(fromEpub2.resolve('xml2js')).resolve('xmlbuilder'),
  },
  outdir: dist,
  outExtension: { '.js': '.cjs' },
});

await cp(join(packageDir('@kalvimate/core'), 'dist', 'ranks'), join(dist, 'ranks'), { recursive: true });
await cp(join(cli, '..', '..', 'samples', 'sample-science.epub'), join(dist, 'sample-science.epub'));
await rm(join(cli, 'prompts'), { recursive: true, force: true });
await cp(join(packageDir('@kalvimate/pipeline'), 'prompts'), join(cli, 'prompts'), { recursive: true });
