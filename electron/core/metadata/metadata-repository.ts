import { ExifTool } from 'exiftool-vendored';
import { rm, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { processIdentity } from '../process-identity.js';
import {
  exiftoolSaid,
  MetadataWriteError,
  plainWords,
  refuseUnlessFile,
  refuseUnusableName,
  writeFailure,
} from './errors.js';
import type { EmbeddedImageList } from '../media/embedded-preview.js';
import { dateTaken } from './date-taken.js';
import { extractEmbeddedImage, listEmbeddedImages } from './embedded-images.js';
import { exiftoolProcessOptions } from './exiftool-process.js';
import {
  BackupFolder,
  FileBackup,
  fileState,
  restoreTimes,
  sameMtime,
  type FileState,
} from './file-backup.js';
import {
  imageHash,
  jpegPartsHash,
  onlyXmpDiffers,
  readJpeg,
  sameImageData,
  type JpegParts,
} from './image-hash.js';
import {
  containerNote,
  containerWriteArgs,
  imageDataProblem,
  isContainerWarning,
  readContainerImage,
  type ContainerImage,
} from './image-container.js';
import { existingSidecars, fileTypeOf, holdsExif, sidecarNames, writesInFile } from './placement.js';
import { foundValues, summarize } from './read-values.js';
import { checkValues, planTags, plannedTag, readKeyOf, reencodesIptc } from './tag-plan.js';
import { normalizeWarning, readSnapshot, valueAt, warningsOf, type TagSnapshot } from './tag-snapshot.js';
import type { ExpectedFile, MetadataRead, MetadataValues, WritePolicy, WriteRecord } from './types.js';
import {
  intentOf,
  recordOf,
  settleIntent,
  type PlannedChange,
  type Settlement,
  type WriteIntent,
} from './write-intent.js';
import { Slots } from './slots.js';
import { writeAndRead, type WriteAndReadResult } from './write-and-read.js';
import { PhotoLocks } from './photo-locks.js';
import { SnapshotCache } from './snapshot-cache.js';
import { verifyChange, type ExtraVerification, type ReadBack } from './write-verification.js';

export type { VerificationContext } from './write-verification.js';

/** How long a file must be unchanged for a read's snapshot of it to be kept, by default (see the option). */
export const SNAPSHOT_SETTLE_MS = 2000;

export interface MetadataRepositoryOptions {
  /** exiftool processes kept open (default 1). */
  readonly maxProcs?: number;
  /** Milliseconds one exiftool task may take (default exiftool-vendored's 30 s). */
  readonly taskTimeoutMillis?: number;
  /**
   * An extra check after a write's own verification, for tests of the restore path: a returned string fails
   * the write (or undo) with that reason, and every file is restored.
   */
  readonly extraVerification?: ExtraVerification;
  /** Snapshots kept for the next write of the same file (default 2000; 0: none kept). */
  readonly snapshotCacheSize?: number;
  /**
   * How long before a read began a file must have last changed (its ctime) for that read's snapshot to be
   * kept, in milliseconds (default {@link SNAPSHOT_SETTLE_MS}). File times are coarse (a clock tick, or two seconds on FAT): a
   * change made within the same tick as the one before it can leave every time unchanged, so only a file
   * older than the coarsest granularity has an identity that any later change is sure to alter.
   */
  readonly snapshotSettleMs?: number;
  /**
   * The folder the copies of the originals go to while a write is verified (default: the OS temp folder).
   * The library's data folder keeps them through a crash, for the settling of the write (write-intent.ts).
   */
  readonly backupDir?: string;
}

/**
 * Writes and undos under way at once per exiftool process: while exiftool writes one photo, the next ones are
 * read, hashed and copied, and the one before verified (measured: 3 beat 2, 1 and 500 at once).
 */
const TRANSACTIONS_PER_PROCESS = 3;

/** The exiftool arguments of an image write (DESIGN §4): keep the file's inode, and its dates. */
const IMAGE_WRITE_ARGS = ['-overwrite_original_in_place', '-P'];
/**
 * A sidecar keeps its inode but gets a new modification time: Lightroom, darktable and digiKam notice an
 * edited sidecar by its date, and would otherwise miss the alt text or overwrite it with their own copy.
 */
const SIDECAR_WRITE_ARGS = ['-overwrite_original_in_place'];

/** Groups that say nothing of a sidecar's content: whether it holds anything besides what AltLens wrote. */
const HOUSEKEEPING_GROUPS = new Set(['System', 'File', 'ExifTool', 'XMP-x', 'Composite']);

/**
 * One file a write or undo changes: its tags to write; with `remove` (the undo of a sidecar that a write
 * created), the tags whose absence is checked after the file is removed.
 */
type FileChange = PlannedChange;

/** What a caller learns of a write or undo while it runs. */
export interface WriteHooks {
  /**
   * Called once the write is planned, before any file is copied or written: what to keep (in the library)
   * so that the write can be settled from the files alone if the process dies during it (write-intent.ts).
   * A throw cancels the write, with nothing written.
   */
  readonly onIntent?: (intent: WriteIntent) => void | Promise<void>;
}

interface Transaction {
  readonly operation: 'write' | 'undo';
  readonly imagePath: string;
  readonly image: FileState;
  readonly imageBefore: TagSnapshot;
  /** The image's identity when the write or undo began: any change to it since is refused. */
  readonly identity: string | null;
  /**
   * The JPEG as it was when the write or undo began, taken apart (image-hash.ts), or null for another format
   * (the snapshots before and after then hold exiftool's `ImageDataHash`).
   */
  readonly jpeg: JpegParts | null;
  /**
   * A JPEG XL or WebP as it was when the write or undo began, taken apart (image-container.ts), or null for
   * another format: its image data is compared byte for byte, besides exiftool's hash.
   */
  readonly container: ContainerImage | null;
  readonly changes: readonly FileChange[];
  readonly onIntent: WriteHooks['onIntent'];
}

/**
 * The one place AltLens reads and writes image metadata (DESIGN §4), over one stay-open exiftool. A write
 * is verified like a database transaction: the original bytes of every file it touches are kept until every
 * written value reads back exactly, the image data hash and every other tag are unchanged, no exiftool
 * leftovers remain and the modification time is kept; on any problem the originals are put back and a
 * {@link MetadataWriteError} says why.
 */
export class MetadataRepository {
  private readonly exiftool: ExifTool;
  private readonly extraVerification: MetadataRepositoryOptions['extraVerification'];
  private readonly locks: PhotoLocks;
  private readonly snapshots: SnapshotCache;
  private readonly backups: BackupFolder;

  constructor(options: MetadataRepositoryOptions = {}) {
    this.exiftool = new ExifTool({
      ...exiftoolProcessOptions(),
      maxProcs: options.maxProcs ?? 1,
      useMWG: false,
      ignoreMinorErrors: false,
      ...(options.taskTimeoutMillis ? { taskTimeoutMillis: options.taskTimeoutMillis } : {}),
    });
    this.backups = new BackupFolder(options.backupDir);
    this.locks = new PhotoLocks(new Slots(TRANSACTIONS_PER_PROCESS * (options.maxProcs ?? 1)));
    this.extraVerification = options.extraVerification;
    this.snapshots = new SnapshotCache(
      this.exiftool,
      options.snapshotCacheSize ?? 2000,
      options.snapshotSettleMs ?? SNAPSHOT_SETTLE_MS,
    );
  }

  /** The exiftool processes running now. */
  get exiftoolPids(): number[] {
    return this.exiftool.pids;
  }

  /** Ends the exiftool process(es), and removes the (empty) backup folder. */
  async close(): Promise<void> {
    await this.exiftool.end();
    await this.backups.close();
  }

  /**
   * Alt text and descriptions from the image and from its sidecars (`photo.xmp`, `photo.ext.xmp`), and when
   * the photo was taken (date-taken.ts), all from the same reads.
   */
  async read(
    imagePath: string,
  ): Promise<MetadataRead & { readonly stat: ExpectedFile; readonly takenAt: number | null }> {
    refuseUnusableName(imagePath);
    const info = await stat(imagePath).catch(() => null);
    if (!info) throw new Error(plainWords.gone(imagePath));
    if (!info.isFile()) throw new Error(plainWords.notAFile(imagePath));
    const image = await this.snapshots.read(imagePath);
    const sidecars = existingSidecars(imagePath);
    const sources = [{ path: imagePath, snapshot: image }];
    for (const path of sidecars) sources.push({ path, snapshot: await this.snapshots.read(path) });
    const found = sources.flatMap(({ path, snapshot }) => foundValues(snapshot, path));
    const inFile = writesInFile(fileTypeOf(imagePath, valueAt(image, 'File:FileTypeExtension')));
    const preferred = inFile ? [imagePath, ...sidecars] : [...sidecars, imagePath];
    const takenAt = dateTaken(sources.map(({ snapshot }) => snapshot));
    return {
      ...summarize(found, preferred),
      found,
      takenAt,
      stat: { size: info.size, mtimeMs: info.mtimeMs },
    };
  }

  /** The previews and thumbnails embedded in a file (camera raw, HEIC), read between writes to it. */
  async embeddedImages(imagePath: string): Promise<EmbeddedImageList> {
    refuseUnusableName(imagePath);
    return this.locks.run(imagePath, () => listEmbeddedImages(this.exiftool, imagePath));
  }

  /** Writes one of {@link embeddedImages} to `dest` (a file that must not exist yet). */
  async extractEmbeddedImage(imagePath: string, reference: string, dest: string): Promise<void> {
    refuseUnusableName(imagePath);
    return this.locks.run(imagePath, () => extractEmbeddedImage(this.exiftool, imagePath, reference, dest));
  }

  /**
   * Writes alt text (and, per the policy, the extended description and the description fields) into the
   * image and/or a sidecar, verified; refuses if the file changed since `expected` was recorded.
   */
  async write(
    imagePath: string,
    values: MetadataValues,
    policy: WritePolicy,
    expected?: ExpectedFile,
    hooks: WriteHooks = {},
  ): Promise<WriteRecord> {
    const checked = checkValues(values, policy.language);
    refuseUnusableName(imagePath);
    return this.locks.run(imagePath, async () => {
      const image = await fileState(imagePath);
      const { identity } = image;
      refuseUnlessFile(image);
      if (expected && (expected.size !== image.size || Math.abs(expected.mtimeMs - image.mtimeMs) >= 1))
        throw new MetadataWriteError(
          'changed-since-read',
          `${basename(imagePath)} changed since it was read (it is now ${image.size} bytes, modified ` +
            `${new Date(image.mtimeMs).toISOString()}); read it again before writing.`,
        );
      // The image data hash reads every byte of the image: only when the image itself may be written.
      const mayWriteImage =
        policy.target === 'file' ||
        policy.target === 'both' ||
        (policy.target === 'auto' && writesInFile(fileTypeOf(imagePath, null)));
      // A JPEG's image data is compared here, byte for byte (image-hash.ts), from the write itself: exiftool's
      // hash is only needed for other formats. A snapshot kept from a read is used only without it.
      let jpeg = mayWriteImage ? await readJpeg(imagePath) : null;
      let imageBefore = await this.snapshots.forWrite(imagePath, mayWriteImage && jpeg === null, identity);
      const fileType = fileTypeOf(imagePath, valueAt(imageBefore, 'File:FileTypeExtension'));
      const { inFile, sidecars } = this.targets(imagePath, fileType, policy);
      // A file whose name says camera raw but whose content is, say, a JPEG: read it again, with the hash.
      if (inFile && !mayWriteImage) {
        jpeg = await readJpeg(imagePath);
        imageBefore = await readSnapshot(this.exiftool, imagePath, { imageHash: jpeg === null });
      }
      const changes: FileChange[] = [];
      if (inFile) {
        const target = {
          kind: 'image' as const,
          holdsExif: holdsExif(fileType),
          before: imageBefore,
          descriptionFields: policy.descriptionFields,
          displayName: basename(imagePath),
        };
        changes.push({
          path: imagePath,
          kind: 'image',
          before: imageBefore,
          tags: planTags(checked, target),
        });
      }
      for (const path of sidecars) {
        const sidecar = await fileState(path);
        const before = sidecar.existed ? await this.snapshots.forWrite(path, false, sidecar.identity) : null;
        const target = {
          kind: 'sidecar' as const,
          holdsExif: false,
          before,
          descriptionFields: policy.descriptionFields,
          displayName: basename(path),
        };
        changes.push({ path, kind: 'sidecar', before, tags: planTags(checked, target) });
      }
      const container = inFile ? await readContainerImage(imagePath, fileType) : null;
      const { warnings, intent } = await this.apply({
        operation: 'write',
        imagePath,
        image,
        imageBefore,
        identity,
        jpeg,
        container,
        changes,
        onIntent: hooks.onIntent,
      });
      return recordOf(intent, Date.now(), warnings);
    });
  }

  /**
   * Puts back the values a write replaced (deleting tags that did not exist, and a sidecar the write created
   * when it holds nothing else), verified the same way. Refuses if the values are no longer the ones the
   * write left.
   */
  async undo(record: WriteRecord, hooks: WriteHooks = {}): Promise<void> {
    refuseUnusableName(record.imagePath);
    await this.locks.run(record.imagePath, async () => {
      const image = await fileState(record.imagePath);
      const { identity } = image;
      refuseUnlessFile(image);
      for (const path of record.writtenTo) this.snapshots.drop(path);
      this.snapshots.drop(record.imagePath);
      const writesImage = record.writtenTo.includes(record.imagePath);
      const jpeg = writesImage ? await readJpeg(record.imagePath) : null;
      const imageBefore = await readSnapshot(this.exiftool, record.imagePath, {
        imageHash: writesImage && jpeg === null,
      });
      const changes: FileChange[] = [];
      for (const path of record.writtenTo) {
        const previous = record.previous[path];
        if (!previous)
          throw new MetadataWriteError('undo-conflict', `The write record lists no values for ${path}.`);
        if (!(await fileState(path)).existed)
          throw new MetadataWriteError(
            'undo-conflict',
            `${path} was removed since the write; nothing to undo.`,
          );
        const before = path === record.imagePath ? imageBefore : await readSnapshot(this.exiftool, path);
        for (const name of Object.keys(previous.values)) {
          const current = valueAt(before, readKeyOf(name));
          const left = record.written[name] ?? null;
          if (current !== left)
            throw new MetadataWriteError(
              'undo-conflict',
              `${basename(path)} changed since the write (${name} is now ${JSON.stringify(current)}, not ` +
                `${JSON.stringify(left)}); the undo would overwrite that change, so it was not done.`,
            );
        }
        const tags = Object.entries(previous.values).map(([name, value]) => plannedTag(name, value));
        const ours = new Set(tags.map((tag) => tag.readKey.toLowerCase()));
        const holdsOthers = Object.keys(before).some(
          (key) => !HOUSEKEEPING_GROUPS.has(key.slice(0, key.indexOf(':'))) && !ours.has(key.toLowerCase()),
        );
        const remove = !previous.existed && path !== record.imagePath && !holdsOthers;
        changes.push({ path, kind: path === record.imagePath ? 'image' : 'sidecar', before, tags, remove });
      }
      await this.apply({
        operation: 'undo',
        imagePath: record.imagePath,
        image,
        imageBefore,
        identity,
        jpeg,
        container: writesImage
          ? await readContainerImage(
              record.imagePath,
              fileTypeOf(record.imagePath, valueAt(imageBefore, 'File:FileTypeExtension')),
            )
          : null,
        changes,
        onIntent: hooks.onIntent,
      });
    });
  }

  /**
   * Settles a write or undo that was under way when the process running it died, from the files alone
   * (write-intent.ts): done, not done, or a problem with its reason.
   */
  async settle(intent: WriteIntent): Promise<Settlement> {
    return this.locks.run(intent.imagePath, async () => {
      for (const file of intent.files) this.snapshots.drop(file.path);
      // Our own exiftool, with a pid the dead writer's once had (where no start time tells them apart).
      const ours = new Set(this.exiftool.pids);
      const exiftool = intent.exiftool.filter(({ pid }) => !ours.has(pid));
      return settleIntent(this.exiftool, { ...intent, exiftool });
    });
  }

  /** Where a write goes: the image itself, and/or sidecars (an existing one, under either name, is edited). */
  private targets(
    imagePath: string,
    fileType: string,
    policy: WritePolicy,
  ): { inFile: boolean; sidecars: string[] } {
    const canWriteInFile = writesInFile(fileType);
    const existing = existingSidecars(imagePath);
    const sidecars = existing.length > 0 ? existing : [sidecarNames(imagePath)[policy.sidecarNaming]];
    switch (policy.target) {
      case 'auto':
        return canWriteInFile ? { inFile: true, sidecars: [] } : { inFile: false, sidecars };
      case 'sidecar':
        return { inFile: false, sidecars };
      case 'file':
      case 'both':
        if (!canWriteInFile)
          throw new MetadataWriteError(
            'unsupported-target',
            `${basename(imagePath)} is ${fileType.toUpperCase()}, a camera raw or read-only format: AltLens ` +
              'never rewrites it and writes its metadata to an XMP sidecar instead (target "sidecar" or "auto").',
          );
        return { inFile: true, sidecars: policy.target === 'both' ? sidecars : [] };
    }
  }

  /**
   * Writes every change, verifies it, and on any problem restores every file and throws. Returns the
   * warnings tolerated because they restate a problem the file had before the write, and the write's intent.
   */
  private async apply(transaction: Transaction): Promise<{ warnings: string[]; intent: WriteIntent }> {
    const { operation, imagePath, image, changes } = transaction;
    const writesImage = changes.some((change) => change.kind === 'image');
    // A JPEG XL or WebP: the container may change to hold metadata (image-container.ts).
    const container = writesImage ? transaction.container : null;
    // A JPEG's image data is compared byte for byte; any other format's, by a hash.
    const hashBefore =
      writesImage && !transaction.jpeg ? await imageHash(imagePath, transaction.imageBefore) : null;
    if (writesImage && !transaction.jpeg && hashBefore === null)
      throw new MetadataWriteError(
        'unverifiable',
        `Neither exiftool nor the image decoder can hash the image data of ${basename(imagePath)}, so a ` +
          'write could not be checked to leave the picture untouched: write to a sidecar instead.',
      );
    // Unchanged since the full read above (the read itself changes nothing).
    const now = await fileState(imagePath);
    if (now.size !== image.size || !sameMtime(now, image) || now.identity !== transaction.identity)
      throw new MetadataWriteError(
        'changed-since-read',
        `${basename(imagePath)} changed while it was being read.`,
      );

    const backup = await FileBackup.prepare(
      changes.map((change) => change.path),
      this.backups,
    );
    const imageData = !writesImage ? null : transaction.jpeg ? jpegPartsHash(transaction.jpeg) : hashBefore;
    const exiftool = this.exiftool.pids.map((pid) => processIdentity(pid));
    const intent = intentOf(operation, imagePath, imageData, changes, backup, exiftool);
    await transaction.onIntent?.(intent);
    await backup.copy();
    const tolerated: string[] = [];
    const readBack = new Map<FileChange, ReadBack>();
    try {
      for (const change of changes) {
        if (change.remove) {
          await rm(change.path);
          continue;
        }
        // Read back by the same exiftool task that writes it: a JPEG's XMP alone when only XMP is written
        // (enough when no other byte changed: see verify), else in full, with exiftool's image data hash
        // unless the image is a JPEG hashed here.
        const xmpOnly =
          change.kind === 'image' && transaction.jpeg !== null && change.tags.every((tag) => isXmp(tag.name));
        let result: WriteAndReadResult;
        try {
          result = await writeAndRead(
            this.exiftool,
            change.path,
            {
              tags: change.tags,
              writeArgs:
                change.kind !== 'image'
                  ? SIDECAR_WRITE_ARGS
                  : [...IMAGE_WRITE_ARGS, ...containerWriteArgs(container)],
              reencodeIptc: reencodesIptc(change.tags, change.before),
            },
            { xmpOnly, imageHash: change.kind === 'image' && transaction.jpeg === null },
          );
        } catch (error) {
          // Why, in plain words: a read-only file, folder or disk, a full disk… (errors.ts).
          throw await writeFailure(change.path, error);
        }
        readBack.set(change, { after: result.after, xmpOnly });
        const before = change.before ? warningsOf(change.before).map(normalizeWarning) : [];
        for (const warning of result.warnings) {
          if (before.includes(normalizeWarning(warning))) tolerated.push(warning);
          // Accepted once the image data is found unchanged, below, and noted then.
          else if (change.kind === 'image' && isContainerWarning(container, warning)) continue;
          else
            throw new MetadataWriteError(
              'exiftool-warning',
              plainWords.exiftoolWarned(change.path, exiftoolSaid(warning)),
            );
        }
        // exiftool's -P keeps the modification time to the second only: put back the exact one.
        const state = backup.state(change.path);
        if (change.kind === 'image') await restoreTimes(state);
      }
      // A JPEG: its image data, and whether any byte outside its XMP changed (when none did, every other tag
      // is unchanged, and the XMP alone is read back to verify).
      const jpegAfter = writesImage && transaction.jpeg ? await readJpeg(imagePath) : null;
      const onlyXmpChanged =
        jpegAfter !== null && transaction.jpeg !== null && onlyXmpDiffers(transaction.jpeg, jpegAfter);
      // A JPEG XL or WebP taken apart again, by the rules of its format before the write.
      const containerAfter = container ? await readContainerImage(imagePath, container.format) : null;
      let imageAfter: TagSnapshot | null = null;
      for (const change of changes) {
        const after = await verifyChange(this.exiftool, this.extraVerification, operation, change, backup, {
          readBack: readBack.get(change),
          exiftoolHash: transaction.jpeg === null,
          onlyXmpChanged: change.kind === 'image' && onlyXmpChanged,
          container:
            change.kind === 'image' && container ? { before: container, after: containerAfter } : null,
        });
        if (change.kind === 'image') imageAfter = after;
      }
      if (!writesImage) {
        const after = await fileState(imagePath);
        if (after.size !== image.size || !sameMtime(after, image))
          throw new MetadataWriteError(
            'verification-failed',
            `${basename(imagePath)} changed during the write.`,
          );
      } else if (transaction.jpeg) {
        // A JPEG that no longer parses as one reads as a changed picture.
        if (!jpegAfter || !sameImageData(transaction.jpeg, jpegAfter))
          throw new MetadataWriteError(
            'verification-failed',
            `The image data of ${basename(imagePath)} changed (${jpegPartsHash(transaction.jpeg)} → ` +
              `${jpegAfter ? jpegPartsHash(jpegAfter) : 'no longer a JPEG'}).`,
          );
      } else {
        const hashAfter = imageAfter ? await imageHash(imagePath, imageAfter) : null;
        if (hashAfter !== hashBefore)
          throw new MetadataWriteError(
            'verification-failed',
            `The image data of ${basename(imagePath)} changed (hash ${hashBefore} → ${hashAfter}).`,
          );
        // A JPEG XL's or WebP's image data, byte for byte, besides exiftool's hash of it.
        const problem = container ? imageDataProblem(basename(imagePath), container, containerAfter) : null;
        if (problem) throw new MetadataWriteError('verification-failed', problem);
        const note = containerNote(container, containerAfter);
        if (note) tolerated.push(note);
      }
    } catch (error) {
      const problems = await backup.restore();
      const message = error instanceof Error ? error.message : String(error);
      if (problems.length > 0)
        throw new MetadataWriteError(
          'restore-failed',
          `${message} Restoring the original failed: ${problems.join('; ')}.`,
          { cause: error },
        );
      const restored = `${operation === 'write' ? 'Nothing was written' : 'Nothing was undone'}: the original files were put back.`;
      if (error instanceof MetadataWriteError)
        throw new MetadataWriteError(error.reason, `${message} ${restored}`, { cause: error });
      throw new MetadataWriteError('exiftool-error', `${message} ${restored}`, { cause: error });
    }
    await backup.discard();
    return { warnings: tolerated, intent };
  }
}

const isXmp = (tagName: string) => tagName.startsWith('XMP-');
