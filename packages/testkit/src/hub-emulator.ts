import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the Hugging Face Hub: exactly the endpoints `@huggingface/hub` 2.x calls to
 * create a repo, list its files and commit files and deletions (`createRepo`, `listFiles`,
 * `uploadFiles`/`commit`, `whoAmI`, `repoExists`), on 127.0.0.1 with an ephemeral port. Point the real
 * client at it with `hubUrl`. A commit may delete files (`deletedFile` lines), as on the Hub.
 *
 * It answers the LFS batch call with `transfer: "basic"` (the client asks for xet first and falls
 * back), so large files arrive by a plain PUT to the href it hands out, and it checks each one's
 * sha256 and size. Repos, commits and file contents are kept in memory for tests to inspect.
 */

export type HubRepoType = 'model' | 'dataset' | 'space';

/** One request the emulator answered (the token is never kept). */
export interface HubCall {
  method: string;
  /** Path and query, e.g. `/api/datasets/me/books/preupload/main`. */
  path: string;
  status: number;
}

export interface HubRepo {
  /** `owner/name`. */
  id: string;
  type: HubRepoType;
  private: boolean;
}

export interface HubCommit {
  /** 40 hex characters. */
  oid: string;
  title: string;
  description: string;
  /** Paths this commit added or replaced, in the order they were sent. */
  files: string[];
  /** Of `files`, those that arrived as LFS objects. */
  lfsFiles: string[];
  /** Paths this commit deleted. */
  deleted: string[];
}

/** A fault to inject: the next `times` requests whose path matches answer `status`. */
export interface HubFault {
  method?: string;
  path: RegExp | string;
  status: number;
  times?: number;
  message?: string;
}

export interface HubEmulatorOptions {
  /** The only token accepted (must start with `hf_`); a random one by default. */
  token?: string;
  /** The user the token belongs to (default `kalvimate-tester`). */
  user?: string;
  /** Organisations the user may create repos in, beside their own name. */
  orgs?: string[];
  /** Files at or above this size, and binary files, must be uploaded as LFS (default 10 MB, as the Hub). */
  lfsThresholdBytes?: number;
}

export interface HubEmulator {
  /** Base URL to pass as `hubUrl`, e.g. `http://127.0.0.1:41234`. */
  hubUrl: string;
  /** The accepted token. */
  token: string;
  /** Every request answered, in order. */
  calls: HubCall[];
  /** Repos created so far. */
  repos(): HubRepo[];
  /** Commits of a repo (`owner/name`), oldest first; empty when the repo does not exist. */
  commits(repoId: string, type?: HubRepoType): HubCommit[];
  /** The current content of a file on `main`, or undefined. */
  readFile(repoId: string, path: string, type?: HubRepoType): Buffer | undefined;
  /** Paths present on `main`, sorted. */
  listFiles(repoId: string, type?: HubRepoType): string[];
  /** Makes the next matching requests fail with `status`. */
  fail(fault: HubFault): void;
  close(): Promise<void>;
}

interface RepoState extends HubRepo {
  files: Map<string, Buffer>;
  commits: HubCommit[];
}

interface PendingUpload {
  oid: string;
  size: number;
}

const DEFAULT_LFS_THRESHOLD = 10 * 1024 * 1024;
const TYPE_BY_PLURAL: Record<string, HubRepoType> = { models: 'model', datasets: 'dataset', spaces: 'space' };
const NAME_PART = /^[A-Za-z0-9][A-Za-z0-9._-]{0,95}$/;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function repoKey(type: HubRepoType, id: string): string {
  return `${type}:${id}`;
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  contentType = 'application/json',
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function parseJson(body: Buffer): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new HttpError(400, 'Request body must be a JSON object');
}

function isBinarySample(sample: Buffer): boolean {
  return sample.includes(0);
}

