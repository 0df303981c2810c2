import type { QuestionAnswer } from '../../../contract/api.js';
import { badRequest, notFound } from '../api/errors.js';
import type { Library } from '../library/library.js';
import { ImageCaptionError, RequestRefusedError } from './caption-engine.js';
import type { CaptionService } from './caption-service.js';
import { questionProblem } from './question.js';

/**
 * Ask: a person's question about a photo, answered by the app's caption engine; the answer streams as
 * `ask.token` events and, once finished, is kept in the photo's question history (a failed or cut-short
 * run stores nothing).
 */
export class AskService {
  constructor(
    private readonly library: Library,
    private readonly captions: Pick<CaptionService, 'ask'>,
  ) {}

  async ask(imageId: number, question: string): Promise<QuestionAnswer> {
    const image = this.library.findImage(imageId);
    if (!image) throw notFound(`Photo ${imageId}`);
    const problem = questionProblem(question);
    if (problem) throw badRequest(problem);
    const started = performance.now();
    try {
      const result = await this.captions.ask(image, question, (text) =>
        this.library.events.emit({ type: 'ask.token', imageId, text }),
      );
      return this.library.questions.record({
        imageId,
        question: question.trim(),
        answer: result.answer,
        model: result.modelName,
        device: result.device,
        stoppedAtTokenLimit: result.stoppedAtTokenLimit,
        durationMs: performance.now() - started,
      });
    } catch (error) {
      if (error instanceof RequestRefusedError) throw badRequest(error.message);
      if (error instanceof ImageCaptionError) throw badRequest(`${image.fileName}: ${error.message}`);
      throw error;
    }
  }

  /** The questions asked about a photo, oldest first. */
  history(imageId: number): QuestionAnswer[] {
    if (!this.library.findImage(imageId)) throw notFound(`Photo ${imageId}`);
    return this.library.questions.of(imageId);
  }
}
