import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { Script, constants as vmConstants } from 'node:vm';
import { pruneOldest } from '@kalvimate/core/receipt';

/**
 * Loads the CommonJS chunks of the bundle (dist/*.cjs) through V8's code cache, as Node 22's
 * `module.enableCompileCache` does for its modules, which Node 20 lacks. A chunk loaded without a cache
 * is compiled from its source; at the end of the command `saveCaches` writes what V8 compiled of it by
 * then (every function the command ran, not only the top level), so that the next command that loads it
 * skips parsing and compiling those functions: 30–50 ms of every command's start on this machine.
 *
 * A cache file is named by its chunk and the SHA-256 of the chunk's bytes, in a folder named by the Node
 * version and V8 flags it was made under (V8 refuses a cache of another version or other flags, and checks
 * only the source's length besides). A cache V8 refuses, or cannot read, is compiled past and written
 * anew; a folder that cannot be written only means no cache. Nothing in a cache comes from the data a
 * command read: it holds the chunk's code, compiled.
 */
export interface ChunkLoader {
  /** `module.exports` of the chunk at `file` (absolute), loaded and run on the first call only. */
  load(file: string): unknown;
  /** Writes the cache of each chunk loaded without a usable one; the number written. Never throws. */
  saveCaches(): number;
  /** Chunks loaded, loaded from a cache, and whose cache V8 refused. */
  readonly counts: { loaded: number; fromCache: number; refused: number };
}

/** Cache files kept at most in one folder: past this many, the least recently written go, down to half. */
const MAX_CACHES = 256;

/**
 * Folders of other Node versions and flags kept beside a new one (`codeCacheDirOf` names them): past this
 * many, the least recently written go when a new folder is made, as after a Node upgrade.
 */
const MAX_VARIANTS = 8;
const VARIANT_NAME = /^v\d+\.\d+\.\d+-\w+-[0-9a-f]{16}$/;

/**
 * A loader whose caches live in `cacheDir` (undefined: chunks are compiled from source every time). Each
 * chunk gets `require`: a chunk beside it (`./name.cjs`) through this loader, anything else (Node's
 * built-ins) through Node.
 */
export function createChunkLoader(cacheDir: string | undefined, maxCaches = MAX_CACHES): ChunkLoader {
  const modules = new Map<string, { exports: unknown }>();
  const unsaved: { script: Script; cacheFile: string }[] = [];
  const counts = { loaded: 0, fromCache: 0, refused: 0 };

  function load(file: string): unknown {
    const known = modules.get(file);
    if (known) return known.exports;
    const module = { exports: {} as unknown };
    // Registered before it runs: a chunk that requires one requiring it back gets its exports so far, as
    // Node's own CommonJS loader gives them.
    modules.set(file, module);
    const bytes = readFileSync(file);
    const cacheFile =
      cacheDir &&
      join(
        cacheDir,
        `${basename(file, '.cjs')}-${createHash('sha256').update(bytes).digest('hex').slice(0, 32)}`,
      );
    const cachedData = cacheFile ? readCache(cacheFile) : undefined;
    const script = new Script(wrap(bytes.toString('utf8')), {
      filename: file,
      cachedData,
      importModuleDynamically: vmConstants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
    });
    counts.loaded++;
    if (cachedData && !script.cachedDataRejected) counts.fromCache++;
    else {
      if (cachedData) counts.refused++;
      if (cacheFile) unsaved.push({ script, cacheFile });
    }
    const nodeRequire = createRequire(file);
    const chunkRequire = (specifier: string): unknown =>
      specifier.startsWith('./') && specifier.endsWith('.cjs')
        ? load(join(dirname(file), specifier))
        : nodeRequire(specifier);
    const run = script.runInThisContext() as (...args: unknown[]) => void;
    try {
      run(module.exports, chunkRequire, module, file, dirname(file));
    } catch (error) {
      // As Node's loader does: a chunk that threw is not loaded, and the next require runs it again.
      modules.delete(file);
      throw error;
    }
    return module.exports;
  }

  function saveCaches(): number {
    if (!cacheDir || unsaved.length === 0) return 0;
    let written = 0;
    try {
      if (mkdirSync(cacheDir, { recursive: true }) !== undefined) pruneVariants(cacheDir, MAX_VARIANTS);
      for (const { script, cacheFile } of unsaved.splice(0)) {
        writeAtomically(cacheFile, script.createCachedData());
        written++;
      }
      pruneOldest(
        cacheDir,
        readdirSync(cacheDir).filter((name) => !name.endsWith('.tmp')),
        maxCaches,
      );
    } catch {
      // A cache only saves time: a folder that cannot be written means compiling again next time.
    }
    return written;
  }

  return { load, saveCaches, counts };
}

/**
 * The folder of code caches under the user's KalviMate cache folder (`cacheRoot`), one per Node version,
 * architecture and set of V8 flags (`flags`: those the launcher sets, besides Node's own arguments and
 * NODE_OPTIONS), since V8 refuses a cache made under others.
 */
export function codeCacheDirOf(cacheRoot: string, flags: string, node = process): string {
  const variant = [node.version, node.arch, node.execArgv.join(' '), node.env.NODE_OPTIONS ?? '', flags].join(
    '\n',
  );
  const digest = createHash('sha256').update(variant).digest('hex').slice(0, 16);
  return join(cacheRoot, 'code', `${node.version}-${node.arch}-${digest}`);
}

/**
 * Removes the least recently written folders beside `cacheDir` that `codeCacheDirOf` named (other Node
 * versions, other flags), keeping `keep` of them besides `cacheDir`. Anything else there is left alone.
 */
export function pruneVariants(cacheDir: string, keep: number): void {
  const parent = dirname(cacheDir);
  const others = readdirSync(parent)
    .filter((name) => name !== basename(cacheDir) && VARIANT_NAME.test(name))
    .map((name) => ({ path: join(parent, name), mtimeMs: statSync(join(parent, name)).mtimeMs }))
    .sort((a, b) => b.mtimeMs - a.mtimeMs);
  for (const { path } of others.slice(keep)) rmSync(path, { recursive: true, force: true });
}

/** Node's CommonJS wrapper, so that a chunk sees `exports`, `require`, `module` and its own paths. */
function wrap(source: string): string {
  return `(function (exports, require, module, __filename, __dirname) { ${source}\n});`;
}

function readCache(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

function writeAtomically(file: string, bytes: Uint8Array): void {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, bytes);
    renameSync(temp, file);
  } finally {
    rmSync(temp, { force: true });
  }
}
