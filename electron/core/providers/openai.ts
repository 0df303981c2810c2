// Any OpenAI-compatible Chat Completions server (OpenAI, Gemini's OpenAI endpoint, LM Studio, llama.cpp
// server, vLLM, LMDeploy) through the official `openai` SDK: POST {url}/chat/completions with the photo
// as an image_url data URL, `Authorization: Bearer KEY`, SSE streaming with usage, a JSON schema in
// response_format; models from GET {url}/models. {url} includes the /v1.
import OpenAI from 'openai';
import { maxTokensFor, promptFor, readAnswer, wantsStructured, DESCRIPTION_SCHEMA } from './answers.js';
import {
  CallLimiter,
  callWithRetries,
  DEFAULT_LIMITS,
  requestCallOptions,
  type CallLimits,
  type TryState,
} from './calls.js';
import { photoToSend } from './photo.js';
import {
  ProviderError,
  type DescribeRequest,
  type DescribeResult,
  type DescriptionProvider,
  type ProviderOptions,
  type TokenUsage,
} from './provider.js';

export const OPENAI_DEFAULT_URL = 'https://api.openai.com/v1';

export class OpenAiProvider implements DescriptionProvider {
  readonly kind = 'openai';
  readonly remote = true;
  readonly label: string;
  readonly concurrency: number;
  private readonly limiter: CallLimiter;

  constructor(
    private readonly options: ProviderOptions,
    private readonly limits: CallLimits = DEFAULT_LIMITS,
  ) {
    this.label = `the OpenAI-compatible server at ${options.url}`;
    this.limiter = new CallLimiter(options.concurrency ?? 4);
    this.concurrency = this.limiter.limit;
  }

  private client(fetcher: typeof fetch): OpenAI {
    return new OpenAI({
      baseURL: this.options.url,
      // Local servers (LM Studio, llama.cpp, vLLM) need no key; the SDK insists on one.
      apiKey: this.options.key ?? 'no-key',
      fetch: fetcher,
      maxRetries: 0,
      timeout: this.limits.totalTimeoutMs + 1000,
    });
  }

  private target() {
    return { label: this.label, model: this.options.model, key: this.options.key };
  }

  async describe(request: DescribeRequest): Promise<DescribeResult> {
    const structured = wantsStructured(request.task);
    const options = { limits: this.limits, classify: refusal(this.label), ...requestCallOptions(request) };
    const raw = await this.limiter.run(async () => {
      // Decoded and resized once the call may start: photos waiting for a slot hold no image in memory.
      const photo = await photoToSend(request.path);
      const dataUrl = `data:${photo.mediaType};base64,${photo.jpeg.toString('base64')}`;
      return callWithRetries(this.target(), options, async (fetcher) => {
        const stream = await this.client(fetcher).chat.completions.create({
          model: this.options.model,
          stream: true,
          stream_options: { include_usage: true },
          max_tokens: maxTokensFor(request.task),
          messages: [
            {
              role: 'user',
              content: [
                { type: 'text', text: promptFor(request) },
                { type: 'image_url', image_url: { url: dataUrl } },
              ],
            },
          ],
          ...(structured
            ? {
                response_format: {
                  type: 'json_schema' as const,
                  json_schema: { name: 'photo_description', strict: true, schema: { ...DESCRIPTION_SCHEMA } },
                },
              }
            : {}),
        });
        let text = '';
        let finish: string | null = null;
        let refused = '';
        let usage: TokenUsage | null = null;
        let model = this.options.model;
        for await (const chunk of stream) {
          model = chunk.model || model;
          if (chunk.usage) {
            usage = { inputTokens: chunk.usage.prompt_tokens, outputTokens: chunk.usage.completion_tokens };
          }
          const choice = chunk.choices[0];
          if (!choice) continue;
          const piece = choice.delta.content ?? '';
          text += piece;
          refused += choice.delta.refusal ?? '';
          if (!structured && piece) request.onToken?.(piece);
          finish = choice.finish_reason ?? finish;
        }
        if (refused || finish === 'content_filter') {
          throw new ProviderError(
            'refused-content',
            `${this.label} refused to describe this photo${refused ? `: ${refused.trim()}` : ' (content filter)'}.`,
          );
        }
        return { text, stoppedAtTokenLimit: finish === 'length', usage, model, structured };
      });
    });
    return readAnswer(request, raw, this.label);
  }

  async listModels(signal?: AbortSignal): Promise<string[]> {
    const options = { limits: { ...this.limits, retries: 0 }, ...(signal ? { signal } : {}) };
    return callWithRetries(this.target(), options, async (fetcher) => {
      const names: string[] = [];
      for await (const model of this.client(fetcher).models.list()) names.push(model.id);
      return names;
    });
  }
}

/** A refusal said in the answer, or a 400 for content policy: refused content, not a bad request. */
function refusal(label: string) {
  return (error: unknown, state: TryState): ProviderError | null => {
    const message = error instanceof Error ? error.message : '';
    if (state.status === 400 && /content[_ ]policy|safety|moderation/i.test(message)) {
      return new ProviderError(
        'refused-content',
        `${label} refused to describe this photo (content policy).`,
      );
    }
    return null;
  };
}
