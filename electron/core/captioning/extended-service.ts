import type { CallResult } from '../../../contract/api.js';
import { badRequest, notFound } from '../api/errors.js';
import type { Library } from '../library/library.js';
import { ImageCaptionError, RequestRefusedError } from './caption-engine.js';
import type { CaptionService } from './caption-service.js';

/**
 * "Write extended description": a longer description of a photo by the chosen model, streamed as
 * `caption.token` events (task `extended`). Nothing is stored here: the person saves it as an edit.
 */
export class ExtendedDescriptionService {
  constructor(
    private readonly library: Library,
    private readonly captions: Pick<CaptionService, 'describe'>,
  ) {}

  async write(imageId: number): Promise<CallResult<'images.extended'>> {
    const image = this.library.findImage(imageId);
    if (!image) throw notFound(`Photo ${imageId}`);
    try {
      return await this.captions.describe(image, (text) =>
        this.library.events.emit({ type: 'caption.token', imageId, task: 'extended', text }),
      );
    } catch (error) {
      if (error instanceof RequestRefusedError) throw badRequest(error.message);
      if (error instanceof ImageCaptionError) throw badRequest(`${image.fileName}: ${error.message}`);
      throw error;
    }
  }
}
