import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** sha256 of bytes already read. */
export function hashBytes(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** sha256 of a file's bytes, streamed so that large raw files never sit in memory whole. */
export async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
