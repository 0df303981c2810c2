import type { Command } from 'commander';
import { resolve } from 'node:path';
import { openCore } from '../core/app-core.js';
import type { DeviceChoice } from '../core/captioning/devices.js';
import { checkFolderToAdd } from '../core/library/folder-rules.js';
import { resolveDataDir } from '../core/paths.js';
import type { LibraryWatcher } from '../core/watching/library-watcher.js';
import { startServer } from '../server/http-server.js';
import { dataDirOption, deviceOption, modelOption, threadsOption, type CliIo } from './options.js';
import { providerFromFlags, providerOption, providerUrlOption } from './provider-flags.js';

/**
 * How long SIGINT or SIGTERM waits for the work in hand (a scan stops between files, a caption or a write
 * finishes) before AltLens stops anyway: it must be gone within 2 s whatever it is doing. What was cut
 * short is in the library's jobs and goes on at the next start.
 */
const STOP_DEADLINE_MS = 1_500;

interface ServeOptions {
  threads?: number;
  dataDir?: string;
  port: number;
  model?: string;
  provider?: string;
  providerUrl?: string;
  device?: DeviceChoice;
  ocr: boolean;
  watch: string[];
}

/** `altlens serve`: browser mode, until SIGINT (Ctrl+C) or SIGTERM. */
export function addServeCommand(program: Command, io: CliIo, rendererDir: string): void {
  program
    .command('serve')
    .description('run AltLens in your browser: serves the app on 127.0.0.1 with a one-time token')
    .addOption(dataDirOption())
    .option('--port <port>', 'port to listen on (0 = any free port)', parsePort, 0)
    .addOption(modelOption())
    .addOption(providerOption())
    .addOption(providerUrlOption())
    .addOption(deviceOption())
    .addOption(threadsOption())
    .option('--no-ocr', 'do not look for text in images')
    .option(
      '--watch <dir>',
      'add this folder to the library and watch it (repeatable)',
      (dir: string, dirs: string[]) => [...dirs, resolve(dir)],
      [],
    )
    .action(async (options: ServeOptions) => {
      for (const dir of options.watch) {
        await checkFolderToAdd(dir).catch((error: unknown) => {
          throw new Error(`--watch ${dir}: ${error instanceof Error ? error.message : String(error)}`);
        });
      }
      // With --provider, --model names the provider's model and the captions of this run are made there.
      const provider = options.provider ? await providerFromFlags(options) : null;
      const core = openCore({
        dataDir: resolveDataDir(options.dataDir),
        ...(provider ? { provider } : {}),
        overrides: {
          ...(options.model && !provider ? { model: options.model } : {}),
          ...(options.device ? { device: options.device } : {}),
          ...(options.threads ? { threads: options.threads } : {}),
          ...(options.ocr ? {} : { ocr: false }),
        },
      });
      const server = await startServer({
        library: core.library,
        handlers: core.handlers,
        rendererDir,
        port: options.port,
      });
      // Watched before the link is printed, so a file copied in from then on is seen; scanned after.
      for (const dir of options.watch) await core.watcher.watchFolder(dir);
      io.out(`AltLens is running at ${server.url}\n`);
      if (provider) {
        io.err(
          `AltLens: captions of this run are made by ${provider.provider.label} (model ${provider.model}); ` +
            'each photo is sent there as a JPEG without metadata.\n',
        );
      }
      let stopping = false;
      void addWatchedFolders(io, core.watcher, options.watch, () => stopping);
      await untilStopped(io, async () => {
        stopping = true;
        await server.close();
        await core.close();
      });
    });
}

/**
 * Resolves once SIGINT or SIGTERM has stopped the server through `stop`. If that takes longer than
 * STOP_DEADLINE_MS, or a second signal comes, the process exits there and then; the child processes
 * (exiftool, the caption engine) are ended with it.
 */
function untilStopped(io: CliIo, stop: () => Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    let stopped = false;
    const exitNow = () => {
      if (!stopped)
        io.err('AltLens: stopped without waiting for the work in hand; it goes on at the next start.\n');
      process.exit(0);
    };
    const onSignal = () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.on('SIGINT', exitNow);
      process.on('SIGTERM', exitNow);
      io.err('AltLens: shutting down.\n');
      // Unref'd: a stop that finishes in time lets the process end by itself.
      setTimeout(exitNow, STOP_DEADLINE_MS).unref();
      stop()
        .catch((error: unknown) => io.err(`AltLens: shutting down failed: ${String(error)}\n`))
        .finally(() => {
          stopped = true;
          resolve();
        });
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

/** `serve --watch`: each folder is scanned into the library, one after the other, and reported on stderr. */
async function addWatchedFolders(
  io: CliIo,
  watcher: LibraryWatcher,
  dirs: readonly string[],
  stopping: () => boolean,
): Promise<void> {
  for (const dir of dirs) {
    if (stopping()) return;
    try {
      const result = await watcher.add(dir);
      if (stopping()) return;
      const photos = `${result.found} ${result.found === 1 ? 'photo' : 'photos'}`;
      io.err(`AltLens: watching ${dir} (${photos}, ${result.added} new).\n`);
    } catch (error) {
      if (!stopping())
        io.err(`AltLens: could not add ${dir}: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`"${value}" is not a port number.`);
  return port;
}
