import type { CaptionQueueStatus, ModelDownloadState, ModelSummary } from '../../../contract/api';

export function megabytes(bytes: number): string {
  return (bytes / 1_000_000).toFixed(1);
}

export function downloadProgressText(download: ModelDownloadState): string {
  return `${megabytes(download.bytesDone)} of ${megabytes(download.bytesTotal)} MB`;
}

/**
 * A model's name for people, as the core names it (catalog or folder name, "(test model)" after a test
 * model's): the caption queue names the model in use, the list the others; the id only until either has come.
 */
export function modelName(
  list: readonly ModelSummary[] | null,
  id: string,
  status: CaptionQueueStatus | null = null,
): string {
  if (status?.engine.model === id) return status.engine.modelName;
  return list?.find((model) => model.id === id)?.displayName ?? id;
}

/** The model the captions are set to use when it is not installed (null when it is, or is not listed). */
export function missingModel(list: readonly ModelSummary[] | null): ModelSummary | null {
  return list?.find((model) => model.active && !model.installed) ?? null;
}

/** Queued captions wait for a model (none installed, or one that cannot start), not for their turn. */
export function captionsWaitForModel(
  list: readonly ModelSummary[] | null,
  status: CaptionQueueStatus | null,
): boolean {
  return missingModel(list) !== null || status?.engine.state === 'failed';
}

/** What the library says while the captions wait for a model, and the ways out it offers. */
export interface ModelNoticeText {
  text: string;
  /** The chosen catalog model, to download from the notice (null: none to download). */
  download: ModelSummary | null;
  /** The link to Models, in words. */
  link: string;
}

/** The library's notice while the captions have no model to run (null while they have one). */
export function modelNotice(
  list: readonly ModelSummary[] | null,
  status: CaptionQueueStatus | null,
): ModelNoticeText | null {
  if (list === null) return null; // not known yet: say nothing rather than the wrong thing
  const missing = missingModel(list);
  const noneInstalled = !list.some((model) => model.installed);
  if (missing) {
    return {
      text: noneInstalled
        ? 'No captioning model is installed: captions wait until one is.'
        : `${missing.displayName} is chosen for captions but is not installed: captions wait until it is.`,
      download: missing.kind === 'catalog' ? missing : null,
      link: noneInstalled ? 'Import a model folder' : 'Choose or import a model',
    };
  }
  if (status?.engine.state !== 'failed') return null;
  return {
    text: `Captions are stopped: ${status.engine.message ?? 'the model could not be started.'}`,
    download: null,
    link: 'Choose or import a model',
  };
}
