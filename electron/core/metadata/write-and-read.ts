import { ExifToolTask, type ExifTool } from 'exiftool-vendored';
import { z } from 'zod';
import type { PlannedTag } from './tag-plan.js';
import { snapshotReadArgs, toSnapshot, type SnapshotOptions, type TagSnapshot } from './tag-snapshot.js';

/** What exiftool said of one write, and what it then read of the file. */
export interface WriteAndReadResult {
  /** exiftool's warnings about the write (its own, and any line of its answer that is not a count). */
  readonly warnings: readonly string[];
  /** The file read right after the write, as `read` asked (tag-snapshot.ts). */
  readonly after: TagSnapshot;
}

/** A write of tags into one file. */
export interface WriteRequest {
  /** A null value deletes the tag. */
  readonly tags: readonly PlannedTag[];
  readonly writeArgs: readonly string[];
  /**
   * First write every IPTC value again, in the character set `tags` give the IPTC (tag-plan.ts,
   * `reencodesIptc`): exiftool reads each in the file's present character set and writes it in the new one.
   */
  readonly reencodeIptc?: boolean;
}

/**
 * Writes into `path` and reads the file back, in one exiftool task: two exiftool commands sent together, so a
 * verified write waits for one answer of the stay-open exiftool, not two (each answer costs a round trip of
 * several milliseconds, more than a small read itself). Rejects with exiftool's error when the write failed.
 */
export function writeAndRead(
  exiftool: ExifTool,
  path: string,
  write: WriteRequest,
  read: SnapshotOptions,
): Promise<WriteAndReadResult> {
  return exiftool.enqueueTask(() => new WriteAndReadTask(path, write, read));
}

/** exiftool's own way to read file names as UTF-8 on Windows (exiftool-vendored does the same). */
const FILENAME_ARGS = process.platform === 'win32' ? ['-charset', 'filename=utf8'] : [];
/**
 * Ends the write's command and starts the read's. exiftool answers it with `{ready1}`, which exiftool-vendored
 * (waiting for `{ready}`, the answer to the `-execute` that ends every task) does not take for the task's end.
 */
const BETWEEN = '-execute1';
const BETWEEN_ANSWER = /^\{ready1\}\r?$/m;
/** The counts exiftool prints for a write: `1 image files updated`, `1 image files created`… */
const COUNT_LINE = /^\s*\d+ [\w ]+ (?:updated|created|unchanged)$/i;

const readOutput = z.array(z.unknown()).length(1);

class WriteAndReadTask extends ExifToolTask<WriteAndReadResult> {
  constructor(path: string, write: WriteRequest, read: SnapshotOptions) {
    super(
      [
        ...FILENAME_ARGS,
        '-E', // values as HTML character references: a newline is `&#10;`
        // Copied first: the assignments that follow take precedence.
        ...(write.reencodeIptc ? ['-tagsFromFile', '@', '-IPTC:all'] : []),
        ...write.tags.map((tag) => `-${tag.name}=${tag.value === null ? '' : encodeValue(tag.value)}`),
        ...write.writeArgs,
        path,
        BETWEEN,
        ...FILENAME_ARGS,
        ...snapshotReadArgs(read),
        '-json',
        path,
      ],
      { ignoreMinorErrors: false },
    );
  }

  protected parse(stdout: string, error?: Error): WriteAndReadResult {
    if (error) throw error;
    const between = BETWEEN_ANSWER.exec(stdout);
    if (!between) throw new Error(`exiftool's answer has no end of the write: ${JSON.stringify(stdout)}`);
    const unexpected = stdout
      .slice(0, between.index)
      .split(/\r?\n/)
      .filter((line) => line.trim() !== '' && !COUNT_LINE.test(line))
      .map((line) => `Unexpected output from exiftool: ${JSON.stringify(line)}`);
    const read = readOutput.parse(JSON.parse(stdout.slice(between.index + between[0].length)));
    return { warnings: [...this.warnings, ...unexpected], after: toSnapshot(read[0]) };
  }
}

/** `&`, and every character but printable ASCII, as a character reference (`-E`): exactly as written. */
function encodeValue(value: string): string {
  return value.replace(/[^\x20-\x25\x27-\x7e]/gu, (character) => `&#${character.codePointAt(0)};`);
}
