import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the fake hub answers for one file. */
export type FileBehaviour =
  | 'ok'
  /** Sends the whole Content-Length header, half of the body, then destroys the socket. */
  | 'cut'
  /** Sends the first chunk, then waits until the test releases it (for cancelling mid-file). */
  | 'stall';

export interface FakeHub {
  host: string;
  requests: string[];
  setBehaviour(file: string, behaviour: FileBehaviour): void;
  /** Lets every stalled response go on. */
  release(): void;
  /** Resolves when a stalled response has sent its first chunk. */
  stalled(): Promise<void>;
  close(): Promise<void>;
}

/** A local HTTP server in the Hugging Face hub's layout: `/{owner}/{name}/resolve/{revision}/{file}`. */
export async function startFakeHub(
  modelId: string,
  revision: string,
  files: ReadonlyMap<string, Buffer>,
): Promise<FakeHub> {
  const behaviours = new Map<string, FileBehaviour>();
  const requests: string[] = [];
  let releaseStalled: () => void = () => undefined;
  let released = new Promise<void>((resolve) => (releaseStalled = resolve));
  let notifyStalled: () => void = () => undefined;
  let stalled = new Promise<void>((resolve) => (notifyStalled = resolve));
  const prefix = `/${modelId}/resolve/${revision}/`;

  const server: Server = createServer((request, response) => {
    const url = decodeURIComponent(request.url ?? '');
    requests.push(url);
    const file = url.startsWith(prefix) ? url.slice(prefix.length) : null;
    const body = file === null ? undefined : files.get(file);
    if (file === null || body === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Entry not found');
      return;
    }
    const behaviour = behaviours.get(file) ?? 'ok';
    response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
    if (behaviour === 'ok') {
      response.end(body);
    } else if (behaviour === 'cut') {
      response.write(body.subarray(0, Math.floor(body.length / 2)), () => response.socket?.destroy());
    } else {
      response.write(body.subarray(0, 1024), () => notifyStalled());
      void released.then(() => response.end(body.subarray(1024)));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    host: `http://127.0.0.1:${port}`,
    requests,
    setBehaviour: (file, behaviour) => behaviours.set(file, behaviour),
    release: () => {
      releaseStalled();
      released = new Promise<void>((resolve) => (releaseStalled = resolve));
      stalled = new Promise<void>((resolve) => (notifyStalled = resolve));
    },
    stalled: () => stalled,
    close: () =>
      new Promise<void>((resolve, reject) => {
        releaseStalled();
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** Deterministic bytes of a given length (a repeating pattern seeded by `seed`). */
export function patternBytes(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i += 1) bytes[i] = (i * 31 + seed * 7) & 0xff;
  return bytes;
}

export function sha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A port that was free a moment ago and has nothing listening on it now. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
