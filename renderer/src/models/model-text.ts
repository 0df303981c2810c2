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
