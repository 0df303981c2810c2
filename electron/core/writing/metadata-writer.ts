import { join } from 'node:path';
import { MetadataRepository } from '../metadata/metadata-repository.js';
import { parseWriteRecord } from '../metadata/types.js';
import { recordOf, WriteIntent } from '../metadata/write-intent.js';
import type { MetadataWriter } from './write-service.js';

/**
 * The metadata repository of a library that writes: the copies of the originals a write keeps until it is
 * verified live in the data folder (not the OS temp folder), so that they survive a crash for its settling.
 */
export function writingRepository(dataDir: string): MetadataRepository {
  return new MetadataRepository({ backupDir: join(dataDir, 'write-backups') });
}

/** The metadata repository as the write service uses it: records and intents come back from the database as JSON. */
export function metadataWriter(repository: MetadataRepository): MetadataWriter {
  return {
    write: (imagePath, values, policy, expected, hooks) =>
      repository.write(imagePath, values, policy, expected, hooks),
    undo: (record, hooks) => repository.undo(parseWriteRecord(record), hooks),
    settle: async (stored) => {
      const intent = WriteIntent.parse(stored);
      const { outcome, reason } = await repository.settle(intent);
      const done = outcome === 'done' && intent.operation === 'write';
      return {
        outcome,
        reason,
        operation: intent.operation,
        record: done ? recordOf(intent, Date.now(), []) : null,
      };
    },
  };
}
