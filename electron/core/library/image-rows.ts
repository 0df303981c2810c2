import { basename } from 'node:path';
import { z } from 'zod';
import { FoundMetadata, type ImageDetail, type ImageSummary } from '../../../contract/api.js';
import { needsEmbeddedPreview } from '../media/embedded-preview.js';
import { CaptionProvenance } from '../../../contract/style.js';
import { modelDisplayName } from '../models/model-name.js';
import type { ImageWithDescription } from './store.js';

const WrittenTo = z.object({ writtenTo: z.array(z.string()) });

export function toSummary(row: ImageWithDescription): ImageSummary {
  return {
    id: row.id,
    path: row.path,
    fileName: basename(row.path),
    format: row.format,
    width: row.width,
    height: row.height,
    status:
      row.missing_since !== null ? 'missing' : row.error !== null ? 'failed' : (row.status ?? 'pending'),
    altText: row.text,
    error: row.error,
    hasThumbnail: row.has_thumbnail === 1,
    captionJob: row.job_state ? { state: row.job_state, error: row.job_error } : null,
    writeJob: row.write_state ? { state: row.write_state, error: row.write_error } : null,
    decorative: row.decorative === 1,
  };
}

export function toDetail(row: ImageWithDescription): ImageDetail {
  const generatedBy =
    row.source === 'model' && row.model && row.device
      ? {
          // Older rows hold the model's id or folder path: named the way newer ones are.
          model: modelDisplayName(row.model),
          device: row.device,
          durationMs: row.duration_ms ?? 0,
          ocrText: row.ocr_text ?? '',
          provenance: row.provenance
            ? CaptionProvenance.nullable().catch(null).parse(JSON.parse(row.provenance))
            : null,
        }
      : null;
  const lastWrite =
    row.last_write_record && row.last_write_at
      ? {
          at: row.last_write_at,
          writtenTo: WrittenTo.catch({ writtenTo: [] }).parse(JSON.parse(row.last_write_record)).writtenTo,
        }
      : null;
  return {
    ...toSummary(row),
    size: row.size,
    descriptionSource: row.source,
    descriptionUpdatedAt: row.description_updated_at,
    generatedBy,
    extDescription: row.ext_description,
    foundInFile: row.found_metadata
      ? z.array(FoundMetadata).catch([]).parse(JSON.parse(row.found_metadata))
      : [],
    lastWrite,
    fromEmbeddedPreview: row.has_thumbnail === 1 && needsEmbeddedPreview(row.path),
  };
}
