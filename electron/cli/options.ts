import { Option } from 'commander';
import { DEVICE_CHOICES } from '../core/captioning/devices.js';

/** Where a command writes: results to `out` (stdout), progress and errors to `err` (stderr). */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Whether `err` is a terminal (a progress bar can then redraw one line). */
  readonly errIsTerminal?: boolean;
}

export const dataDirOption = () =>
  new Option('--data-dir <dir>', 'the library folder (default: $ALTLENS_DATA_DIR or the app-data folder)');

export const modelOption = () =>
  new Option('--model <id|dir>', 'caption model: a catalog id (see "altlens models list") or a model folder');

export const deviceOption = () =>
  new Option('--device <device>', 'where the model runs; every choice falls back to the CPU').choices(
    DEVICE_CHOICES,
  );

export const threadsOption = () =>
  new Option('--threads <n>', 'CPU threads for inference (default: chosen by onnxruntime)').argParser(
    (value) => {
      const threads = Number(value);
      if (!Number.isInteger(threads) || threads < 1)
        throw new Error(`"${value}" is not a number of threads.`);
      return threads;
    },
  );
