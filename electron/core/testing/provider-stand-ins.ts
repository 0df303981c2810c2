// Local stand-ins for the provider APIs (no remote API can be reached in tests): HTTP servers on
// 127.0.0.1 that speak each API's documented wire format — Ollama /api/chat (NDJSON) and /api/tags,
// OpenAI-compatible /chat/completions (SSE) and /models, Anthropic /v1/messages (SSE events) and
// /v1/models — check the key where the API has one, and record every request so tests can assert what
// was sent. A queue of planned failures (429 with Retry-After, 401, 500, a server that never answers)
// is served before normal answers. With a timing, it answers as a model server with a fixed number of
// parallel slots does (vLLM's running sequences): each answer takes `serviceMs` once it has a slot, the
// rest wait their turn (bench/providers.ts).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ProviderKind } from '../providers/provider.js';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  /** The raw body as received. */
  readonly raw: string;
  readonly body: unknown;
}

export type Planned =
  | { readonly kind: 'status'; readonly status: number; readonly headers?: Record<string, string> }
  | { readonly kind: 'hang' }
  | { readonly kind: 'refuse' };

export interface StandInAnswer {
  readonly alt_text: string;
  readonly extended_description: string;
  readonly visible_text: string;
}

export const STAND_IN_ANSWER: StandInAnswer = {
  alt_text: 'A red door in a white wall, a sign reading OPEN beside it.',
  extended_description: 'A red wooden door set in a whitewashed wall; to its right a small sign says OPEN.',
  visible_text: 'OPEN',
};

/** The free-text answer (question task), wrapped as chatty models wrap it. */
export const STAND_IN_FREE_TEXT = 'Sure! Here is the answer: "The sign beside the door reads OPEN."';

/** How long a stand-in takes per answer, and how many it makes at once. */
export interface StandInTiming {
  /** Each answer takes this long once it has a slot. */
  readonly serviceMs: number;
  /** Answers made at once; the others wait in order of arrival. */
  readonly slots: number;
}

