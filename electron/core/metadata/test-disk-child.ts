// Test helper, run by test-disk.ts on the small disk it mounted: writes alt text into the photo copied there.
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { MetadataWriteError } from './errors.js';
import { MetadataRepository } from './metadata-repository.js';
import { sha256Of } from './test-files.js';
import type { SmallDiskOutcome } from './test-disk.js';

const [disk, photo] = process.argv.slice(2);
if (!disk || !photo) throw new Error('usage: test-disk-child.ts MOUNT_POINT PHOTO');
const path = join(disk, basename(photo));
const bytes = sha256Of(path);
const repository = new MetadataRepository();
let outcome: Pick<SmallDiskOutcome, 'reason' | 'message'> = { reason: null, message: null };
try {
  await repository.write(
    path,
    { altText: 'A small photo on a small disk, with alt text long enough to need a new block.' },
    { target: 'auto', sidecarNaming: 'basename', descriptionFields: false },
  );
} catch (error) {
  outcome = {
    reason: error instanceof MetadataWriteError ? error.reason : null,
    message: error instanceof Error ? error.message : String(error),
  };
} finally {
  await repository.close();
}
const entries = readdirSync(disk).filter((name) => name !== 'filler');
console.log(JSON.stringify({ ...outcome, unchanged: sha256Of(path) === bytes, entries }));
