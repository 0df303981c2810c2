/** Waits after a dropped or refused event stream before connecting again: doubling, up to a limit. */
const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 10_000;

/**
 * Listens to server-sent events through `fetch` rather than EventSource, which cannot send the token as a
 * header. Connects again after a drop (the server then says what changed meanwhile: the views reload).
 * Hands on each message's data, as text. Returns a function that closes the stream for good.
 */
export function openEventStream(
  url: string,
  headers: Record<string, string>,
  onData: (data: string) => void,
): () => void {
  const controller = new AbortController();
  void listen(url, headers, onData, controller.signal);
  return () => controller.abort();
}

async function listen(
  url: string,
  headers: Record<string, string>,
  onData: (data: string) => void,
  signal: AbortSignal,
): Promise<void> {
  let retryMs = FIRST_RETRY_MS;
  while (!signal.aborted) {
    try {
      const response = await fetch(url, { headers, signal, cache: 'no-store' });
      if (response.ok && response.body) {
        retryMs = FIRST_RETRY_MS;
        await readMessages(response.body, onData);
      }
    } catch {
      // Dropped, refused or closed by us: the loop decides.
    }
    if (signal.aborted) return;
    await pause(retryMs, signal);
    retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}

/** Reads the `data:` lines of the stream's messages (LF line ends, a blank line after each) until it ends. */
async function readMessages(body: ReadableStream<Uint8Array>, onData: (data: string) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffered += decoder.decode(value, { stream: true });
    const messages = buffered.split('\n\n');
    buffered = messages.pop() ?? '';
    for (const message of messages) {
      const data = message
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice('data:'.length).replace(/^ /, ''))
        .join('\n');
      if (data !== '') onData(data);
    }
  }
}
