import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import {
  AtomicFileWriter,
  ChatRequestBodySchema,
  DEFAULT_MODEL,
  ESTIMATE_SCHEMA_VERSION,
  type EstimateFile,
  type ModelOverride,
  parseOptions,
  REQUESTS_MANIFEST_VERSION,
  type Reporter,
  RequestLineSchema,
  type RequestProvenance,
  type RequestsManifest,
  RequestsManifestSchema,
  readBookFolder,
  readJsonl,
  resolveModel,
  sha256File,
  silentReporter,
  UserInputError,
  WORKSPACE_NAMES,
  writeJsonAtomic,
} from '@kalvimate/core';
import {
  type Calibration,
  Calibrator,
  type ChatRequestLine,
  type CostEstimate,
  Estimator,
} from './estimate.js';
import { type GenerateOptionsInput, GenerateOptionsSchema } from './options.js';
import { buildRequests, isQrPicture } from './requests.js';
import { loadTemplates } from './template.js';

export interface GenerateFilesOptions extends GenerateOptionsInput {
  /** Folder with book.json and chapter files (preprocessed). */
  inDir: string;
  /** Folder with the prompt templates. */
  promptsDir: string;
  /** The requests file to write; its manifest goes beside it as `<stem>.manifest.json`. */
  outFile: string;
  /** Where the cost estimate goes (default: `estimate.json` beside the requests file). */
  estimateFile?: string;
  reporter?: Reporter;
  models?: Record<string, ModelOverride>;
}

export interface GenerateSummary {
  outFile: string;
  manifestFile: string;
  /** `estimate.json`: the estimate below, with the requests file's name and sha256. */
  estimateFile: string;
  /** The sha256 of the requests file, hashed as it was written. */
  requestsSha256: string;
  templates: string[];
  topics: number;
  /** Pictures of QR codes in those topics, left out of their prompts (`isQrPicture`). */
  qrPictures: number;
  estimate: CostEstimate;
}

/** The estimate path that belongs to a requests file: `estimate.json` beside it (the workspace's `estimate`). */
export function estimatePathFor(requestsFile: string): string {
  return join(dirname(requestsFile), WORKSPACE_NAMES.estimate);
}

/** The manifest path that belongs to a requests file. */
export function manifestPathFor(requestsFile: string): string {
  return join(dirname(requestsFile), `${basename(requestsFile).replace(/\.jsonl?$/i, '')}.manifest.json`);
}

/**
 * Writes one Batch API request per (topic, template, part) and its manifest, and estimates the cost.
 * The output is byte-identical on a re-run with the same inputs.
 */
export async function generateRequestFile(options: GenerateFilesOptions): Promise<GenerateSummary> {
  const { inDir, promptsDir, outFile, estimateFile, reporter = silentReporter, models, ...rest } = options;
  const opts = parseOptions(GenerateOptionsSchema, rest, 'generate');
  const modelName = opts.model ?? DEFAULT_MODEL;
  const model = resolveModel(modelName, models);
  reporter.phase('reading the book and templates');
  const { book, chapters } = await readBookFolder(inDir);
  const templates = await loadTemplates(promptsDir, opts.templates);
  reporter.phase('building requests');
  const requests = buildRequests(book, chapters, templates, {
    model: modelName,
    encoding: model.encoding,
    topicTokenBudget: opts.topicTokenBudget,
    ...(opts.limit ? { limit: opts.limit } : {}),
  });
  if (requests.length === 0) {
    throw new UserInputError(
      'GENERATE_NO_REQUESTS',
      `no topic in ${inDir} matches the templates' kinds and min_chars`,
      {
        hint: 'Check the templates\' "kinds" and "min_chars", or the extraction.',
      },
    );
  }
  const estimator = new Estimator(modelName, model);
  const writer = await AtomicFileWriter.open(outFile, { sha256: true });
  try {
    for (const r of requests) {
      await writer.writeJsonLine(r.line);
      // Its prompt tokens were counted for the manifest: not counted again.
      estimator.add(r.line, r.provenance.template, r.provenance.inputTokens);
    }
    await writer.commit();
  } catch (error) {
    await writer.abort();
    throw error;
  }
  const requestsSha256 = writer.sha256;
  // A secret removed on the way to disk changed a request's text: its topic's tokens as counted here
  // would not be those of the file, so none are recorded (the judge's estimate then reads the file).
  const provenanceOf = (r: (typeof requests)[number]): RequestProvenance => {
    if (!writer.redacted) return r.provenance;
    const { topicTokens: _dropped, ...rest } = r.provenance;
    return rest;
  };
  const manifest: RequestsManifest = {
    schemaVersion: REQUESTS_MANIFEST_VERSION,
    model: modelName,
    encoding: model.encoding,
    book: { title: book.title, identifier: book.identifier, language: book.language },
    requestsFile: basename(outFile),
    requestsSha256,
    templates: Object.fromEntries(
      templates.map((t) => [
        t.name,
        {
          shape: t.shape,
          count: t.count,
          turns: t.turns,
          maxOutputTokens: t.max_output_tokens,
          file: basename(t.file),
        },
      ]),
    ),
    requests: Object.fromEntries(requests.map((r) => [r.line.custom_id, provenanceOf(r)])),
  };
  const manifestFile = manifestPathFor(outFile);
  await writeJsonAtomic(manifestFile, manifest);
  const estimate = estimator.finish();
  const estimatePath = estimateFile ?? estimatePathFor(outFile);
  const estimateRecord: EstimateFile = {
    schemaVersion: ESTIMATE_SCHEMA_VERSION,
    requestsFile: basename(outFile),
    requestsSha256,
    ...estimate,
  };
  await writeJsonAtomic(estimatePath, estimateRecord);
  const asked = new Set(requests.map((r) => r.provenance.topicId));
  let qrPictures = 0;
  for (const chapter of chapters)
    for (const topic of chapter.topics)
      if (asked.has(topic.id)) for (const block of topic.blocks) if (isQrPicture(block)) qrPictures += 1;
  return {
    outFile,
    manifestFile,
    estimateFile: estimatePath,
    requestsSha256,
    templates: templates.map((t) => t.name),
    topics: asked.size,
    qrPictures,
    estimate,
  };
}

