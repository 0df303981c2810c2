// Ollama's native API through the official `ollama` SDK: POST {url}/api/chat with the photo in
// messages[].images (base64, no data: prefix), NDJSON streaming, a JSON schema in `format`; models from
// GET {url}/api/tags.
import { Ollama } from 'ollama';
import { maxTokensFor, promptFor, readAnswer, wantsStructured, DESCRIPTION_SCHEMA } from './answers.js';
import {
  CallLimiter,
  callWithRetries,
  DEFAULT_LIMITS,
  requestCallOptions,
  type CallLimits,
} from './calls.js';
import { photoToSend } from './photo.js';
import type { DescribeRequest, DescribeResult, DescriptionProvider, ProviderOptions } from './provider.js';

export const OLLAMA_DEFAULT_URL = 'http://127.0.0.1:11434';

export class OllamaProvider implements DescriptionProvider {
  readonly kind = 'ollama';
  readonly remote = true;
  readonly label: string;
  readonly concurrency: number;
  private readonly limiter: CallLimiter;

  constructor(
    private readonly options: ProviderOptions,
    private readonly limits: CallLimits = DEFAULT_LIMITS,
  ) {
    this.label = `Ollama at ${options.url}`;
    this.limiter = new CallLimiter(options.concurrency ?? 1);
    this.concurrency = this.limiter.limit;
  }

  private client(fetcher: typeof fetch): Ollama {
    const headers: Record<string, string> = this.options.key
      ? { Authorization: `Bearer ${this.options.key}` }
      : {};
    return new Ollama({ host: this.options.url, fetch: fetcher, headers });
  }

  private target() {
    return { label: this.label, model: this.options.model, key: this.options.key };
  }

  async describe(request: DescribeRequest): Promise<DescribeResult> {
    const structured = wantsStructured(request.task);
    const raw = await this.limiter.run(async () => {
      // Decoded and resized once the call may start: photos waiting for a slot hold no image in memory.
      const photo = await photoToSend(request.path);
      return callWithRetries(
        this.target(),
        { limits: this.limits, ...requestCallOptions(request) },
        async (fetcher) => {
          const stream = await this.client(fetcher).chat({
            model: this.options.model,
            stream: true,
            messages: [{ role: 'user', content: promptFor(request), images: [new Uint8Array(photo.jpeg)] }],
            ...(structured ? { format: DESCRIPTION_SCHEMA } : {}),
            options: { num_predict: maxTokensFor(request.task) },
          });
          let text = '';
          let usage = null;
          let stoppedAtTokenLimit = false;
          let model = this.options.model;
          for await (const part of stream) {
            const piece = part.message.content;
            text += piece;
            if (!structured && piece) request.onToken?.(piece);
            if (part.done) {
              stoppedAtTokenLimit = part.done_reason === 'length';
              model = part.model || model;
              if (typeof part.eval_count === 'number') {
                usage = { inputTokens: part.prompt_eval_count ?? 0, outputTokens: part.eval_count };
              }
            }
          }
          return { text, stoppedAtTokenLimit, usage, model, structured };
        },
      );
    });
    return readAnswer(request, raw, this.label);
  }

  async listModels(signal?: AbortSignal): Promise<string[]> {
    const listed = await callWithRetries(
      this.target(),
      { limits: { ...this.limits, retries: 0 }, ...(signal ? { signal } : {}) },
      (fetcher) => this.client(fetcher).list(),
    );
    return listed.models.map((model) => model.name);
  }
}