/**
 * Starts a Hub emulator on 127.0.0.1 with an ephemeral port.
 * @example
 * const hub = await startHubEmulator();
 * await createRepo({ repo: { type: 'dataset', name: 'me/books' }, accessToken: hub.token, hubUrl: hub.hubUrl });
 */
export async function startHubEmulator(options: HubEmulatorOptions = {}): Promise<HubEmulator> {
  const token = options.token ?? `hf_${randomBytes(16).toString('hex')}`;
  if (!token.startsWith('hf_')) throw new TypeError('startHubEmulator: token must start with hf_');
  const user = options.user ?? 'kalvimate-tester';
  const namespaces = new Set([user, ...(options.orgs ?? [])]);
  const lfsThreshold = options.lfsThresholdBytes ?? DEFAULT_LFS_THRESHOLD;

  const repos = new Map<string, RepoState>();
  const lfsStore = new Map<string, Buffer>();
  const pendingUploads = new Map<string, PendingUpload>();
  const calls: HubCall[] = [];
  const faults: Array<HubFault & { left: number }> = [];
  let hubUrl = '';

  function isAuthorized(req: IncomingMessage): boolean {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    return match?.[1] === token;
  }

  function requireAuth(req: IncomingMessage): void {
    const header = req.headers.authorization;
    if (!header) throw new HttpError(401, 'Authorization header is missing');
    if (!isAuthorized(req)) throw new HttpError(401, 'Invalid credentials in Authorization header');
  }

  function repoFor(type: HubRepoType, id: string, req: IncomingMessage): RepoState {
    const repo = repos.get(repoKey(type, id));
    // The Hub answers 404 both for a missing repo and for someone else's private one.
    if (!repo || (repo.private && !isAuthorized(req))) throw new HttpError(404, 'Repository not found');
    return repo;
  }

  function takeFault(method: string, path: string): HubFault | undefined {
    for (const fault of faults) {
      if (fault.left <= 0) continue;
      if (fault.method && fault.method.toUpperCase() !== method) continue;
      const matches = typeof fault.path === 'string' ? path.includes(fault.path) : fault.path.test(path);
      if (!matches) continue;
      fault.left -= 1;
      return fault;
    }
    return undefined;
  }

  async function createRepo(req: IncomingMessage, res: ServerResponse): Promise<void> {
    requireAuth(req);
    const body = parseJson(await readBody(req));
    const name = typeof body.name === 'string' ? body.name : '';
    const owner = typeof body.organization === 'string' ? body.organization : user;
    const type = (typeof body.type === 'string' ? body.type : 'model') as HubRepoType;
    if (!['model', 'dataset', 'space'].includes(type)) throw new HttpError(400, `Unknown repo type ${type}`);
    if (!NAME_PART.test(name) || !NAME_PART.test(owner)) throw new HttpError(400, 'Invalid repo name');
    if (!namespaces.has(owner))
      throw new HttpError(403, `You don't have the rights to create a repo under ${owner}`);
    const id = `${owner}/${name}`;
    const url = `${hubUrl}/${type === 'model' ? '' : `${type}s/`}${id}`;
    if (repos.has(repoKey(type, id))) {
      sendJson(res, 409, { error: `You already created this ${type} repo`, url });
      return;
    }
    const isPrivate = body.visibility === 'private' || body.private === true;
    repos.set(repoKey(type, id), { id, type, private: isPrivate, files: new Map(), commits: [] });
    sendJson(res, 200, { url, name: id, id: randomBytes(12).toString('hex') });
  }

  function whoAmI(req: IncomingMessage, res: ServerResponse): void {
    requireAuth(req);
    sendJson(res, 200, {
      type: 'user',
      id: createHash('sha1').update(user).digest('hex').slice(0, 24),
      name: user,
      fullname: user,
      email: `${user}@example.invalid`,
      emailVerified: true,
      canPay: false,
      isPro: false,
      periodEnd: null,
      avatarUrl: '',
      billingMode: 'prepaid',
      orgs: [...namespaces].filter((n) => n !== user).map((name) => ({ type: 'org', name, fullname: name })),
      auth: { type: 'access_token', accessToken: { displayName: 'emulator', role: 'write' } },
    });
  }

  function repoInfo(res: ServerResponse, repo: RepoState): void {
    const head = repo.commits.at(-1);
    sendJson(res, 200, {
      _id: createHash('sha1').update(repo.id).digest('hex').slice(0, 24),
      id: repo.id,
      private: repo.private,
      ...(head ? { sha: head.oid } : {}),
      siblings: [...repo.files.keys()].sort().map((rfilename) => ({ rfilename })),
      likes: 0,
    });
  }

  /**
   * `GET /api/{type}s/{id}/tree/{rev}[/{path}]?recursive=…`: the entries under `path`, files and folders
   * (all levels with `recursive=true`, else the direct children), as the Hub's tree API lists them.
   */
  function tree(res: ServerResponse, repo: RepoState, rest: string, recursive: boolean): void {
    const [rev, ...parts] = rest.split('/');
    if (rev !== 'main') throw new HttpError(404, `Revision ${rev} not found`);
    const base = parts.filter(Boolean).join('/');
    const prefix = base === '' ? '' : `${base}/`;
    const entries = new Map<
      string,
      { type: 'file' | 'directory'; path: string; size: number; oid: string }
    >();
    for (const [path, content] of repo.files) {
      if (!path.startsWith(prefix)) continue;
      const segments = path.slice(prefix.length).split('/');
      const depth = recursive ? segments.length : 1;
      for (let i = 1; i <= depth; i++) {
        const entryPath = prefix + segments.slice(0, i).join('/');
        if (entries.has(entryPath)) continue;
        const isFile = i === segments.length;
        const oid = createHash('sha1')
          .update(isFile ? content : entryPath)
          .digest('hex');
        entries.set(entryPath, {
          type: isFile ? 'file' : 'directory',
          path: entryPath,
          size: isFile ? content.length : 0,
          oid,
        });
      }
    }
    if (base !== '' && entries.size === 0) throw new HttpError(404, `Entry ${base} not found`);
    sendJson(
      res,
      200,
      [...entries.values()].sort((a, b) => a.path.localeCompare(b.path)),
    );
  }

  async function preupload(req: IncomingMessage, res: ServerResponse, repo: RepoState): Promise<void> {
    requireAuth(req);
    const body = parseJson(await readBody(req));
    if (!Array.isArray(body.files)) throw new HttpError(400, 'files must be an array');
    const files = body.files.map((entry: unknown) => {
      const file = (entry ?? {}) as { path?: unknown; size?: unknown; sample?: unknown };
      if (typeof file.path !== 'string' || typeof file.size !== 'number')
        throw new HttpError(400, 'each file needs a path and a size');
      const sample = Buffer.from(typeof file.sample === 'string' ? file.sample : '', 'base64');
      const lfs =
        file.size >= lfsThreshold || isBinarySample(sample) || /\.(parquet|arrow|bin)$/i.test(file.path);
      return { path: file.path, uploadMode: lfs ? 'lfs' : 'regular', shouldIgnore: false };
    });
    sendJson(res, 200, { files, commitOid: repo.commits.at(-1)?.oid ?? null });
  }

  async function lfsBatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    requireAuth(req);
    const body = parseJson(await readBody(req));
    if (body.operation !== 'upload') throw new HttpError(400, 'Only upload is supported');
    const transfers = Array.isArray(body.transfers) ? body.transfers : ['basic'];
    if (!transfers.includes('basic')) throw new HttpError(400, 'The emulator only speaks the basic transfer');
    if (!Array.isArray(body.objects)) throw new HttpError(400, 'objects must be an array');
    const objects = body.objects.map((entry: unknown) => {
      const object = (entry ?? {}) as { oid?: unknown; size?: unknown };
      if (
        typeof object.oid !== 'string' ||
        !/^[0-9a-f]{64}$/.test(object.oid) ||
        typeof object.size !== 'number'
      )
        throw new HttpError(400, 'each object needs a sha256 oid and a size');
      if (lfsStore.has(object.oid)) return { oid: object.oid, size: object.size };
      const uploadId = randomBytes(12).toString('hex');
      pendingUploads.set(uploadId, { oid: object.oid, size: object.size });
      return {
        oid: object.oid,
        size: object.size,
        authenticated: true,
        actions: { upload: { href: `${hubUrl}/lfs-upload/${uploadId}`, expires_in: 3600 } },
      };
    });
    sendJson(res, 200, { transfer: 'basic', objects }, 'application/vnd.git-lfs+json');
  }

  async function lfsPut(req: IncomingMessage, res: ServerResponse, uploadId: string): Promise<void> {
    const pending = pendingUploads.get(uploadId);
    if (!pending) throw new HttpError(404, 'Unknown or expired upload');
    const body = await readBody(req);
    const oid = createHash('sha256').update(body).digest('hex');
    if (body.length !== pending.size || oid !== pending.oid)
      throw new HttpError(400, 'Uploaded content does not match the announced sha256 and size');
    pendingUploads.delete(uploadId);
    lfsStore.set(oid, body);
    res.writeHead(200, { ETag: `"${oid}"` });
    res.end();
  }

  async function commit(
    req: IncomingMessage,
    res: ServerResponse,
    repo: RepoState,
    rev: string,
  ): Promise<void> {
    requireAuth(req);
    if (rev !== 'main') throw new HttpError(404, `Revision ${rev} not found`);
    const lines = (await readBody(req))
      .toString('utf8')
      .split('\n')
      .filter((line) => line.trim() !== '');
    let header: { summary?: unknown; description?: unknown; parentCommit?: unknown } | undefined;
    const staged = new Map(repo.files);
    const files: string[] = [];
    const lfsFiles: string[] = [];
    const deleted: string[] = [];
    for (const line of lines) {
      let entry: { key?: unknown; value?: Record<string, unknown> };
      try {
        entry = JSON.parse(line) as typeof entry;
      } catch {
        throw new HttpError(400, 'Commit body must be NDJSON');
      }
      const value = entry.value ?? {};
      const path = typeof value.path === 'string' ? value.path : undefined;
      if (entry.key === 'header') {
        header = value;
        continue;
      }
      if (!path || path.startsWith('/') || path.split('/').includes('..'))
        throw new HttpError(400, 'Invalid path in commit');
      if (entry.key === 'file') {
        const encoding = value.encoding === 'base64' ? 'base64' : 'utf8';
        staged.set(path, Buffer.from(typeof value.content === 'string' ? value.content : '', encoding));
        files.push(path);
      } else if (entry.key === 'lfsFile') {
        const oid = typeof value.oid === 'string' ? value.oid : '';
        const content = lfsStore.get(oid);
        if (!content) throw new HttpError(422, `LFS object ${oid} for ${path} was never uploaded`);
        staged.set(path, content);
        files.push(path);
        lfsFiles.push(path);
      } else if (entry.key === 'deletedFile') {
        if (!staged.delete(path)) throw new HttpError(404, `${path} does not exist`);
        deleted.push(path);
      } else {
        throw new HttpError(400, `Unknown commit operation ${String(entry.key)}`);
      }
    }
    if (!header || typeof header.summary !== 'string' || header.summary === '')
      throw new HttpError(400, 'The commit needs a header with a summary');
    const head = repo.commits.at(-1)?.oid;
    if (typeof header.parentCommit === 'string' && header.parentCommit !== head)
      throw new HttpError(412, 'parentCommit is not the head of main');
    const oid = createHash('sha1')
      .update(`${repo.id}\n${repo.commits.length}\n${lines.join('\n')}`)
      .digest('hex');
    repo.files = staged;
    repo.commits.push({
      oid,
      title: header.summary,
      description: typeof header.description === 'string' ? header.description : '',
      files,
      lfsFiles,
      deleted,
    });
    const prefix = repo.type === 'model' ? '' : `${repo.type}s/`;
    sendJson(res, 200, {
      success: true,
      commitOid: oid,
      commitUrl: `${hubUrl}/${prefix}${repo.id}/commit/${oid}`,
      hookOutput: '',
    });
  }

  async function route(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    path: string,
  ): Promise<void> {
    const url = new URL(path, 'http://127.0.0.1');
    const p = decodeURIComponent(url.pathname);
    if (method === 'GET' && p === '/api/whoami-v2') return whoAmI(req, res);
    if (method === 'POST' && p === '/api/repos/create') return createRepo(req, res);
    const put = /^\/lfs-upload\/([0-9a-f]+)$/.exec(p);
    if (method === 'PUT' && put?.[1]) return lfsPut(req, res, put[1]);

    const api = /^\/api\/(models|datasets|spaces)\/([^/]+\/[^/]+?)(?:\/(preupload|commit|tree)\/(.+))?$/.exec(
      p,
    );
    if (api?.[1] && api[2]) {
      const type = TYPE_BY_PLURAL[api[1]] as HubRepoType;
      const repo = repoFor(type, api[2], req);
      if (method === 'GET' && !api[3]) return repoInfo(res, repo);
      if (method === 'GET' && api[3] === 'tree')
        return tree(res, repo, api[4] ?? 'main', url.searchParams.get('recursive') === 'true');
      if (method === 'POST' && api[3] === 'preupload') return preupload(req, res, repo);
      if (method === 'POST' && api[3] === 'commit') return commit(req, res, repo, api[4] ?? 'main');
    }
    const lfs = /^\/(?:(datasets|spaces)\/)?([^/]+\/[^/]+)\.git\/info\/lfs\/objects\/batch$/.exec(p);
    if (method === 'POST' && lfs?.[2]) {
      const type: HubRepoType = lfs[1] === 'datasets' ? 'dataset' : lfs[1] === 'spaces' ? 'space' : 'model';
      repoFor(type, lfs[2], req);
      return lfsBatch(req, res);
    }
    throw new HttpError(404, `The emulator does not implement ${method} ${url.pathname}`);
  }

  const server = createServer((req, res) => {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const record = (status: number) => calls.push({ method, path, status });
    const fault = takeFault(method, path);
    if (fault) {
      // Drain the body so the client sees the answer, not a reset connection.
      req.resume();
      record(fault.status);
      sendJson(res, fault.status, { error: fault.message ?? `Injected failure ${fault.status}` });
      return;
    }
    route(req, res, method, path).then(
      () => record(res.statusCode),
      (error: unknown) => {
        const status = error instanceof HttpError ? error.status : 500;
        const message = error instanceof Error ? error.message : String(error);
        record(status);
        if (!res.headersSent) sendJson(res, status, { error: message });
        else res.end();
      },
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  hubUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  function find(repoId: string, type?: HubRepoType): RepoState | undefined {
    if (type) return repos.get(repoKey(type, repoId));
    return (
      repos.get(repoKey('dataset', repoId)) ??
      repos.get(repoKey('model', repoId)) ??
      repos.get(repoKey('space', repoId))
    );
  }

  return {
    hubUrl,
    token,
    calls,
    repos: () =>
      [...repos.values()].map(({ id, type, private: isPrivate }) => ({ id, type, private: isPrivate })),
    commits: (repoId, type) => (find(repoId, type)?.commits ?? []).map((c) => ({ ...c })),
    readFile: (repoId, path, type) => find(repoId, type)?.files.get(path),
    listFiles: (repoId, type) => [...(find(repoId, type)?.files.keys() ?? [])].sort(),
    fail: (fault) => faults.push({ ...fault, left: fault.times ?? 1 }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