/** Reads a requests manifest when it is there (and valid); undefined otherwise. */
export async function readManifestIfAny(path: string): Promise<RequestsManifest | undefined> {
  try {
    const parsed = RequestsManifestSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Learns output sizes from earlier Batch API result files. */
export async function calibrateFromResults(
  files: readonly string[],
  manifest?: RequestsManifest,
): Promise<Calibration> {
  const calibrator = new Calibrator();
  for (const file of files) {
    for await (const { value } of readJsonl<{
      custom_id?: string;
      response?: { body?: { usage?: { completion_tokens?: number } } };
    }>(file)) {
      const tokens = value.response?.body?.usage?.completion_tokens;
      if (typeof tokens !== 'number') continue;
      const template = value.custom_id ? manifest?.requests[value.custom_id]?.template : undefined;
      calibrator.add(tokens, template);
    }
  }
  return calibrator.finish();
}

export interface EstimateFileOptions {
  model?: string;
  calibrateFrom?: readonly string[];
  models?: Record<string, ModelOverride>;
  reporter?: Reporter;
}

/** A Batch API request line whose body is a chat request (what the estimate can count). */
function parseChatRequest(value: unknown): ChatRequestLine {
  const line = RequestLineSchema.parse(value);
  return { ...line, body: ChatRequestBodySchema.parse(line.body) };
}

/** Estimates tokens and cost of any Batch API input file, streaming it. */
export async function estimateRequestFile(
  file: string,
  options: EstimateFileOptions = {},
): Promise<CostEstimate & { calibration?: Calibration }> {
  const manifest = await readManifestIfAny(manifestPathFor(file));
  const calibration = options.calibrateFrom?.length
    ? await calibrateFromResults(options.calibrateFrom, manifest)
    : undefined;
  // generate counted each request's prompt for the manifest: when the manifest was written with this very
  // file, those counts stand in for counting again (in the same encoding, for a line as generate wrote it).
  const describesFile = manifest !== undefined && manifest.requestsSha256 === (await sha256File(file));
  let estimator: Estimator | undefined;
  let takeCounts = false;
  (options.reporter ?? silentReporter).phase(`estimating ${basename(file)}`);
  for await (const { value } of readJsonl(file, { parse: parseChatRequest })) {
    if (!estimator) {
      const fromFile = typeof value.body.model === 'string' ? value.body.model : undefined;
      const name = options.model ?? fromFile ?? manifest?.model ?? DEFAULT_MODEL;
      const model = resolveModel(name, options.models);
      estimator = new Estimator(name, model, calibration);
      takeCounts = describesFile && manifest?.encoding === model.encoding;
    }
    const provenance = manifest?.requests[value.custom_id];
    // `topicTokens` is absent where the line as written differs from the request generate counted.
    const known = takeCounts && provenance?.topicTokens !== undefined ? provenance.inputTokens : undefined;
    estimator.add(value, provenance?.template, known);
  }
  if (!estimator)
    throw new UserInputError('ESTIMATE_EMPTY', `${file}: no requests`, {
      file,
      hint: 'Give a Batch API input file.',
    });
  return { ...estimator.finish(), ...(calibration ? { calibration } : {}) };
}
