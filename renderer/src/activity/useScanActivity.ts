import { useEffect, useState } from 'react';
import type { ScanResult } from '../../../contract/api';
import { useApi } from '../api/ApiContext';

export type ScanActivity =
  | { state: 'running'; folderPath: string; done: number; total: number }
  | { state: 'finished'; folderPath: string; result: ScanResult }
  | { state: 'failed'; folderPath: string; message: string };

/** The latest folder scan, as the core reports it (null until one is reported while this view is open). */
export function useScanActivity(): ScanActivity | null {
  const api = useApi();
  const [scan, setScan] = useState<ScanActivity | null>(null);
  useEffect(
    () =>
      api.subscribe((event) => {
        if (event.type === 'scan.progress')
          setScan({ state: 'running', folderPath: event.folderPath, done: event.done, total: event.total });
        else if (event.type === 'scan.finished')
          setScan({ state: 'finished', folderPath: event.folderPath, result: event.result });
        else if (event.type === 'scan.failed')
          setScan({ state: 'failed', folderPath: event.folderPath, message: event.message });
      }),
    [api],
  );
  return scan;
}
