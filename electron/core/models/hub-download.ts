import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { expectedBytes, filesFor, type CatalogModel } from '../../../models/catalog.js';
import { CancelledSignal, fetchVerifiedFile, type FileToFetch } from './fetch-verified-file.js';
import {
  installDir,
  MANIFEST_FILE,
  readManifest,
  stagingDirFor,
  type InstallManifest,
} from './install-layout.js';
import { ModelDownloadError } from './model-download-error.js';

export const DEFAULT_MODEL_HOST = 'https://huggingface.co';

export interface DownloadProgress {
  modelId: string;
  file: string;
  /** 1-based: file `fileIndex` of `fileCount`. */
  fileIndex: number;
  fileCount: number;
  fileBytes: number;
  fileTotal: number | null;
  bytesDone: number;
  /** Best estimate, refined as each file's size becomes known; equals bytesDone at the end. */
  bytesTotal: number;
}

/** What to download: a catalog model (with one of its dtypes), or an explicit file list. */
export type DownloadSource =
  | { model: CatalogModel; dtype?: string }
  | { modelId: string; revision: string; dtype: string; files: readonly FileToFetch[] };

export type DownloadModelOptions = DownloadSource & {
  cacheDir: string;
  /** The hub address; the app sets transformers.js `env.remoteHost` to the same. */
  host?: string;
  signal?: AbortSignal;
  onProgress?: (event: DownloadProgress) => void;
  /** Download again even when this model, revision and dtype are installed. */
  force?: boolean;
  idleTimeoutMs?: number;
};

export interface DownloadResult {
  modelId: string;
  revision: string;
  dtype: string;
  /** The installed folder; load it with transformers.js by this absolute path. */
  dir: string;
  bytes: number;
  alreadyInstalled: boolean;
}

/** A file to fetch, with its size as best known beforehand (for the progress total). */
interface PlannedFile extends FileToFetch {
  estimate: number | null;
}

interface DownloadPlan {
  modelId: string;
  revision: string;
  dtype: string;
  files: PlannedFile[];
}

const activeTargets = new Set<string>();

/**
 * Downloads a model into `<cacheDir>/<owner>/<name>/<revision>/<dtype>/` from `{host}/{id}/resolve/{revision}/…`.
 * Files are written into a `.partial` staging folder beside the final one and verified as they arrive; the
 * staging folder is renamed into place only when every file is complete, and removed on any failure or
 * cancel, so a half-written model is never where a loader looks.
 */
export async function downloadModel(options: DownloadModelOptions): Promise<DownloadResult> {
  const plan = planDownload(options);
  const host = (options.host ?? DEFAULT_MODEL_HOST).replace(/\/+$/, '');
  const finalDir = installDir(resolve(options.cacheDir), plan.modelId, plan.revision, plan.dtype);
  const staging = stagingDirFor(finalDir);

  if (!options.force) {
    const manifest = await readManifest(finalDir);
    if (manifest) return resultOf(manifest, finalDir, true);
  }
  if (activeTargets.has(finalDir)) {
    throw new ModelDownloadError('busy', `${plan.modelId} (${plan.dtype}) is already being downloaded.`);
  }
  activeTargets.add(finalDir);
  try {
    // A previous failed or interrupted attempt may have left its staging folder: start clean.
    await rm(staging, { recursive: true, force: true });
    await mkdir(staging, { recursive: true });
    const manifest = await fetchAll(plan, host, staging, options);
    await writeFile(join(staging, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    await moveIntoPlace(staging, finalDir);
    return resultOf(manifest, finalDir, false);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    if (options.signal?.aborted || error instanceof CancelledSignal) {
      throw ModelDownloadError.cancelled(plan.modelId);
    }
    throw error;
  } finally {
    activeTargets.delete(finalDir);
  }
}

function planDownload(options: DownloadModelOptions): DownloadPlan {
  if ('model' in options) {
    const { model } = options;
    if (model.revision === null) {
      throw new ModelDownloadError(
        'unpinned',
        `${model.id} has no pinned revision in the catalog, so it cannot be downloaded; import its folder instead.`,
      );
    }
    const dtype = options.dtype ?? model.defaultDtype.cpu;
    const files = filesFor(model, dtype).map((file) => ({
      path: file.path,
      bytes: file.bytes,
      sha256: file.sha256,
      ...(file.optional ? { optional: true } : {}),
      estimate: expectedBytes(file),
    }));
    return { modelId: model.id, revision: model.revision, dtype, files };
  }
  const files = options.files.map((file) => ({ ...file, estimate: file.bytes }));
  return { modelId: options.modelId, revision: options.revision, dtype: options.dtype, files };
}

async function fetchAll(
  plan: DownloadPlan,
  host: string,
  staging: string,
  options: DownloadModelOptions,
): Promise<InstallManifest> {
  const estimates = plan.files.map((file) => file.estimate ?? 0);
  const sum = () => estimates.reduce((total, bytes) => total + bytes, 0);
  let bytesDone = 0;
  const written: InstallManifest['files'] = [];

  for (const [index, file] of plan.files.entries()) {
    if (options.signal?.aborted) throw new CancelledSignal();
    const target = targetPath(staging, file.path);
    await mkdir(dirname(target), { recursive: true });
    let fileBytes = 0;
    let fileTotal: number | null = file.bytes;
    const report = () =>
      options.onProgress?.({
        modelId: plan.modelId,
        file: file.path,
        fileIndex: index + 1,
        fileCount: plan.files.length,
        fileBytes,
        fileTotal,
        bytesDone,
        bytesTotal: Math.max(sum(), bytesDone),
      });
    report();
    const fetched = await fetchVerifiedFile({
      url: `${host}/${plan.modelId}/resolve/${plan.revision}/${file.path.split('/').map(encodeURIComponent).join('/')}`,
      host,
      file,
      target,
      signal: options.signal,
      idleTimeoutMs: options.idleTimeoutMs ?? 30_000,
      onSize: (total) => {
        fileTotal = total;
        if (total !== null) estimates[index] = total;
      },
      onBytes: (count) => {
        fileBytes += count;
        bytesDone += count;
        report();
      },
    });
    estimates[index] = fetched.status === 'written' ? fetched.bytes : 0;
    if (fetched.status === 'written') {
      written.push({ path: file.path, bytes: fetched.bytes, sha256: fetched.sha256 });
    }
  }
  return {
    modelId: plan.modelId,
    revision: plan.revision,
    dtype: plan.dtype,
    host,
    installedAt: new Date().toISOString(),
    files: written,
  };
}

function targetPath(staging: string, path: string): string {
  const target = resolve(staging, path);
  if (!target.startsWith(staging + sep)) {
    throw new ModelDownloadError('http', `Refusing to write ${path} outside the model folder.`, {
      file: path,
    });
  }
  return target;
}

async function moveIntoPlace(staging: string, finalDir: string): Promise<void> {
  const exists = await stat(finalDir).then(
    () => true,
    () => false,
  );
  if (!exists) {
    await rename(staging, finalDir);
    return;
  }
  // Replacing an installed copy (force): move the old one aside first so that the swap stays a rename.
  const old = `${finalDir}.old-${process.pid}-${Date.now()}`;
  await rename(finalDir, old);
  await rename(staging, finalDir);
  await rm(old, { recursive: true, force: true });
}

function resultOf(manifest: InstallManifest, dir: string, alreadyInstalled: boolean): DownloadResult {
  return {
    modelId: manifest.modelId,
    revision: manifest.revision,
    dtype: manifest.dtype,
    dir,
    bytes: manifest.files.reduce((total, file) => total + file.bytes, 0),
    alreadyInstalled,
  };
}
