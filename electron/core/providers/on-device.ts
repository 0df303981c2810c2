// The on-device engine as one provider: the same interface, nothing leaves the machine.
import type { CaptionEngine } from '../captioning/caption-engine.js';
import {
  ProviderError,
  type DescribeRequest,
  type DescribeResult,
  type DescriptionProvider,
} from './provider.js';

export class OnDeviceProvider implements DescriptionProvider {
  readonly kind = 'on-device';
  readonly remote = false;
  /** The engine runs one photo through the model at a time. */
  readonly concurrency = 1;
  readonly label: string;

  constructor(
    private readonly engine: CaptionEngine,
    /** The model's name for people. */
    private readonly modelName: string,
    private readonly ocr: boolean,
  ) {
    this.label = `${modelName} on this computer`;
  }

  async describe(request: DescribeRequest): Promise<DescribeResult> {
    if (request.signal?.aborted) throw new ProviderError('cancelled', `${this.label}: cancelled.`);
    const onToken = request.onToken ? { onToken: request.onToken } : {};
    const base = { usage: null, model: this.modelName, remote: false, extendedDescription: null };
    if (request.task === 'question') {
      const answer = await this.engine.ask(request.path, request.question ?? '', onToken);
      const { stoppedAtTokenLimit } = answer;
      return { ...base, text: answer.answer, altText: null, visibleText: '', stoppedAtTokenLimit };
    }
    if (request.task === 'extended') {
      throw new ProviderError('bad-request', `${this.modelName} does not write extended descriptions.`);
    }
    const caption = await this.engine.caption(request.path, { ocr: this.ocr, ...onToken });
    return {
      ...base,
      text: caption.caption,
      altText: caption.caption,
      visibleText: caption.ocrText,
      stoppedAtTokenLimit: caption.stoppedAtTokenLimit,
    };
  }

  listModels(): Promise<string[]> {
    return Promise.resolve([this.modelName]);
  }
}
