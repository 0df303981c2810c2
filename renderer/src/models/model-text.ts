import type { ModelDownloadState, ModelSummary } from '../../../contract/api';

export function megabytes(bytes: number): string {
  return (bytes / 1_000_000).toFixed(1);
}

export function downloadProgressText(download: ModelDownloadState): string {
  return `${megabytes(download.bytesDone)} of ${megabytes(download.bytesTotal)} MB`;
}

/** A model's name for people: its catalog name, or the id (a folder path, for an imported one). */
export function modelName(list: readonly ModelSummary[] | null, id: string): string {
  return list?.find((model) => model.id === id)?.displayName ?? id;
}
