import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ApiEnvelope, calls, type CallName, type CallParams, type CallResult } from '../contract/api.js';

export const altlensBin = fileURLToPath(new URL('../bin/altlens.js', import.meta.url));

export interface ServeProcess {
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  readonly child: ChildProcess;
  /** One API call with the run's token; resolves with the contract-checked result, rejects on a failure. */
  call<N extends CallName>(name: N, params: CallParams<N>): Promise<CallResult<N>>;
  /** Sends SIGTERM and resolves with the exit code once the server has shut down. */
  stop(): Promise<number | null>;
}

/**
 * Starts `altlens serve --port 0` as a real process and waits for its one announced line. `extraArgs` go on
 * the command line after the data dir (e.g. `--model <dir> --device cpu`); `env` is added to this
 * process's environment (e.g. a HOME of the test's own).
 */
export async function startServe(
  dataDir: string,
  extraArgs: string[] = [],
  env: Record<string, string> = {},
): Promise<ServeProcess> {
  const child = spawn(
    process.execPath,
    [altlensBin, 'serve', '--port', '0', '--data-dir', dataDir, ...extraArgs],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const line = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`altlens serve exited (${code}): ${stderr}`)));
  });
  const match = /^AltLens is running at (http:\/\/127\.0\.0\.1:\d+)\/\?token=([\w-]+)$/.exec(line);
  if (!match?.[1] || !match[2]) throw new Error(`unexpected first line from altlens serve: ${line}`);
  return {
    url: `${match[1]}/?token=${match[2]}`,
    origin: match[1],
    token: match[2],
    child,
    call: async <N extends CallName>(name: N, params: CallParams<N>) => {
      const response = await fetch(`${match[1]}/api/call/${name}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${match[2]}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(params),
      });
      const envelope = ApiEnvelope.parse(await response.json());
      if (!envelope.ok) throw new Error(`${name} failed: ${envelope.error.message}`);
      return calls[name].result.parse(envelope.value) as CallResult<N>;
    },
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
