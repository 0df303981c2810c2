import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ToEngineInput } from './engine-protocol.js';

/** The app's side of a running engine process, whatever started it (Node's fork, Electron's utilityProcess). */
export interface EngineChannel {
  readonly pid: number | undefined;
  send(message: ToEngineInput): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (exit: { code: number | null; signal: string | null }) => void): void;
  kill(): void;
}

export type EngineSpawner = () => EngineChannel;

/** The engine's entry file beside this one: compiled JavaScript, or the TypeScript source under tests. */
export function engineEntry(): { path: string; execArgv: string[] } {
  const fromSource = import.meta.url.endsWith('.ts');
  const path = fileURLToPath(new URL(fromSource ? './engine-main.ts' : './engine-main.js', import.meta.url));
  return { path, execArgv: fromSource ? ['--import', 'tsx'] : [] };
}

/** Starts the engine as a Node child process (CLI and browser mode; Electron uses utilityProcess). */
export const forkEngine: EngineSpawner = () => {
  const { path, execArgv } = engineEntry();
  const child = fork(path, [], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  // However the app ends (a stop signal's process.exit included), the engine does not outlive it.
  const killWithApp = () => child.kill('SIGKILL');
  process.once('exit', killWithApp);
  child.once('exit', () => process.off('exit', killWithApp));
  return {
    pid: child.pid,
    send: (message) => {
      if (child.connected) child.send(message);
    },
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => child.once('exit', (code, signal) => listener({ code, signal })),
    kill: () => child.kill('SIGKILL'),
  };
};
