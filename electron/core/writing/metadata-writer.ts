import type { MetadataRepository } from '../metadata/metadata-repository.js';
import { parseWriteRecord } from '../metadata/types.js';
import type { MetadataWriter } from './write-service.js';

/** The metadata repository as the write service uses it: records come back from the database as JSON. */
export function metadataWriter(repository: MetadataRepository): MetadataWriter {
  return {
    write: (imagePath, values, policy, expected) => repository.write(imagePath, values, policy, expected),
    undo: (record) => repository.undo(parseWriteRecord(record)),
  };
}
