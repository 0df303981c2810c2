import type { ForkOptions, UtilityProcess } from 'electron';
import { engineEntry, type EngineSpawner } from '../core/captioning/engine-channel.js';

type Fork = (modulePath: string, args?: string[], options?: ForkOptions) => UtilityProcess;

/**
 * Starts the caption engine as an Electron utilityProcess (DESIGN §2): a crash there ends that process,
 * not the app. `fork` is `utilityProcess.fork`, injected so that this is testable without Electron.
 */
export function utilityEngineSpawner(fork: Fork): EngineSpawner {
  return () => {
    const child = fork(engineEntry().path, [], { serviceName: 'AltLens caption engine', stdio: 'inherit' });
    return {
      get pid() {
        return child.pid;
      },
      send: (message) => child.postMessage(message),
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) => child.once('exit', (code) => listener({ code, signal: null })),
      kill: () => {
        child.kill();
      },
    };
  };
}
