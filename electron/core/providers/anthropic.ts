// Anthropic's Messages API through the official `@anthropic-ai/sdk`: POST {url}/v1/messages with
// `x-api-key`, `anthropic-version`, `max_tokens`, the photo as an image block (source type base64), SSE
// streaming, a JSON schema in output_config.format; models from GET {url}/v1/models.
import Anthropic from '@anthropic-ai/sdk';
import { maxTokensFor, promptFor, readAnswer, wantsStructured, DESCRIPTION_SCHEMA } from './answers.js';
import {
  CallLimiter,
  callWithRetries,
  DEFAULT_LIMITS,
  requestCallOptions,
  type CallLimits,
} from './calls.js';
import { photoToSend } from './photo.js';
import {
  ProviderError,
  type DescribeRequest,
  type DescribeResult,
  type DescriptionProvider,
  type ProviderOptions,
} from './provider.js';

export const ANTHROPIC_DEFAULT_URL = 'https://api.anthropic.com';

export class AnthropicProvider implements DescriptionProvider {
  readonly kind = 'anthropic';
  readonly remote = true;
  readonly label: string;
  readonly concurrency: number;
  private readonly limiter: CallLimiter;

  constructor(
    private readonly options: ProviderOptions,
    private readonly limits: CallLimits = DEFAULT_LIMITS,
  ) {
    this.label = `Anthropic at ${options.url}`;
    this.limiter = new CallLimiter(options.concurrency ?? 4);
    this.concurrency = this.limiter.limit;
  }

  private client(fetcher: typeof fetch): Anthropic {
    return new Anthropic({
      baseURL: this.options.url,
      // The Messages API's documented header is x-api-key; this SDK version would send the key as a
      // Bearer token, so it is given as the header itself (and the SDK reads no key from the environment).
      apiKey: null,
      authToken: null,
      defaultHeaders: this.options.key ? { 'x-api-key': this.options.key } : {},
      fetch: fetcher,
      maxRetries: 0,
      timeout: this.limits.totalTimeoutMs + 1000,
    });
  }

  private target() {
    return { label: this.label, model: this.options.model, key: this.options.key };
  }

  async describe(request: DescribeRequest): Promise<DescribeResult> {
    if (!this.options.key) {
      throw new ProviderError(
        'wrong-key',
        `${this.label} needs a key: set ANTHROPIC_API_KEY (or the provider's own variable), or save one.`,
      );
    }
    const structured = wantsStructured(request.task);
    const options = { limits: this.limits, ...requestCallOptions(request) };
    const raw = await this.limiter.run(async () => {
      // Decoded and resized once the call may start: photos waiting for a slot hold no image in memory.
      const photo = await photoToSend(request.path);
      return callWithRetries(this.target(), options, async (fetcher) => {
        const stream = await this.client(fetcher).messages.create({
          model: this.options.model,
          stream: true,
          max_tokens: maxTokensFor(request.task),
          messages: [
            {
              role: 'user',
              content: [
                {
                  type: 'image',
                  source: {
                    type: 'base64',
                    media_type: photo.mediaType,
                    data: photo.jpeg.toString('base64'),
                  },
                },
                { type: 'text', text: promptFor(request) },
              ],
            },
          ],
          ...(structured
            ? {
                output_config: {
                  format: { type: 'json_schema' as const, schema: { ...DESCRIPTION_SCHEMA } },
                },
              }
            : {}),
        });
        let text = '';
        let stop: string | null = null;
        let inputTokens: number | null = null;
        let outputTokens: number | null = null;
        let model = this.options.model;
        for await (const event of stream) {
          if (event.type === 'message_start') {
            model = event.message.model || model;
            inputTokens = event.message.usage.input_tokens;
          } else if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
            text += event.delta.text;
            if (!structured) request.onToken?.(event.delta.text);
          } else if (event.type === 'message_delta') {
            stop = event.delta.stop_reason ?? stop;
            outputTokens = event.usage.output_tokens;
          }
        }
        if (stop === 'refusal') {
          throw new ProviderError('refused-content', `${this.label} refused to describe this photo.`);
        }
        const usage =
          inputTokens === null && outputTokens === null
            ? null
            : { inputTokens: inputTokens ?? 0, outputTokens: outputTokens ?? 0 };
        return { text, stoppedAtTokenLimit: stop === 'max_tokens', usage, model, structured };
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