export class ProviderStandIn {
  readonly requests: RecordedRequest[] = [];
  /** The most answers made at once, and the most chat requests held at once (served or waiting). */
  maxServing = 0;
  maxHeld = 0;
  private serving = 0;
  private held = 0;
  private readonly slotQueue: (() => void)[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  readonly planned: Planned[] = [];
  readonly models = ['vision-stand-in', 'other-stand-in'];
  private readonly server: Server;
  private readonly hanging = new Set<ServerResponse>();
  url = '';

  constructor(
    readonly kind: ProviderKind,
    /** The key it accepts; null accepts any (Ollama needs none). */
    readonly key: string | null = null,
    /** Null: every answer at once, straight away. */
    readonly timing: StandInTiming | null = null,
  ) {
    this.server = createServer((request, response) => void this.handle(request, response));
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    const base = `http://127.0.0.1:${port}`;
    this.url = this.kind === 'openai' ? `${base}/v1` : base;
    return this;
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    for (const response of this.hanging) response.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The calls to the answering endpoint (not the model list). */
  get chats(): RecordedRequest[] {
    return this.requests.filter((request) =>
      /\/(api\/chat|chat\/completions|v1\/messages)$/.test(request.path),
    );
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const path = (request.url ?? '').split('?')[0] ?? '';
    let body: unknown = null;
    try {
      body = raw ? JSON.parse(raw) : null;
    } catch {
      body = raw;
    }
    this.requests.push({ method: request.method ?? '', path, headers: request.headers, raw, body });

    const plan = this.planned.shift();
    if (plan?.kind === 'hang') {
      this.hanging.add(response);
      return;
    }
    if (plan?.kind === 'status') return this.error(response, plan.status, plan.headers);
    if (!this.keyAccepted(request)) return this.error(response, 401);
    const model = (body as { model?: unknown } | null)?.model;
    if (request.method === 'GET') return this.listModels(response);
    if (typeof model !== 'string' || !this.models.includes(model)) return this.error(response, 404);
    if (this.timing) await this.serveInSlot(this.timing);
    const structured = this.structured(body);
    const text =
      plan?.kind === 'refuse' ? '' : structured ? JSON.stringify(STAND_IN_ANSWER) : STAND_IN_FREE_TEXT;
    const pieces = text.match(/.{1,12}/gs) ?? [];
    if (this.kind === 'ollama') this.ollamaChat(response, model, pieces);
    else if (this.kind === 'openai') this.openAiChat(response, model, pieces, plan?.kind === 'refuse');
    else this.anthropicChat(response, model, pieces, plan?.kind === 'refuse');
  }

  /** Waits for a free slot, holds it for the service time, and frees it for the next request in line. */
  private async serveInSlot({ serviceMs, slots }: StandInTiming): Promise<void> {
    this.held += 1;
    this.maxHeld = Math.max(this.maxHeld, this.held);
    if (this.serving >= slots) await new Promise<void>((resolve) => this.slotQueue.push(resolve));
    else this.serving += 1;
    this.maxServing = Math.max(this.maxServing, this.serving);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, serviceMs);
      this.timers.add(timer);
    });
    this.held -= 1;
    const next = this.slotQueue.shift();
    if (next) next();
    else this.serving -= 1;
  }

  private keyAccepted(request: IncomingMessage): boolean {
    if (this.key === null) return true;
    if (this.kind === 'anthropic') return request.headers['x-api-key'] === this.key;
    return request.headers.authorization === `Bearer ${this.key}`;
  }

  private structured(body: unknown): boolean {
    const fields = body as Record<string, unknown>;
    if (this.kind === 'ollama') return typeof fields.format === 'object' && fields.format !== null;
    if (this.kind === 'openai') return fields.response_format !== undefined;
    return fields.output_config !== undefined;
  }

  private error(response: ServerResponse, status: number, headers: Record<string, string> = {}): void {
    const message =
      status === 401
        ? `Incorrect API key provided: ${this.key ? `${this.key.slice(0, 6)}***${this.key.slice(-4)}` : 'none'}`
        : status === 404
          ? 'model not found'
          : status === 429
            ? 'Rate limit reached'
            : 'The server had an error';
    const body =
      this.kind === 'ollama'
        ? { error: message }
        : this.kind === 'openai'
          ? { error: { message, type: 'invalid_request_error', code: null } }
          : {
              type: 'error',
              error: { type: status === 401 ? 'authentication_error' : 'api_error', message },
            };
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(JSON.stringify(body));
  }

  private listModels(response: ServerResponse): void {
    const body =
      this.kind === 'ollama'
        ? {
            models: this.models.map((name) => ({
              name,
              model: name,
              modified_at: '2026-01-01T00:00:00Z',
              size: 1,
              digest: 'stand-in',
              details: {},
            })),
          }
        : this.kind === 'openai'
          ? {
              object: 'list',
              data: this.models.map((id) => ({ id, object: 'model', created: 0, owned_by: 'stand-in' })),
            }
          : {
              data: this.models.map((id) => ({
                id,
                type: 'model',
                display_name: id,
                created_at: '2026-01-01T00:00:00Z',
              })),
              has_more: false,
              first_id: this.models[0],
              last_id: this.models.at(-1),
            };
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  }

  private ollamaChat(response: ServerResponse, model: string, pieces: string[]): void {
    response.writeHead(200, { 'content-type': 'application/x-ndjson' });
    const created_at = new Date().toISOString();
    for (const piece of pieces) {
      response.write(
        `${JSON.stringify({ model, created_at, message: { role: 'assistant', content: piece }, done: false })}\n`,
      );
    }
    const done = {
      model,
      created_at,
      message: { role: 'assistant', content: '' },
      done: true,
      done_reason: 'stop',
    };
    response.end(`${JSON.stringify({ ...done, prompt_eval_count: 321, eval_count: pieces.length })}\n`);
  }

  private openAiChat(response: ServerResponse, model: string, pieces: string[], refuse: boolean): void {
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    const chunk = (choices: unknown[], extra: object = {}) =>
      response.write(
        `data: ${JSON.stringify({ id: 'chatcmpl-stand-in', object: 'chat.completion.chunk', created: 0, model, choices, ...extra })}\n\n`,
      );
    chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]);
    if (refuse) chunk([{ index: 0, delta: { refusal: 'I cannot help with that.' }, finish_reason: null }]);
    for (const piece of pieces) chunk([{ index: 0, delta: { content: piece }, finish_reason: null }]);
    chunk([{ index: 0, delta: {}, finish_reason: 'stop' }]);
    chunk([], {
      usage: { prompt_tokens: 321, completion_tokens: pieces.length, total_tokens: 321 + pieces.length },
    });
    response.end('data: [DONE]\n\n');
  }

  private anthropicChat(response: ServerResponse, model: string, pieces: string[], refuse: boolean): void {
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    const event = (type: string, data: object) =>
      response.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
    event('message_start', {
      message: {
        id: 'msg_stand_in',
        type: 'message',
        role: 'assistant',
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: 321, output_tokens: 1 },
      },
    });
    event('content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
    for (const piece of pieces)
      event('content_block_delta', { index: 0, delta: { type: 'text_delta', text: piece } });
    event('content_block_stop', { index: 0 });
    event('message_delta', {
      delta: { stop_reason: refuse ? 'refusal' : 'end_turn', stop_sequence: null },
      usage: { output_tokens: pieces.length },
    });
    event('message_stop', {});
    response.end();
  }
}

/** The photo a recorded chat request carried, decoded from the API's own format. */
export function sentPhoto(kind: ProviderKind, request: RecordedRequest): Buffer {
  const body = request.body as Record<string, unknown>;
  type Part = { type: string; image_url?: { url: string }; source?: { data: string; media_type: string } };
  const messages = body.messages as { images?: string[]; content: string | Part[] }[];
  const message = messages[0];
  if (!message) throw new Error('The request had no message.');
  if (kind === 'ollama') return Buffer.from(message.images?.[0] ?? '', 'base64');
  const parts = message.content as Part[];
  if (kind === 'openai') {
    const url = parts.find((part) => part.type === 'image_url')?.image_url?.url ?? '';
    const prefix = 'data:image/jpeg;base64,';
    if (!url.startsWith(prefix))
      throw new Error(`The image_url was not a JPEG data URL: ${url.slice(0, 40)}`);
    return Buffer.from(url.slice(prefix.length), 'base64');
  }
  const source = parts.find((part) => part.type === 'image')?.source;
  if (source?.media_type !== 'image/jpeg') throw new Error('The image block was not a base64 JPEG.');
  return Buffer.from(source.data, 'base64');
}
